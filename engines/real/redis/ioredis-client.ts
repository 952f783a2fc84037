/**
 * The ioredis path of the `redis` engine: standalone `Redis` or `Cluster` clients (one per
 * configured connection, used round-robin), with optional explicit pipelines of a fixed depth
 * or ioredis's auto-pipelining. Every command is an ioredis `Command` with Buffer replies and
 * an upper-case name (so ioredis's reply transformers — HGETALL → object — stay out of the way
 * and replies keep their RESP2 shape). Failures become `EngineError`s.
 */
import { createRequire } from 'node:module';
import type { ChainableCommander, Cluster, ClusterOptions, Command, Redis, RedisOptions } from 'ioredis';
import { EngineError, ErrorReply, type Bytes, type Reply } from '../../types.js';
import { fromIoredis, integerFromText, toEngineError } from './ioredis-replies.js';
import type { RedisAdapterOptions } from './options.js';
import { repliesWithStatus } from './status-commands.js';
import type { RedisTarget } from './url.js';

type Client = Redis | Cluster;

/**
 * ioredis is loaded on first use, not when this module is imported: its `class VerbatimString
 * extends String` makes V8 stop inlining `s.charCodeAt` in the whole process (63 vs 17 ns per
 * short string, measured in session 4), and every process that imports the engine registry —
 * `cachebench serve` and the in-process engines' runs included — would pay that without using it.
 */
let ioredisModule: typeof import('ioredis') | undefined;
function ioredis(): typeof import('ioredis') {
  return (ioredisModule ??= createRequire(import.meta.url)('ioredis') as typeof import('ioredis'));
}

const BACKOFF_INITIAL_MS = 50;
const BACKOFF_MAX_MS = 2000;

/** ioredis options shared by every connection we make. */
function baseOptions(target: RedisTarget, adapter: RedisAdapterOptions, commandTimeout: boolean): RedisOptions {
  return {
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: { ...(adapter.tls ?? {}) } } : {}),
    db: target.db,
    // ioredis 6 speaks RESP3 by default; RESP2 keeps reply shapes identical to the lean driver
    // and the in-process engine (ZRANGE … WITHSCORES as a flat array of bulk strings).
    protocol: 2,
    stringNumbers: true,
    enableAutoPipelining: adapter.autoPipelining,
    // Fail pending commands when the connection drops instead of replaying them later:
    // the run counts the failure and the client reconnects with backoff.
    maxRetriesPerRequest: 0,
    retryStrategy: (times: number) => Math.min(BACKOFF_INITIAL_MS * 2 ** Math.max(0, times - 1), BACKOFF_MAX_MS),
    connectTimeout: Math.max(1000, adapter.timeoutMs),
    ...(commandTimeout ? { commandTimeout: adapter.timeoutMs } : {}),
  };
}

/** One new ioredis client (standalone or cluster) for `target`; errors go to `onError`. */
export function newIoredis(
  target: RedisTarget,
  adapter: RedisAdapterOptions,
  onError: (err: Error) => void,
  commandTimeout = true,
  shardedSubscribers = false,
): Client {
  const options = baseOptions(target, adapter, commandTimeout);
  let client: Client;
  if (target.mode === 'cluster') {
    const clusterOptions: ClusterOptions = {
      // ioredis 6's sharded subscriber group reads its slot map wrong with stringNumbers (every
      // SSUBSCRIBE then fails); a subscriber client reads no integers that need it.
      redisOptions: shardedSubscribers ? { ...options, stringNumbers: false } : options,
      enableAutoPipelining: adapter.autoPipelining,
      clusterRetryStrategy: options.retryStrategy as (times: number) => number,
      slotsRefreshTimeout: Math.max(1000, adapter.timeoutMs),
      // One subscriber connection per master for SSUBSCRIBE (a subscriber client only).
      ...(shardedSubscribers ? { shardedSubscribers: true } : {}),
    };
    client = new (ioredis().Cluster)(
      target.nodes.map((n) => ({ host: n.host, port: n.port })),
      clusterOptions,
    );
  } else {
    const node = target.nodes[0]!;
    client = new (ioredis().Redis)({ ...options, host: node.host, port: node.port });
  }
  // Without a listener ioredis prints every connection error; the runner counts them instead.
  client.on('error', onError);
  return client;
}

