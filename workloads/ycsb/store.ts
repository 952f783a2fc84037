/**
 * How YCSB records live in an engine. Two layouts behind one interface:
 * - `hash` (redis family with hashes): one hash per record, HGETALL / HMGET / HSET — as YCSB's
 *   redis binding does it;
 * - `record` (memcached family, the null engine, or by choice): the record serialised as JSON
 *   under its key through the shared kv operations; an update rewrites the whole record, since
 *   there is no partial update (YCSB's memcached binding likewise replaces the item).
 * Scans (workload E) use a sorted-set index of keys scored by record number, kept beside either
 * layout on redis-family engines with sorted sets (scan-index.ts).
 *
 * Each method works with sync engines without Promises and returns a Promise for async ones.
 */
import type { Awaitable, Bytes, Engine } from '../../engines/types.js';

export type StorageMode = 'hash' | 'record';

export interface RecordStore {
  readonly mode: StorageMode;
  /** Read a record: every field (`field` = −1) or one. True when the record was found. */
  read(engine: Engine, key: Bytes, field: number): Awaitable<boolean>;
  /** Write one field (`field` ≥ 0) or every field (−1) of a record. */
  update(engine: Engine, key: Bytes, field: number): Awaitable<void>;
  /** Write a whole new record; `keynum` orders it in the scan index when there is one. */
  insert(engine: Engine, key: Bytes, keynum: number): Awaitable<void>;
  /** Read up to `count` records from record number `start` on, in index order; records read. */
  scan(engine: Engine, start: number, count: number): Awaitable<number>;
  /** A stored record's fields, for checks; null when it is missing. */
  fetch(engine: Engine, key: Bytes): Promise<Map<string, Bytes> | null>;
}
