/**
 * The redis-style engine as the harness sees it: the `Engine` contract (family `redis`,
 * `sync: true`) over one `RedisServer`. `kv` is the hot path (GET/SET/… straight to the
 * keyspace, no argument arrays); `redis.call` runs any command through the command table as the
 * engine's default client; `subscriber()` and `blockingClient()` open further sessions on the
 * same keyspace. Only a blocking command that really has to wait returns a Promise.
 */
import {
  type Capability,
  type Engine,
  type EngineInfo,
  type EngineStats,
  EngineError,
  ErrorReply,
  type KvOps,
  type RedisCommands,
  type Reply,
  type Subscriber,
} from '../types.js';
import { Client } from './client.js';
import { infoSections } from './commands/server.js';
import { incrBy } from './commands/strings.js';
import type { RedisStyleConfig } from './config.js';
import { OOM, WRONGTYPE } from './errors.js';
import { ENGINE_VERSION, RedisServer, type BoundCommand } from './server.js';
import type { KeyRemovedObserver } from './key-removal.js';
import { PushSubscriber } from './push-subscriber.js';

export const ENGINE_NAME = 'redis-style';

export const CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'strings',
  'lists',
  'sets',
  'sortedSets',
  'hashes',
  'pubsub',
  'blocking',
]);

function badTtl(ttlMs: unknown): never {
  throw new EngineError('protocol', `ttlMs: must be a number of milliseconds ≥ 0, 0 for no expiry (got ${String(ttlMs)})`);
}

function replyError(e: ErrorReply): EngineError {
  return new EngineError(e.code === 'OOM' ? 'capacity' : 'reply', e.message);
}

/** The shared kv subset, straight to the default client's database. */
export class RedisKv implements KvOps {
  private readonly getCmd: BoundCommand;
  private readonly setCmd: BoundCommand;
  private readonly delCmd: BoundCommand;
  private readonly mgetCmd: BoundCommand;
  private readonly incrCmd: BoundCommand;
  private readonly expireCmd: BoundCommand;

  constructor(
    private readonly server: RedisServer,
    private readonly client: Client,
  ) {
    const cmd = (n: string): BoundCommand => server.commands.get(n)!;
    this.getCmd = cmd('get');
    this.setCmd = cmd('set');
    this.delCmd = cmd('del');
    this.mgetCmd = cmd('mget');
    this.incrCmd = cmd('incrby');
    this.expireCmd = cmd('pexpire');
  }

  get(key: string): string | null {
    this.getCmd.calls++;
    const v = this.client.db.lookupRead(key);
    if (typeof v === 'string') return v;
    if (v === undefined) return null;
    throw replyError(WRONGTYPE);
  }

  private room(cmd: BoundCommand): void {
    if (this.server.config.maxmemory !== 0 && !this.server.makeRoom()) {
      cmd.rejectedCalls++;
      throw replyError(OOM);
    }
  }

  set(key: string, value: string, ttlMs?: number): void {
    if (ttlMs !== undefined && !(ttlMs >= 0)) badTtl(ttlMs);
    const cmd = this.setCmd;
    if (this.server.config.maxmemory !== 0) this.room(cmd);
    cmd.calls++;
    const db = this.client.db;
    db.setString(key, value, false);
    if (ttlMs !== undefined && ttlMs > 0) db.setExpire(key, Date.now() + ttlMs);
  }

  add(key: string, value: string, ttlMs?: number): boolean {
    if (ttlMs !== undefined && !(ttlMs >= 0)) badTtl(ttlMs);
    const cmd = this.setCmd;
    if (this.server.config.maxmemory !== 0) this.room(cmd);
    cmd.calls++;
    const db = this.client.db;
    if (db.lookup(key) !== undefined) return false;
    db.setString(key, value, false);
    if (ttlMs !== undefined && ttlMs > 0) db.setExpire(key, Date.now() + ttlMs);
    return true;
  }

  del(key: string): boolean {
    this.delCmd.calls++;
    return this.client.db.delete(key);
  }