/** Strings → ioredis arguments: ASCII passes as is, other byte strings as latin1 Buffers. */
export function ioredisArg(s: Bytes): string | Buffer {
  return Buffer.byteLength(s, 'utf8') === s.length ? s : Buffer.from(s, 'latin1');
}

function bytesOrNull(b: unknown): Bytes | null {
  return b === null || b === undefined ? null : (b as Buffer).toString('latin1');
}

function positive(n: unknown): boolean {
  return Number(n) >= 1;
}

export class IoredisClient {
  private readonly clients: Client[] = [];
  private rr = 0;
  private closed = false;
  private readonly depth: number;
  private readonly batches: (ChainableCommander | null)[];
  private readonly batchSizes: number[];
  private flushQueued = false;
  private readonly flushBound = (): void => this.flushBatches();
  /** Commands sent after MULTI, for the shapes of EXEC's reply; null outside a block. */
  private multiQueue: string[][] | null = null;
  lastError: string | null = null;
  private readonly mapError = (err: unknown): never => {
    throw toEngineError(err, this.closed);
  };

  /** `commandTimeout: false` for blocking commands, which may legitimately wait longer. */
  constructor(
    readonly target: RedisTarget,
    readonly adapter: RedisAdapterOptions,
    commandTimeout = true,
  ) {
    this.depth = adapter.pipeline;
    const onError = (err: Error): void => {
      this.lastError = err.message;
    };
    for (let i = 0; i < adapter.connections; i++) this.clients.push(newIoredis(target, adapter, onError, commandTimeout));
    this.batches = this.clients.map(() => null);
    this.batchSizes = this.clients.map(() => 0);
  }

  /**
   * Resolves once every client answered a PING — on a cluster, every master's connection: ioredis
   * connects to a node on its first command, and commands that meet a node still connecting can
   * overtake each other (a pub/sub room's messages then arrive out of order).
   */
  async whenReady(): Promise<void> {
    try {
      await Promise.all(this.clients.map((c) => this.issue(c, this.clients.indexOf(c), new (ioredis().Command)('PING', [], { replyEncoding: null }))));
      if (this.target.mode === 'cluster') {
        await Promise.all(this.clients.flatMap((c) => (c as Cluster).nodes('master').map((node) => node.ping())));
      }
    } catch (err) {
      // ioredis fails a command with "Reached the max retries per request limit" when the
      // connection drops; the reason (a TLS certificate it cannot verify, a refused or reset
      // connection) only came as an 'error' event. Say that reason.
      const message = err instanceof Error ? err.message : String(err);
      if (this.lastError !== null && !message.includes(this.lastError)) throw new EngineError('connection', `${this.lastError} (ioredis: ${message})`);
      throw err;
    }
  }

  /** The underlying clients (cluster node discovery in tests and stats). */
  get ioredisClients(): readonly Client[] {
    return this.clients;
  }

  private pick(): number {
    const i = this.rr;
    this.rr = i + 1 === this.clients.length ? 0 : i + 1;
    return i;
  }

