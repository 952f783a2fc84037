/**
 * The memcached-style engine as the harness sees it: the `Engine` contract (family
 * `memcached`, `sync: true`) with the shared `kv` facet and the `memcached` facet, plus the
 * factory that allocates the shared store once (`prepareShared`) and attaches any number of
 * threads to it (`create`). Every attached instance — one per worker thread — serves its own
 * calls directly against the shared memory, as each memcached worker thread serves its
 * connections; there is no engine thread.
 *
 * Input checks live here, at the edge: key lengths, exptimes, flags, deltas.
 */
import {
  EngineError,
  ErrorReply,
  type Capability,
  type Engine,
  type EngineFactory,
  type EngineInfo,
  type EngineStats,
  type KvOps,
  type McStoreResult,
  type McValue,
  type MemcachedCommands,
  type SharedEngineHandle,
  type ThreadContext,
} from '../types.js';
import { ttlMsToExptime } from './ttl.js';
import { KEY_MAX_BYTES } from './item-header.js';
import { H, MAX_STAT_SLOTS, type LayoutParams } from './layout.js';
import { StoreMemory, attachStoreMemory, createStoreMemory } from './memory.js';
import { MEMCACHED_STYLE_OPTIONS, resolveOptions } from './options.js';
import { collectGeneralStats, collectItemStats, collectSlabStats } from './stats.js';
import { DeltaOutcome, FetchedItem, STORE_REPLIES, Store, StoreMode, StoreOutcome } from './store.js';
import { verifyStore, type VerifyReport } from './verify.js';

export const ENGINE_NAME = 'memcached-style';
/** Reported as the engine version (`stats` version, `version` command). */
export const ENGINE_VERSION = '1.6-compatible cachebench';

const CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['strings']);

export const ERR_NON_NUMERIC = 'CLIENT_ERROR cannot increment or decrement non-numeric value';
export const ERR_BAD_DELTA = 'CLIENT_ERROR invalid numeric delta argument';
const U64_MAX = (1n << 64n) - 1n;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** What every thread receives from `prepareShared`: structured-cloneable. */
export interface MemcachedSharedPayload {
  readonly sab: SharedArrayBuffer;
  readonly params: LayoutParams;
}

/** Throws unless `key` is a 1..250-byte string. */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > KEY_MAX_BYTES) {
    throw new EngineError(
      'protocol',
      `key: must be 1 to ${KEY_MAX_BYTES} bytes (got ${typeof key === 'string' ? key.length + ' bytes' : typeof key})`,
    );
  }
}

function checkValue(value: string): void {
  if (typeof value !== 'string') {
    throw new EngineError('protocol', `value: must be a byte string (latin1 string, code units 0..255; got ${value === null ? 'null' : typeof value})`);
  }
}

function checkExptime(exptime: number): number {
  if (!Number.isInteger(exptime) || exptime < INT32_MIN || exptime > INT32_MAX) {
    throw new EngineError('protocol', `exptime: must be a 32-bit integer of seconds (0 never, ≤ 2592000 relative, else unix time; got ${exptime})`);
  }
  return exptime;
}

function checkFlags(flags: number): number {
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) {
    throw new EngineError('protocol', `flags: must be an integer from 0 to 4294967295 (got ${flags})`);
  }
  return flags;
}

/** A delta as the store takes it, or null when out of unsigned 64-bit range. */
function normaliseDelta(delta: bigint | number): number | bigint | null {
  if (typeof delta === 'number') return Number.isSafeInteger(delta) && delta >= 0 ? delta : null;
  if (typeof delta === 'bigint') return delta >= 0n && delta <= U64_MAX ? delta : null;
  return null;
}

class MemcachedStyleKv implements KvOps {
  constructor(private readonly store: Store) {}
  get(key: string): string | null {
    checkKey(key);
    return this.store.get(key);
  }
  set(key: string, value: string, ttlMs?: number): void {
    checkKey(key);
    checkValue(value);
    const outcome = this.store.store(StoreMode.Set, key, value, 0, ttlMsToExptime(ttlMs), 0);
    if (outcome === StoreOutcome.TooLarge) throw new EngineError('capacity', `value: ${value.length} bytes make the item larger than 1 MB`);
    if (outcome === StoreOutcome.NoMemory) throw new EngineError('capacity', 'SERVER_ERROR out of memory storing object');
  }
  add(key: string, value: string, ttlMs?: number): boolean {
    checkKey(key);
    checkValue(value);
    return this.store.store(StoreMode.Add, key, value, 0, ttlMsToExptime(ttlMs), 0) === StoreOutcome.Stored;
  }
  del(key: string): boolean {
    checkKey(key);
    return this.store.delete(key);
  }
  mget(keys: readonly string[]): (string | null)[] {
    const out = new Array<string | null>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      checkKey(keys[i]!);
      out[i] = this.store.get(keys[i]!);
    }
    return out;
  }
  incr(key: string, delta: number): number | bigint | null {
    checkKey(key);
    // The kv facet allows negative deltas; memcached expresses them as decr.
    const incr = delta >= 0;
    const d = normaliseDelta(incr ? delta : -delta);
    if (d === null) throw new EngineError('protocol', `delta: must be an integer within ±(2^53-1) (got ${delta})`);
    const value = this.store.delta(key, incr, d);
    if (this.store.deltaOutcome === DeltaOutcome.NonNumeric) throw new EngineError('reply', ERR_NON_NUMERIC);
    if (this.store.deltaOutcome === DeltaOutcome.NoMemory) throw new EngineError('capacity', 'SERVER_ERROR out of memory');
    return value;
  }
  expire(key: string, ttlMs: number): boolean {
    checkKey(key);
    return this.store.touch(key, ttlMsToExptime(ttlMs));
  }
}

