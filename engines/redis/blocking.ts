/**
 * Blocking list operations (BLPOP, BRPOP, BLMOVE): clients that found every key empty wait
 * here, queued per key in arrival order. When a push makes a key ready, the oldest waiter on
 * that key is served first (after the pushing command finishes, as Redis does), and serving a
 * BLMOVE can make its destination ready in turn. A timeout answers nil. This is the one place
 * where the synchronous engine hands out Promises.
 */
import type { Reply } from '../types.js';
import type { Client } from './client.js';
import type { Database } from './database.js';
import type { RedisServer } from './server.js';

export interface BlockedOp {
  readonly client: Client;
  readonly db: Database;
  readonly keys: readonly string[];
  /** Try to serve from `key`; undefined when it still has nothing for this op. */
  readonly serve: (key: string) => Reply | undefined;
  /** Reply on timeout (a nil array for BLPOP/BRPOP, a nil bulk for BLMOVE). */
  readonly timeoutReply: Reply;
  resolve: (r: Reply) => void;
  timer: NodeJS.Timeout | null;
}

export class BlockingManager {
  private readonly waiting = new Map<Database, Map<string, BlockedOp[]>>();
  private readonly ready = new Map<Database, Set<string>>();
  private readonly byClient = new Map<Client, BlockedOp>();
  waitingCount = 0;
  readyCount = 0;

  constructor(private readonly server: RedisServer) {}

  /** Number of clients currently blocked (INFO blocked_clients). */
  get blockedClients(): number {
    return this.byClient.size;
  }

  /** Park a client; the returned promise settles when served or timed out. */
  block(
    client: Client,
    keys: readonly string[],
    timeoutMs: number,
    timeoutReply: Reply,
    serve: (key: string) => Reply | undefined,
  ): Promise<Reply> {
    return new Promise<Reply>((resolve) => {
      const op: BlockedOp = { client, db: client.db, keys, serve, timeoutReply, resolve, timer: null };
      let perKey = this.waiting.get(op.db);
      if (!perKey) this.waiting.set(op.db, (perKey = new Map()));
      for (const key of keys) {
        let queue = perKey.get(key);
        if (!queue) perKey.set(key, (queue = []));
        if (!queue.includes(op)) queue.push(op);
      }
      this.byClient.set(client, op);
      this.waitingCount++;
      if (timeoutMs > 0) {
        op.timer = setTimeout(() => {
          this.unregister(op);
          resolve(timeoutReply);
        }, timeoutMs);
      }
    });
  }

  private unregister(op: BlockedOp): void {
    if (this.byClient.get(op.client) !== op) return;
    this.byClient.delete(op.client);
    this.waitingCount--;
    if (op.timer) clearTimeout(op.timer);
    op.timer = null;
    const perKey = this.waiting.get(op.db);
    if (!perKey) return;
    for (const key of op.keys) {
      const queue = perKey.get(key);
      if (!queue) continue;
      const i = queue.indexOf(op);
      if (i >= 0) queue.splice(i, 1);
      if (queue.length === 0) perKey.delete(key);
    }
  }

  /** A list at `key` gained elements: remember it; served after the current command. */
  keyReady(db: Database, key: string): void {
    if (!this.waiting.get(db)?.has(key)) return;
    let set = this.ready.get(db);
    if (!set) this.ready.set(db, (set = new Set()));
    if (!set.has(key)) {
      set.add(key);
      this.readyCount++;
    }
  }

  /** Serve waiters on every ready key, oldest first, until nothing more can be served. */
  serveReady(): void {
    while (this.readyCount !== 0) {
      const [db, keys] = this.ready.entries().next().value as [Database, Set<string>];
      const key = keys.values().next().value as string;
      keys.delete(key);
      if (keys.size === 0) this.ready.delete(db);
      this.readyCount--;
      const queue = this.waiting.get(db)?.get(key);
      while (queue && queue.length !== 0) {
        const op = queue[0]!;
        const reply = op.serve(key);
        if (reply === undefined) break;
        this.unregister(op);
        op.resolve(reply);
      }
    }
  }

  /** A client went away while blocked. */
  cancel(client: Client): void {
    const op = this.byClient.get(client);
    if (op) {
      this.unregister(op);
      op.resolve(op.timeoutReply);
    }
  }

  closeAll(): void {
    for (const op of [...this.byClient.values()]) {
      this.unregister(op);
      op.resolve(op.timeoutReply);
    }
  }
}
