/**
 * One numbered database (SELECT n): the key → value dict, the key → absolute-expiry (ms since
 * the epoch) table, lazy expiry on every lookup, and the bookkeeping every change must do
 * (memory estimate, WATCH invalidation, waking clients blocked on a list). Commands change the
 * keyspace only through these methods, so that bookkeeping cannot be forgotten.
 */
import type { RedisServer } from './server.js';
import { KeyMap } from './structures/key-map.js';
import { type Container, ENTRY_OVERHEAD, type RedisValue } from './types/kinds.js';

/** An absolute expiry time in ms: number when exact, bigint beyond 2^53. */
export type ExpireAt = number | bigint;

/** The exact expiry for a bigint computed with int64 checks. */
export function expireAt(ms: bigint): ExpireAt {
  return ms <= 9007199254740991n ? Number(ms) : ms;
}

export class Database {
  readonly dict = new KeyMap<RedisValue>();
  /**
   * Absolute expiry in ms since the epoch. A number while exact (< 2^53); a bigint beyond, so
   * that TTLs near int64's end read back exactly as Redis's do (JS compares the two kinds exactly).
   */
  readonly expires = new KeyMap<ExpireAt>();
  /** Last access time per key (ms), kept only while an LRU eviction policy is active. */
  readonly lru = new KeyMap<number>();
  /** Rotating iterators for active expiry and eviction sampling (Redis scans with a cursor too). */
  expireCursor: Iterator<[string, ExpireAt]> | null = null;
  sampleCursor: Iterator<string> | null = null;
  volatileSampleCursor: Iterator<string> | null = null;
  randomCursor: Iterator<string> | null = null;

  constructor(
    readonly id: number,
    readonly server: RedisServer,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  /** The value at key, expiring it first when its time has come. Counts no hit or miss. */
  lookup(key: string): RedisValue | undefined {
    const v = this.dict.map.get(key);
    if (v === undefined) return undefined;
    if (this.expires.size !== 0) {
      const at = this.expires.get(key);
      if (at !== undefined && at <= Date.now()) {
        this.deleteExpired(key);
        return undefined;
      }
    }
    if (this.server.trackLru) this.lru.set(key, Date.now());
    return v;
  }

  /** Lookup for a read command: counts keyspace hits and misses like Redis. */
  lookupRead(key: string): RedisValue | undefined {
    const v = this.lookup(key);
    if (v === undefined) this.server.stats.keyspaceMisses++;
    else this.server.stats.keyspaceHits++;
    return v;
  }

  /** True when the key exists and is logically expired (without deleting it). */
  isExpired(key: string): boolean {
    const at = this.expires.get(key);
    return at !== undefined && at <= Date.now();
  }

  /** Delete an expired key (lazily or by the active cycle): counted as expired, wakes WATCH, observed. */
  deleteExpired(key: string): void {
    this.remove(key);
    this.server.stats.expiredKeys++;
    this.server.touchWatched(this, key);
    const observer = this.server.onKeyRemoved;
    if (observer !== null) observer(this.id, key, 'expired');
  }

  private remove(key: string): RedisValue | undefined {
    const v = this.dict.get(key);
    if (v === undefined) return undefined;
    this.dict.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.lru.size !== 0) this.lru.delete(key);
    const mem = this.server.memory;
    if (typeof v === 'string') mem.used -= ENTRY_OVERHEAD + key.length + v.length;
    else mem.used -= ENTRY_OVERHEAD + key.length + v.bytes;
    return v;
  }

  /** DEL: true when the key existed (an expired key counts as absent). */
  delete(key: string): boolean {
    if (this.lookup(key) === undefined) return false;
    this.remove(key);
    this.server.touchWatched(this, key);
    return true;
  }

  /**
   * Store a string, replacing whatever was there. The TTL is cleared unless `keepTtl`.
   * The hot path of SET: one get, one set, no allocation.
   */
  setString(key: string, value: string, keepTtl: boolean): void {
    const dict = this.dict;
    const server = this.server;
    if (server.config.maxmemory === 0 && dict.trySetFast(key, value)) {
      // No memory limit: one Map operation; the estimate is recomputed when someone asks.
      server.memoryStale = true;
    } else {
      const old = dict.map.get(key);
      const mem = server.memory;
      if (old === undefined) mem.used += ENTRY_OVERHEAD + key.length + value.length;
      else if (typeof old === 'string') mem.used += value.length - old.length;
      else mem.used += value.length - old.bytes;
      dict.put(key, value, old !== undefined);
    }
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    if (server.trackLru) this.lru.set(key, Date.now());
    if (server.watchedKeyCount !== 0) server.touchWatched(this, key);
  }