  mget(keys: readonly string[]): (string | null)[] {
    this.mgetCmd.calls++;
    const db = this.client.db;
    const out = new Array<string | null>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const v = db.lookupRead(keys[i]!);
      out[i] = typeof v === 'string' ? v : null;
    }
    return out;
  }

  incr(key: string, delta: number): number | bigint {
    const cmd = this.incrCmd;
    if (this.server.config.maxmemory !== 0) this.room(cmd);
    cmd.calls++;
    if (!Number.isSafeInteger(delta)) {
      throw new EngineError('protocol', `delta: must be a safe integer (got ${delta})`);
    }
    const r = incrBy(this.client, key, delta);
    if (r instanceof ErrorReply) {
      cmd.failedCalls++;
      throw replyError(r);
    }
    return r;
  }

  expire(key: string, ttlMs: number): boolean {
    if (typeof ttlMs !== 'number' || Number.isNaN(ttlMs)) badTtl(ttlMs);
    this.expireCmd.calls++;
    const db = this.client.db;
    if (db.lookup(key) === undefined) return false;
    if (ttlMs <= 0) db.delete(key);
    else db.setExpire(key, Date.now() + ttlMs);
    return true;
  }
}

/** A pub/sub session: pushes are delivered to handlers after the publishing command returns. */
class RedisSubscriber extends PushSubscriber {
  private readonly queue: Reply[][] = [];
  private flushScheduled = false;

  constructor(private readonly client: Client) {
    super();
    client.push = (push) => {
      this.queue.push(push);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => this.flush());
      }
    };
  }

  private flush(): void {
    this.flushScheduled = false;
    this.deliver(this.queue.splice(0, this.queue.length));
  }

  protected run(argv: string[]): void {
    const r = this.client.call(argv);
    if (r instanceof ErrorReply) throw replyError(r);
  }

  close(): void {
    this.client.close();
  }
}

/** The `redis` facet: the default client, plus factories for further sessions. */
class RedisFacet implements RedisCommands {
  constructor(
    private readonly server: RedisServer,
    private readonly client: Client,
  ) {}

  call(args: readonly string[]): Reply | Promise<Reply> {
    return this.client.call(args);
  }

  subscriber(): Subscriber {
    return new RedisSubscriber(new Client(this.server));
  }

  blockingClient(): RedisCommands & { close(): void } {
    const client = new Client(this.server);
    return {
      call: (args: readonly string[]) => client.call(args),
      close: () => client.close(),
    };
  }

  /** A plain extra session (its own SELECT, MULTI and WATCH state). */
  session(): Client {
    return new Client(this.server);
  }
}

export class RedisStyleEngine implements Engine {
  readonly info: EngineInfo;
  readonly sync = true;
  readonly server: RedisServer;
  readonly client: Client;
  readonly kv: RedisKv;
  readonly redis: RedisFacet;

  /** @param seed seeds the engine's own random choices; a fixed default without a run */
  constructor(config: Partial<RedisStyleConfig> = {}, seed?: number) {
    this.server = new RedisServer(config, seed);
    this.client = new Client(this.server);
    this.kv = new RedisKv(this.server, this.client);
    this.redis = new RedisFacet(this.server, this.client);
    this.info = { name: ENGINE_NAME, family: 'redis', location: 'in-process', version: ENGINE_VERSION, capabilities: CAPABILITIES };
  }

  /** INFO fields flattened (`used_memory`, `keyspace_hits`, `cmdstat_get` …). */
  stats(): EngineStats {
    const out: EngineStats = {};
    for (const fields of infoSections(this.server).values()) {
      for (const [k, v] of fields) out[k] = v;
    }
    return out;
  }

  /** Observer of evictions and expiries (persistence logs them as DEL); see key-removal.ts. */
  get onKeyRemoved(): KeyRemovedObserver | null {
    return this.server.onKeyRemoved;
  }

  set onKeyRemoved(observer: KeyRemovedObserver | null) {
    this.server.onKeyRemoved = observer;
  }

  flush(): void {
    this.server.flushAll();
  }

  close(): void {
    this.client.close();
    this.server.close();
  }
}