class MemcachedStyleCommands implements MemcachedCommands {
  private readonly fetched = new FetchedItem();
  constructor(private readonly store: Store) {}

  private value(): McValue {
    return { value: this.fetched.value as string, flags: this.fetched.flags, cas: String(this.fetched.cas) };
  }
  get(key: string): McValue | null {
    checkKey(key);
    return this.store.fetch(key, this.fetched, false) ? this.value() : null;
  }
  getMulti(keys: readonly string[]): Map<string, McValue> {
    const out = new Map<string, McValue>();
    for (const key of keys) {
      checkKey(key);
      if (this.store.fetch(key, this.fetched, false)) out.set(key, this.value());
    }
    return out;
  }
  private storeAs(mode: StoreMode, key: string, value: string, exptime: number, flags: number, cas: number): McStoreResult {
    checkKey(key);
    checkValue(value);
    const outcome = this.store.store(mode, key, value, checkFlags(flags), checkExptime(exptime), cas);
    if (outcome === StoreOutcome.TooLarge) throw new EngineError('capacity', 'SERVER_ERROR object too large for cache');
    if (outcome === StoreOutcome.NoMemory) throw new EngineError('capacity', 'SERVER_ERROR out of memory storing object');
    return STORE_REPLIES[outcome as 0 | 1 | 2 | 3];
  }
  set(key: string, value: string, exptime = 0, flags = 0): McStoreResult {
    return this.storeAs(StoreMode.Set, key, value, exptime, flags, 0);
  }
  add(key: string, value: string, exptime = 0, flags = 0): McStoreResult {
    return this.storeAs(StoreMode.Add, key, value, exptime, flags, 0);
  }
  replace(key: string, value: string, exptime = 0, flags = 0): McStoreResult {
    return this.storeAs(StoreMode.Replace, key, value, exptime, flags, 0);
  }
  append(key: string, value: string): McStoreResult {
    return this.storeAs(StoreMode.Append, key, value, 0, 0, 0);
  }
  prepend(key: string, value: string): McStoreResult {
    return this.storeAs(StoreMode.Prepend, key, value, 0, 0, 0);
  }
  cas(key: string, value: string, cas: string, exptime = 0, flags = 0): McStoreResult {
    if (!/^[0-9]{1,20}$/.test(cas) || BigInt(cas) > U64_MAX) {
      throw new EngineError('protocol', `cas: must be a decimal unsigned 64-bit integer (got ${JSON.stringify(cas)})`);
    }
    return this.storeAs(StoreMode.Cas, key, value, exptime, flags, Number(cas));
  }
  delete(key: string): boolean {
    checkKey(key);
    return this.store.delete(key);
  }
  private delta(key: string, incr: boolean, delta: bigint | number): bigint | null | ErrorReply {
    checkKey(key);
    const d = normaliseDelta(delta);
    if (d === null) return new ErrorReply(ERR_BAD_DELTA);
    const value = this.store.delta(key, incr, d);
    switch (this.store.deltaOutcome) {
      case DeltaOutcome.Ok:
        return BigInt(value!);
      case DeltaOutcome.NotFound:
        return null;
      case DeltaOutcome.NonNumeric:
        return new ErrorReply(ERR_NON_NUMERIC);
      default:
        return new ErrorReply('SERVER_ERROR out of memory');
    }
  }
  incr(key: string, delta: bigint | number): bigint | null | ErrorReply {
    return this.delta(key, true, delta);
  }
  decr(key: string, delta: bigint | number): bigint | null | ErrorReply {
    return this.delta(key, false, delta);
  }
  touch(key: string, exptime: number): boolean {
    checkKey(key);
    return this.store.touch(key, checkExptime(exptime));
  }
  gat(key: string, exptime: number): McValue | null {
    checkKey(key);
    return this.store.fetch(key, this.fetched, false, checkExptime(exptime)) ? this.value() : null;
  }
  flushAll(delaySeconds = 0): void {
    this.store.flushAll(checkExptime(delaySeconds));
  }
}

/** One thread's attachment to a shared memcached-style store. */
export class MemcachedStyleEngine implements Engine {
  readonly info: EngineInfo;
  readonly sync = true;
  readonly kv: KvOps;
  readonly memcached: MemcachedCommands;
  /** The command layer, for the text protocol and byte-level callers. */
  readonly store: Store;
  private closed = false;
  private readonly fetchedBytes = new FetchedItem();
  private readonly slot: number;