  /** The memory estimate of this database's keys and values, computed from scratch. */
  measureMemory(): number {
    let total = 0;
    for (const [key, v] of this.dict) total += ENTRY_OVERHEAD + key.length + (typeof v === 'string' ? v.length : v.bytes);
    return total;
  }

  /** Store any value (replacing), clearing the TTL unless `keepTtl`. */
  setValue(key: string, value: RedisValue, keepTtl: boolean): void {
    if (typeof value === 'string') return this.setString(key, value, keepTtl);
    const ttl = keepTtl ? this.expires.get(key) : undefined;
    this.remove(key);
    this.dict.set(key, value);
    this.server.memory.used += ENTRY_OVERHEAD + key.length; // the container counted itself
    if (ttl !== undefined) this.expires.set(key, ttl);
    if (this.server.trackLru) this.lru.set(key, Date.now());
    this.server.touchWatched(this, key);
  }

  /** Add a new container at a key known to be absent (e.g. the first LPUSH). */
  addContainer(key: string, value: Container): void {
    this.dict.set(key, value);
    this.server.memory.used += ENTRY_OVERHEAD + key.length;
    if (this.server.trackLru) this.lru.set(key, Date.now());
  }

  /** After an in-place change to a container: drop it if now empty, wake WATCH. */
  modified(key: string, value: Container): void {
    const empty = value.kind === 'list' ? value.length === 0 : value.size === 0;
    if (empty) this.remove(key);
    if (this.server.watchedKeyCount !== 0) this.server.touchWatched(this, key);
  }

  /** Signal that a list at `key` gained elements (serves blocked BLPOP/BRPOP/BLMOVE). */
  listPushed(key: string): void {
    if (this.server.blocking.waitingCount !== 0) this.server.blocking.keyReady(this, key);
  }

  /** Absolute expiry in ms, or undefined when the key has none. */
  getExpire(key: string): ExpireAt | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  setExpire(key: string, atMs: ExpireAt): void {
    this.expires.set(key, atMs);
    if (this.server.watchedKeyCount !== 0) this.server.touchWatched(this, key);
  }

  /** PERSIST: true when a TTL was removed. */
  removeExpire(key: string): boolean {
    if (this.expires.size === 0 || !this.expires.delete(key)) return false;
    if (this.server.watchedKeyCount !== 0) this.server.touchWatched(this, key);
    return true;
  }

  /** RENAME / SMOVE-style transfer of a value with its TTL to another key. */
  rename(from: string, to: string): void {
    const v = this.dict.get(from)!;
    const ttl = this.expires.get(from);
    this.remove(from);
    this.server.touchWatched(this, from);
    if (typeof v === 'string') this.setString(to, v, false);
    else this.setValue(to, v, false);
    if (ttl !== undefined) this.expires.set(to, ttl);
    if (typeof v !== 'string' && v.kind === 'list') this.listPushed(to);
  }

  /** FLUSHDB: every key goes; watchers of existing keys are told. */
  flush(): number {
    const n = this.dict.size;
    if (this.server.watchedKeyCount !== 0) {
      for (const key of this.dict.keys()) this.server.touchWatched(this, key);
    }
    const mem = this.server.memory;
    for (const [key, v] of this.dict) {
      mem.used -= ENTRY_OVERHEAD + key.length + (typeof v === 'string' ? v.length : v.bytes);
    }
    this.dict.clear();
    this.expires.clear();
    this.lru.clear();
    this.expireCursor = null;
    this.sampleCursor = null;
    this.volatileSampleCursor = null;
    this.randomCursor = null;
    return n;
  }

  /** Evict a key chosen by the eviction policy. */
  evict(key: string): void {
    this.remove(key);
    this.server.stats.evictedKeys++;
    this.server.touchWatched(this, key);
    const observer = this.server.onKeyRemoved;
    if (observer !== null) observer(this.id, key, 'evicted');
  }
}