  private issue(client: Client, index: number, cmd: Command): Promise<unknown> {
    if (this.closed) return Promise.reject(new EngineError('closed', 'the connection was closed'));
    if (this.depth <= 1) {
      client.sendCommand(cmd);
      return cmd.promise;
    }
    let batch = this.batches[index];
    if (!batch) {
      batch = client.pipeline();
      this.batches[index] = batch;
    }
    (batch as unknown as { sendCommand(c: Command): void }).sendCommand(cmd);
    if (++this.batchSizes[index]! >= this.depth) this.flushBatch(index);
    else if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(this.flushBound);
    }
    return cmd.promise;
  }

  private flushBatch(index: number): void {
    if (index === this.fill) this.fill = this.fill + 1 === this.clients.length ? 0 : this.fill + 1;
    const batch = this.batches[index];
    this.batches[index] = null;
    this.batchSizes[index] = 0;
    // Each command settles its own promise; exec's aggregate result is not needed.
    if (batch) batch.exec().catch(() => undefined);
  }

  private flushBatches(): void {
    this.flushQueued = false;
    for (let i = 0; i < this.batches.length; i++) if (this.batches[i]) this.flushBatch(i);
  }

  /**
   * With explicit pipelines a connection takes commands until its batch is full, then the next
   * one does: batches reach the configured depth (like redis-benchmark -P) instead of every
   * connection sending a sliver of each event-loop turn.
   */
  private fill = 0;

  private send(name: string, args: (string | Buffer)[]): Promise<unknown> {
    const i = this.depth > 1 ? this.fill : this.pick();
    return this.issue(this.clients[i]!, i, new (ioredis().Command)(name, args, { replyEncoding: null }));
  }

  /** Any command, RESP2 reply shapes; error replies are returned as `ErrorReply`. */
  call(args: readonly Bytes[]): Promise<Reply> {
    const name = (args[0] ?? '').toUpperCase();
    const rest = new Array<string | Buffer>(Math.max(0, args.length - 1));
    for (let i = 1; i < args.length; i++) rest[i - 1] = ioredisArg(args[i]!);
    let queued: string[][] | null = null;
    let inBlock = false;
    if (name === 'MULTI') this.multiQueue = [];
    else if (name === 'EXEC') {
      queued = this.multiQueue;
      this.multiQueue = null;
    } else if (name === 'DISCARD') this.multiQueue = null;
    else if (this.multiQueue !== null) {
      this.multiQueue.push(args as string[]);
      inBlock = true;
    }
    // MULTI … EXEC must stay on one connection: the first.
    const index = this.multiQueue !== null || queued !== null ? 0 : this.pick();
    const cmd = new (ioredis().Command)(name, rest, { replyEncoding: null });
    const status = inBlock || (name === 'EXEC' ? false : repliesWithStatus(args));
    return this.issue(this.clients[index]!, index, cmd).then(
      (raw) => fromIoredis(raw, status, queued),
      (err: unknown) => {
        if (err instanceof Error && err.name === 'ReplyError') return new ErrorReply(err.message);
        throw toEngineError(err, this.closed);
      },
    );
  }

  get(key: Bytes): Promise<Bytes | null> {
    return this.send('GET', [ioredisArg(key)]).then(bytesOrNull, this.mapError);
  }

  set(key: Bytes, value: Bytes, ttlMs?: number): Promise<void> {
    const args = ttlMs !== undefined && ttlMs > 0 ? [ioredisArg(key), ioredisArg(value), 'PX', String(ttlMs)] : [ioredisArg(key), ioredisArg(value)];
    return this.send('SET', args).then(() => undefined, this.mapError);
  }

  add(key: Bytes, value: Bytes, ttlMs?: number): Promise<boolean> {
    const args =
      ttlMs !== undefined && ttlMs > 0 ? [ioredisArg(key), ioredisArg(value), 'NX', 'PX', String(ttlMs)] : [ioredisArg(key), ioredisArg(value), 'NX'];
    return this.send('SET', args).then((r) => r !== null, this.mapError);
  }

  del(key: Bytes): Promise<boolean> {
    return this.send('DEL', [ioredisArg(key)]).then(positive, this.mapError);
  }

  /** On a cluster the keys may live in different slots (MGET would answer CROSSSLOT): one GET each, in parallel. */
  mget(keys: readonly Bytes[]): Promise<(Bytes | null)[]> {
    if (this.target.mode === 'cluster') return Promise.all(keys.map((k) => this.get(k)));
    return this.send('MGET', keys.map(ioredisArg)).then((r) => (r as unknown[]).map(bytesOrNull), this.mapError);
  }

  incr(key: Bytes, delta: number): Promise<number | bigint> {
    return this.send('INCRBY', [ioredisArg(key), String(delta)]).then((r) => integerFromText(String(r)), this.mapError);
  }

  expire(key: Bytes, ttlMs: number): Promise<boolean> {
    return this.send('PEXPIRE', [ioredisArg(key), String(ttlMs)]).then(positive, this.mapError);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flushBatches();
    this.closed = true;
    // disconnect() rather than quit(): quit waits for a reply a dead server never sends.
    for (const c of this.clients) c.disconnect();
  }
}
