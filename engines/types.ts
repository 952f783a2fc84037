/**
 * The engine contract: every store cachebench can drive (in-process engines, real servers,
 * the null engine) implements `Engine`. The harness and workloads only ever talk to this file.
 *
 * Conventions that hold everywhere:
 * - **Byte strings.** Keys and values are `Bytes`: JS strings whose code units are bytes 0..255
 *   ("latin1"/"binary" strings). They are binary-safe, cost nothing for the ASCII keys and values
 *   the generators produce, and convert to/from Buffers at the edge with
 *   `Buffer.from(s, 'latin1')` / `buf.toString('latin1')`. Engines never assume UTF-8.
 * - **Sync underneath.** In-process engines set `sync: true` and every method returns a plain
 *   value (never a Promise); the runner then never awaits. Remote engines set `sync: false`
 *   and return Promises. `Awaitable<T>` is the union both satisfy.
 * - **Errors.** Protocol-level error replies (`WRONGTYPE …`, `ERR value is not an integer…`,
 *   memcached `CLIENT_ERROR …`) are *replies*, returned as `ErrorReply` from the generic command
 *   paths. Failures of the transport (connection refused, timeout, server gone) are thrown or
 *   rejected as `EngineError` with a `kind` the runner counts by.
 */

/** A binary-safe byte string: every code unit is 0..255. */
export type Bytes = string;

export type Awaitable<T> = T | Promise<T>;

/** What an engine can do; a workload declares which of these it needs. */
export type Capability =
  | 'strings'
  | 'lists'
  | 'sets'
  | 'sortedSets'
  | 'hashes'
  | 'pubsub'
  | 'blocking'
  | 'persistence';

export const CAPABILITIES: readonly Capability[] = [
  'strings',
  'lists',
  'sets',
  'sortedSets',
  'hashes',
  'pubsub',
  'blocking',
  'persistence',
];

/** Which command language the engine speaks. `null` speaks only the shared `kv` subset. */
export type EngineFamily = 'redis' | 'memcached' | 'null';

/** Where the engine runs: in this process, a server we started (`managed`), or a given URL. */
export type EngineLocation = 'in-process' | 'managed' | 'remote';

