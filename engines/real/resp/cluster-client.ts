/**
 * The lean RESP driver in front of a Redis Cluster: one `RespClient` per master and a slot
 * table (CLUSTER SLOTS) routing every command by its first key's slot (`slots.ts`). It adds
 * routing only — the per-node clients, connections, parsing and batching are `RespClient`'s —
 * so a cluster is driven at the lean driver's speed, in order per node.
 *
 * Redirections: `call` follows `-MOVED slot host:port` (updates the table, connects the node if
 * new, retries) and `-ASK slot host:port` (ASKING then the command on that node), up to
 * `MAX_REDIRECTS` (with several connections per node ASKING may land on another socket; the
 * next ASK then retries, and past the limit the redirection is returned as the reply). The typed kv paths do not retry — a redirected GET
 * or SET is counted as a `MOVED` error, which in a stable cluster does not happen — but every
 * redirection schedules a table refresh, so the next operations go to the right node.
 * Commands without a key go to the first master; FLUSHALL/FLUSHDB go to every master.
 * MULTI is held until the transaction's first keyed command says which node runs it.
 */
import { EngineError, ErrorReply, type Bytes, type Reply } from '../../types.js';
import { RespClient, type RespClientOptions } from './client.js';
import { keySlot, SLOT_COUNT } from './slots.js';

const MAX_REDIRECTS = 5;

/** Commands whose first argument is not a key (they go to the first master). */
const KEYLESS = new Set([
  'PING', 'INFO', 'TIME', 'DBSIZE', 'CONFIG', 'CLUSTER', 'COMMAND', 'CLIENT', 'ECHO', 'SCRIPT', 'SELECT',
  'AUTH', 'HELLO', 'RESET', 'SAVE', 'BGSAVE', 'BGREWRITEAOF', 'LASTSAVE', 'PUBLISH', 'PUBSUB', 'SCAN',
  'RANDOMKEY', 'WAIT', 'SLOWLOG', 'LATENCY', 'MEMORY', 'OBJECT', 'DEBUG', 'FUNCTION', 'EXEC', 'DISCARD', 'UNWATCH',
]);
const EVERY_MASTER = new Set(['FLUSHALL', 'FLUSHDB']);

export interface RespClusterOptions extends Omit<RespClientOptions, 'host' | 'port' | 'db'> {
  /** Nodes to learn the slot table from (any of them). */
  readonly seeds: readonly { readonly host: string; readonly port: number }[];
}

interface Node {
  readonly key: string;
  readonly host: string;
  readonly port: number;
  readonly client: RespClient;
}

export class RespClusterClient {
  private readonly nodes = new Map<string, Node>();
  /** slot → node; filled by `refresh`. */
  private readonly table: (Node | undefined)[] = new Array(SLOT_COUNT);
  private first: Node | null = null;
  private refreshing: Promise<void> | null = null;
  /** A transaction: its node once known, and MULTI waiting to be sent there. */
  private tx: { node: Node | null; multi: { resolve(r: Reply): void; reject(e: unknown): void; promise: Promise<Reply> } | null } | null = null;
  private readonly onTypedError = (err: unknown): never => {
    if (err instanceof EngineError && /^(MOVED|ASK) /.test(err.message)) void this.refreshSoon();
    throw err;
  };

  constructor(private readonly options: RespClusterOptions) {
    if (options.seeds.length === 0) throw new Error('cluster: at least one seed node is needed');
  }

  /** Learns the slot table and connects every master (each answered a PING). */
  async whenReady(): Promise<void> {
    await this.refresh();
    await Promise.all([...this.nodes.values()].map((n) => n.client.whenReady()));
  }

  /** The masters, for per-node statistics. */
  masters(): readonly Node[] {
    return [...new Set(this.table.filter((n): n is Node => n !== undefined))];
  }

  private node(host: string, port: number): Node {
    const key = `${host}:${port}`;
    let n = this.nodes.get(key);
    if (!n) {
      const { seeds: _seeds, ...rest } = this.options;
      n = { key, host, port, client: new RespClient({ ...rest, host, port }) };
      this.nodes.set(key, n);
    }
    return n;
  }