  constructor(readonly mem: StoreMemory) {
    const slot = mem.claimStatSlot();
    if (slot < 0) {
      throw new EngineError('capacity', `memcached-style: at most ${MAX_STAT_SLOTS} engine instances may be attached to one store at once`);
    }
    this.slot = slot;
    Atomics.add(mem.i32, H.attachedThreads, 1);
    this.store = new Store(mem, slot);
    this.kv = new MemcachedStyleKv(this.store);
    this.memcached = new MemcachedStyleCommands(this.store);
    this.info = { name: ENGINE_NAME, family: 'memcached', location: 'in-process', version: ENGINE_VERSION, capabilities: CAPABILITIES };
  }

  /** get, as raw bytes (a copy) — the byte path without a latin1 string in between. */
  getBytes(key: string): Uint8Array | null {
    checkKey(key);
    return this.store.fetch(key, this.fetchedBytes, true) ? (this.fetchedBytes.value as Uint8Array) : null;
  }

  /** set from raw bytes; same outcomes as the memcached facet's set. */
  setBytes(key: string, value: Uint8Array, exptime = 0, flags = 0): McStoreResult {
    checkKey(key);
    if (!(value instanceof Uint8Array)) throw new EngineError('protocol', 'value: must be a Uint8Array');
    const outcome = this.store.store(StoreMode.Set, key, value, checkFlags(flags), checkExptime(exptime), 0);
    if (outcome === StoreOutcome.TooLarge) throw new EngineError('capacity', 'SERVER_ERROR object too large for cache');
    if (outcome === StoreOutcome.NoMemory) throw new EngineError('capacity', 'SERVER_ERROR out of memory storing object');
    return STORE_REPLIES[outcome as 0 | 1 | 2 | 3];
  }

  /** The shared buffer and its parameters, to attach more threads. */
  get payload(): MemcachedSharedPayload {
    return { sab: this.mem.sab, params: this.mem.params };
  }

  stats(): EngineStats {
    return Object.fromEntries(collectGeneralStats(this.mem, ENGINE_VERSION));
  }
  /** `stats slabs` */
  slabStats(): Map<string, number> {
    return collectSlabStats(this.mem);
  }
  /** `stats items` */
  itemStats(): Map<string, number> {
    return collectItemStats(this.mem);
  }
  /** Consistency walk of hash chains, LRU lists and free lists (see verify.ts). */
  verify(options?: { quiescent?: boolean }): VerifyReport {
    return verifyStore(this.mem, options);
  }
  flush(): void {
    this.store.flushAll(0);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.sub(this.mem.i32, H.attachedThreads, 1);
    this.mem.releaseStatSlot(this.slot);
  }
}

/** A new store with its first attached engine (main thread, no harness). */
export function openMemcachedStyle(options?: Record<string, unknown>): MemcachedStyleEngine {
  const params = resolveOptions(options);
  return new MemcachedStyleEngine(createStoreMemory(params, Math.floor(Date.now() / 1000)));
}

/** Attach another engine instance (in any thread) to a store shared through its payload. */
export function attachMemcachedStyle(payload: MemcachedSharedPayload): MemcachedStyleEngine {
  if (!payload || !(payload.sab instanceof SharedArrayBuffer)) {
    throw new EngineError('protocol', 'memcached-style: the shared payload has no SharedArrayBuffer (was it made by prepareShared?)');
  }
  return new MemcachedStyleEngine(attachStoreMemory(payload.sab, payload.params));
}

export const memcachedStyleFactory: EngineFactory = {
  name: ENGINE_NAME,
  family: 'memcached',
  location: 'in-process',
  description: 'multi-threaded memcached 1.6 semantics in one SharedArrayBuffer (slabs, LRU, striped futex locks)',
  capabilities: CAPABILITIES,
  options: MEMCACHED_STYLE_OPTIONS,
  // One statistics slot per thread in the shared buffer.
  maxThreads: MAX_STAT_SLOTS,
  validateOptions(options: Record<string, unknown>): void {
    resolveOptions(options);
  },
  async prepareShared(options: Record<string, unknown>): Promise<SharedEngineHandle> {
    const params = resolveOptions(options);
    const mem = createStoreMemory(params, Math.floor(Date.now() / 1000));
    const payload: MemcachedSharedPayload = { sab: mem.sab, params };
    return {
      payload,
      facts: {
        memoryMb: params.memoryMb,
        hashPower: params.hashPower,
        lockPower: params.lockPower,
        slabClasses: params.chunkSizes.length,
        bufferBytes: mem.sab.byteLength,
      },
    };
  },
  async create(options: Record<string, unknown>, shared: SharedEngineHandle | undefined, _thread: ThreadContext): Promise<Engine> {
    if (shared === undefined) return openMemcachedStyle(options);
    return attachMemcachedStyle(shared.payload as MemcachedSharedPayload);
  },
};