export interface EngineInfo {
  /** Registry name, e.g. `redis-style`, `memcached-style`, `redis`, `redis-server`. */
  readonly name: string;
  readonly family: EngineFamily;
  readonly location: EngineLocation;
  /** Engine or server version (`redis_version`, memcached `version`, or cachebench's). */
  readonly version: string;
  readonly capabilities: ReadonlySet<Capability>;
  /**
   * Keys are spread over nodes by hash slot (Redis Cluster): a command naming several keys must
   * name keys of one slot, so workloads that need that use hash tags (`{tag}`).
   */
  readonly cluster?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Replies (RESP2-shaped) for the generic command paths.

/** A status reply such as `+OK` or `+PONG`; distinct from a bulk string holding the same text. */
export class StatusReply {
  constructor(readonly status: string) {}
  toString(): string {
    return this.status;
  }
}

/** The shared `+OK`, so the hot path never allocates one. */
export const OK: StatusReply = new StatusReply('OK');
export const QUEUED: StatusReply = new StatusReply('QUEUED');
export const PONG: StatusReply = new StatusReply('PONG');

/**
 * An error reply, message exactly as the server would send it without the leading `-`
 * (`ERR wrong number of arguments for 'get' command`, `WRONGTYPE Operation against a key …`).
 * Deliberately not an `Error`: building a stack trace per reply would dominate a 300 ns op.
 */
export class ErrorReply {
  constructor(readonly message: string) {}
  /** The first word: `ERR`, `WRONGTYPE`, `EXECABORT`, `CLIENT_ERROR`… */
  get code(): string {
    const space = this.message.indexOf(' ');
    return space < 0 ? this.message : this.message.slice(0, space);
  }
  toString(): string {
    return this.message;
  }
}

/**
 * A RESP2 reply: nil (`null`), bulk string (`Bytes`), integer (`number` when it is a safe
 * integer, `bigint` beyond ±2^53), status, error, or array (nil array is `null` too).
 */
export type Reply = null | Bytes | number | bigint | StatusReply | ErrorReply | Reply[];

/** Normalise a 64-bit integer reply: a `number` when exact, otherwise the `bigint`. */
export function intReply(n: bigint): number | bigint {
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

// ---------------------------------------------------------------------------------------------
// Transport failures.

/** Kinds of failure the runner counts; `reply` is an error reply surfaced as a failure. */
export type EngineErrorKind =
  | 'timeout'
  | 'connection'
  | 'closed'
  | 'reply'
  | 'protocol'
  | 'capacity'
  | 'unknown';

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

// ---------------------------------------------------------------------------------------------
// The operation facets.

/**
 * The subset every engine family shares; the kv and YCSB workloads use only this.
 * TTLs are milliseconds (`0` = no expiry); memcached-family engines round up to whole seconds.
 */
export interface KvOps {
  get(key: Bytes): Awaitable<Bytes | null>;
  set(key: Bytes, value: Bytes, ttlMs?: number): Awaitable<void>;
  /** Set only if absent (Redis `SET NX`, memcached `add`). True when stored. */
  add(key: Bytes, value: Bytes, ttlMs?: number): Awaitable<boolean>;
  /** True when the key existed. */
  del(key: Bytes): Awaitable<boolean>;
  /** Values in key order, `null` for misses. */
  mget(keys: readonly Bytes[]): Awaitable<(Bytes | null)[]>;
  /**
   * Add `delta` to the integer at `key`. Redis family creates a missing key at 0; memcached
   * family returns `null` for a missing key (its `incr` semantics) — workloads use `add` first.
   */
  incr(key: Bytes, delta: number): Awaitable<number | bigint | null>;
  /** Set a new TTL on an existing key (Redis `PEXPIRE`, memcached `touch`). True when found. */
  expire(key: Bytes, ttlMs: number): Awaitable<boolean>;
}

/** Redis family: any Redis command by name; the engine's capabilities say which groups work. */
export interface RedisCommands {
  /** `call(['SET', 'k', 'v', 'EX', '10'])`. Command names are case-insensitive. */
  call(args: readonly Bytes[]): Awaitable<Reply>;
  /**
   * A pub/sub subscriber connection. Messages arrive through `onMessage`.
   * Present only when the engine has the `pubsub` capability.
   */
  subscriber?(): Awaitable<Subscriber>;
  /**
   * A separate connection for blocking commands (BLPOP/BRPOP/BLMOVE), so a blocked call does not
   * hold up the engine's other traffic. Present only with the `blocking` capability.
   */
  blockingClient?(): Awaitable<RedisCommands & { close(): Awaitable<void> }>;
}

export interface Subscriber {
  subscribe(channels: readonly Bytes[]): Awaitable<void>;
  unsubscribe(channels: readonly Bytes[]): Awaitable<void>;
  psubscribe(patterns: readonly Bytes[]): Awaitable<void>;
  punsubscribe(patterns: readonly Bytes[]): Awaitable<void>;
  /**
   * Sharded pub/sub (Redis 7 `SSUBSCRIBE`; pair with `SPUBLISH`): each channel lives on the node
   * that owns its hash slot, so a cluster delivers it from one node, in order. Present where the
   * engine offers it (Redis Cluster targets).
   */
  ssubscribe?(channels: readonly Bytes[]): Awaitable<void>;
  /** `pattern` is set for pattern-matched deliveries. */
  onMessage(handler: (channel: Bytes, message: Bytes, pattern?: Bytes) => void): void;
  close(): Awaitable<void>;
}

export type McStoreResult = 'STORED' | 'NOT_STORED' | 'EXISTS' | 'NOT_FOUND';

export interface McValue {
  value: Bytes;
  flags: number;
  /** CAS unique, as a decimal string (64-bit). */
  cas: string;
}

/** Memcached family: memcached 1.6 command semantics. Exptime follows memcached's rules. */
export interface MemcachedCommands {
  get(key: Bytes): Awaitable<McValue | null>;
  /** Many keys at once; misses are absent from the map. */
  getMulti(keys: readonly Bytes[]): Awaitable<Map<Bytes, McValue>>;
  set(key: Bytes, value: Bytes, exptime?: number, flags?: number): Awaitable<McStoreResult>;
  add(key: Bytes, value: Bytes, exptime?: number, flags?: number): Awaitable<McStoreResult>;
  replace(key: Bytes, value: Bytes, exptime?: number, flags?: number): Awaitable<McStoreResult>;
  append(key: Bytes, value: Bytes): Awaitable<McStoreResult>;
  prepend(key: Bytes, value: Bytes): Awaitable<McStoreResult>;
  cas(key: Bytes, value: Bytes, cas: string, exptime?: number, flags?: number): Awaitable<McStoreResult>;
  delete(key: Bytes): Awaitable<boolean>;
  /** Unsigned 64-bit; `null` when the key is missing; ErrorReply for a non-numeric value. */
  incr(key: Bytes, delta: bigint | number): Awaitable<bigint | null | ErrorReply>;
  decr(key: Bytes, delta: bigint | number): Awaitable<bigint | null | ErrorReply>;
  touch(key: Bytes, exptime: number): Awaitable<boolean>;
  /** get-and-touch. */
  gat(key: Bytes, exptime: number): Awaitable<McValue | null>;
  flushAll(delaySeconds?: number): Awaitable<void>;
}

/**
 * The load path of remote engines (the lean RESP and memcached text drivers): kv operations bound
 * to one of `connections` connections, settled by callback while the reply is parsed — no
 * Promise per operation, and a GET reports only hit/miss and length (the value is never built).
 * Requests issued from a callback leave in that connection's next write. Callbacks must not
 * throw; `onError` may run synchronously (closed client, bad key). A lane (one pair of callbacks)
 * has one operation in flight at a time, so a driver may key per-lane state by its callbacks.
 */
export interface KvLanes {
  readonly connections: number;
  /** `onLength(byteLength)`, -1 for a miss. */
  getLength(conn: number, key: Bytes, onLength: (length: unknown) => void, onError: (err: unknown) => void): void;
  /** `ttlMs` 0 is no expiry. */
  set(conn: number, key: Bytes, value: Bytes, ttlMs: number, onDone: (v: unknown) => void, onError: (err: unknown) => void): void;
  /**
   * Optional: `getLength` of the key `prefix + index` (index a non-negative integer, in decimal),
   * which the driver writes into the request itself — no key string is built or read per
   * operation. Reading 100k key strings at random was ~10% of the load path's CPU profile (cache
   * misses on the array and each string). Drivers that route by the key's bytes (a cluster, a
   * memcached pool of several servers) may omit these; callers then use the string forms.
   */
  getLengthAt?(conn: number, prefix: string, index: number, onLength: (length: unknown) => void, onError: (err: unknown) => void): void;
  /** Optional: `set` of the key `prefix + index` (see `getLengthAt`). */
  setAt?(
    conn: number,
    prefix: string,
    index: number,
    value: Bytes,
    ttlMs: number,
    onDone: (v: unknown) => void,
    onError: (err: unknown) => void,
  ): void;
}

/** Server statistics, flattened to name → value (Redis INFO fields, memcached `stats`). */
export type EngineStats = Record<string, string | number>;

export interface Engine {
  readonly info: EngineInfo;
  /** True when every method returns plain values (never Promises). */
  readonly sync: boolean;
  readonly kv: KvOps;
  /** Present for the redis family. */
  readonly redis?: RedisCommands;
  /** Present for the memcached family. */
  readonly memcached?: MemcachedCommands;
  /** Present on remote engines whose client has a callback load path (see `KvLanes`). */
  readonly lanes?: KvLanes;
  /**
   * The client's own cumulative counters, for engines whose client does work the operations do
   * not show (a cluster client's `movedRedirects`, `askRedirects`, `tryAgainRetries`). The runner records their
   * change over the measured phase, summed over threads, as `RunResult.engine.client`.
   */
  clientCounters?(): Readonly<Record<string, number>>;
  /** Server/engine statistics, sampled before and after a run. */
  stats(): Awaitable<EngineStats>;
  /** Remove every key (FLUSHALL / flush_all). */
  flush(): Awaitable<void>;
  close(): Awaitable<void>;
}

/** Thrown when a workload needs a capability an engine lacks and has no emulation for it. */
export class CapabilityError extends Error {
  constructor(
    readonly engine: string,
    readonly workload: string,
    readonly missing: readonly Capability[],
  ) {
    super(
      `workload '${workload}' needs ${missing.join(', ')}, which engine '${engine}' does not have ` +
        `and the workload has no emulation for`,
    );
    this.name = 'CapabilityError';
  }
}

/**
 * How the harness builds engines, also inside worker threads. `prepareShared` runs once in the
 * main thread (e.g. allocate the memcached-style SharedArrayBuffer, start a managed server,
 * start the redis-style engine thread) and returns something structured-cloneable that every
 * thread passes to `create`.
 */
/**
 * One option of an engine, as its factory's table holds it: `cachebench list` prints the table
 * and the factory's unknown-option check derives the allowed names from it (engines/engine-options.ts).
 */
export interface EngineOption {
  readonly name: string;
  /** What a value may be, as a user writes it: `a | b`, `1..1024`, or a shape. */
  readonly values: string;
  /** The default, as text ('' when unset means off, or the option is required). */
  readonly default: string;
  readonly doc: string;
  /** A valid value as typed after `--engine-opt name=`; absent for values only a suite file can hold (objects). */
  readonly example?: string;
  /** Other options the example only applies with (appendfsync needs an AOF). */
  readonly exampleWith?: Readonly<Record<string, string>>;
  /** The engine cannot start without it (its `example` is then a working placeholder). */
  readonly required?: boolean;
}

export interface EngineFactory<Options = Record<string, unknown>> {
  readonly name: string;
  readonly family: EngineFamily;
  readonly location: EngineLocation;
  readonly description: string;
  readonly capabilities: ReadonlySet<Capability>;
  /** Every option the engine takes (empty when none); validation and `list` derive from it. */
  readonly options: readonly EngineOption[];
  /** Always a Redis Cluster (multi-key commands need one slot); `list` then shows how each workload copes. */
  readonly cluster?: boolean;
  /**
   * Most load-generating threads one instance can serve (fixed slots in its shared structures);
   * more is refused before anything starts. Absent: only the harness's own cap applies.
   */
  readonly maxThreads?: number;
  /**
   * Checks `options` without side effects (nothing connected or started) and throws an Error
   * naming the field and the allowed values; lets a CLI reject bad input before any run starts.
   */
  validateOptions?(options: Options): void;
  /**
   * Why these options give an engine with only the kv facet (no `memcached`/`redis` command
   * facet), or null when they do not: memcached through memjs with SASL credentials has no
   * gets/cas. An emulation that uses the command facet is then refused before anything starts.
   */
  kvOnlyReason?(options: Options): string | null;
  /** Runs once per run in the main thread; the value reaches every thread's `create`. */
  prepareShared?(options: Options, run: SharedContext): Promise<SharedEngineHandle>;
  create(options: Options, shared: SharedEngineHandle | undefined, thread: ThreadContext): Promise<Engine>;
}

/**
 * What the harness gives `prepareShared`, so engines take these as inputs instead of reaching
 * up into the harness for them.
 */
export interface SharedContext {
  /**
   * A seed derived from the run's recorded seed for engine state every thread shares (the
   * redis-style engine thread's own random choices), so a rerun repeats them.
   */
  readonly seed: number;
  /** The URL of a compiled worker file from its project-relative path (`engines/…/x.js`). */
  workerUrl(projectRelativeJs: string): URL;
}

/** Structured-cloneable state shared by all threads of a run, plus a main-thread teardown. */
export interface SharedEngineHandle {
  /** Cloneable payload given to every thread (SharedArrayBuffers, ports, URLs). */
  readonly payload: unknown;
  /** Called once in the main thread after every thread closed its engine. */
  release?(): Promise<void>;
  /** Engine/server facts worth recording (version, config), captured in the main thread. */
  readonly facts?: Record<string, string | number | boolean>;
}

export interface ThreadContext {
  /** 0-based index of this load-generating thread. */
  readonly index: number;
  readonly count: number;
  /** True when running in a worker thread rather than the main thread. */
  readonly isWorker: boolean;
  /**
   * A seed derived from the run's recorded seed and this thread, for the engine's own random
   * choices (eviction sampling, skiplist levels), so a rerun with the same seed repeats them.
   */
  readonly seed?: number;
}