  private async refresh(): Promise<void> {
    let lastError: unknown = null;
    const known = this.first ? [this.first, ...this.nodes.values()] : this.options.seeds.map((s) => this.node(s.host, s.port));
    for (const seed of known) {
      try {
        const reply = await seed.client.call(['CLUSTER', 'SLOTS']);
        if (reply instanceof ErrorReply) throw new EngineError('reply', reply.message);
        if (!Array.isArray(reply) || reply.length === 0) throw new EngineError('protocol', 'CLUSTER SLOTS answered no slots');
        for (const range of reply) {
          const [start, end, master] = range as [number, number, Reply[]];
          const n = this.node(String(master[0]) === '' ? seed.host : String(master[0]), Number(master[1]));
          for (let s = Number(start); s <= Number(end); s++) this.table[s] = n;
        }
        this.first = this.table[0] ?? this.first;
        return;
      } catch (err) {
        lastError = err;
      }
    }
    throw new Error(`cluster: no node answered CLUSTER SLOTS (${lastError instanceof Error ? lastError.message : String(lastError)})`);
  }

  private refreshSoon(): Promise<void> {
    this.refreshing ??= this.refresh()
      .catch(() => undefined)
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private forKey(key: Bytes): Node {
    return this.table[keySlot(key)] ?? this.first!;
  }

  private route(args: readonly Bytes[]): Node {
    const name = (args[0] ?? '').toUpperCase();
    if (args.length < 2 || KEYLESS.has(name)) return this.first!;
    return this.forKey(args[1]!);
  }

  /** Any command, routed by its first key; error replies are returned as `ErrorReply`. */
  call(args: readonly Bytes[]): Promise<Reply> {
    const name = (args[0] ?? '').toUpperCase();
    if (this.tx) return this.callInTransaction(name, args);
    if (name === 'MULTI') {
      let resolve!: (r: Reply) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<Reply>((res, rej) => ((resolve = res), (reject = rej)));
      this.tx = { node: null, multi: { resolve, reject, promise } };
      return promise;
    }
    if (EVERY_MASTER.has(name)) return Promise.all(this.masters().map((n) => n.client.call(args))).then((r) => r[0]!);
    if (name === 'WATCH') {
      const node = this.route(args);
      this.tx = { node, multi: null };
      return node.client.call(args);
    }
    return this.redirected(this.route(args), args, 0, false);
  }

  private callInTransaction(name: string, args: readonly Bytes[]): Promise<Reply> {
    const tx = this.tx!;
    if (!tx.node) tx.node = this.route(args);
    if (tx.multi) {
      const m = tx.multi;
      tx.multi = null;
      tx.node.client.call(['MULTI']).then(m.resolve, m.reject);
    }
    if (name === 'MULTI') return tx.node.client.call(args);
    const reply = tx.node.client.call(args);
    if (name === 'EXEC' || name === 'DISCARD' || name === 'UNWATCH' || name === 'RESET') this.tx = null;
    return reply;
  }

  private async redirected(node: Node, args: readonly Bytes[], hops: number, asking: boolean): Promise<Reply> {
    const reply = asking ? (await Promise.all([node.client.call(['ASKING']), node.client.call(args)]))[1]! : await node.client.call(args);
    if (!(reply instanceof ErrorReply) || hops >= MAX_REDIRECTS) return reply;
    const m = /^(MOVED|ASK) (\d+) (.+):(\d+)$/.exec(reply.message);
    if (!m) return reply;
    const target = this.node(m[3]!, Number(m[4]));
    await target.client.whenReady();
    if (m[1] === 'MOVED') {
      this.table[Number(m[2])] = target;
      void this.refreshSoon();
      return this.redirected(target, args, hops + 1, false);
    }
    return this.redirected(target, args, hops + 1, true);
  }

  get(key: Bytes): Promise<Bytes | null> {
    return this.forKey(key).client.get(key).catch(this.onTypedError);
  }
  set(key: Bytes, value: Bytes, ttlMs?: number): Promise<void> {
    return this.forKey(key).client.set(key, value, ttlMs).catch(this.onTypedError);
  }
  add(key: Bytes, value: Bytes, ttlMs?: number): Promise<boolean> {
    return this.forKey(key).client.add(key, value, ttlMs).catch(this.onTypedError);
  }
  del(key: Bytes): Promise<boolean> {
    return this.forKey(key).client.del(key).catch(this.onTypedError);
  }
  /** Keys of several slots: one GET each, in parallel (MGET would answer CROSSSLOT). */
  mget(keys: readonly Bytes[]): Promise<(Bytes | null)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }
  incr(key: Bytes, delta: number): Promise<number | bigint> {
    return this.forKey(key).client.incr(key, delta).catch(this.onTypedError);
  }
  expire(key: Bytes, ttlMs: number): Promise<boolean> {
    return this.forKey(key).client.expire(key, ttlMs).catch(this.onTypedError);
  }

  async close(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => n.client.close()));
  }
}
