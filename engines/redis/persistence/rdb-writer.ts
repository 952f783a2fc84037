/**
 * The RDB writer: a snapshot of the keyspace as an RDB version 10 file (Redis 7.0's format),
 * which `redis-check-rdb` accepts and redis-server 7 loads.
 *
 * Layout written: `REDIS0010`, aux fields (redis-ver, redis-bits, ctime, used-mem, aof-base),
 * then per non-empty database SELECTDB + RESIZEDB, then each key as [EXPIRETIME_MS] type key
 * value, then EOF and the CRC-64/Jones of everything before it (little-endian).
 * Value encodings are the plain, encoding-independent ones every Redis since 2.x loads:
 * 0 string (integer-encoded when a canonical int32, LZF when compression is on and it pays),
 * 1 list, 2 set, 4 hash, 5 zset2 (scores as little-endian binary doubles, so they round-trip
 * bit for bit). Redis re-encodes small collections as listpacks/intsets when it loads them.
 */
import type { Reply } from '../../types.js';
import { Crc64 } from './crc64.js';
import { BufferSink, writeFileDurably } from './io.js';
import { OP, RDB_MAGIC, RDB_VERSION, TYPE, writeLength, writeString } from './rdb-encoding.js';
import { type StoredDb, type StoredKey, walkKeyspace, withSession } from './keyspace-walk.js';

export interface RdbWriteOptions {
  /** LZF-compress strings longer than 20 bytes when it saves space (Redis `rdbcompression`). @default true */
  compress?: boolean;
  /** Written as the `redis-ver` aux field. @default '7.0.15' */
  redisVersion?: string;
  /** Written as `ctime` (seconds). @default now */
  ctimeSec?: number;
  /** Written as `used-mem`. @default 0 */
  usedMemory?: number;
}

function writeAux(out: BufferSink, name: string, value: string): void {
  out.byte(OP.AUX);
  writeString(out, name, false);
  writeString(out, value, false);
}

function writeKey(out: BufferSink, entry: StoredKey, compress: boolean): void {
  if (entry.expireAtMs !== null) {
    out.byte(OP.EXPIRETIME_MS);
    out.i64LE(entry.expireAtMs);
  }
  const v = entry.value;
  switch (v.type) {
    case 'string':
      out.byte(TYPE.STRING);
      writeString(out, entry.key, compress);
      writeString(out, v.value, compress);
      return;
    case 'list':
      out.byte(TYPE.LIST);
      writeString(out, entry.key, compress);
      writeLength(out, v.items.length);
      for (const item of v.items) writeString(out, item, compress);
      return;
    case 'set':
      out.byte(TYPE.SET);
      writeString(out, entry.key, compress);
      writeLength(out, v.members.length);
      for (const m of v.members) writeString(out, m, compress);
      return;
    case 'hash':
      out.byte(TYPE.HASH);
      writeString(out, entry.key, compress);
      writeLength(out, v.flat.length / 2);
      for (const s of v.flat) writeString(out, s, compress);
      return;
    case 'zset':
      out.byte(TYPE.ZSET_2);
      writeString(out, entry.key, compress);
      writeLength(out, v.members.length);
      // Redis writes from the tail so loading appends in order; any order loads correctly.
      for (let i = v.members.length - 1; i >= 0; i--) {
        writeString(out, v.members[i]!, compress);
        out.doubleLE(v.scores[i]!);
      }
      return;
  }
}

/** The whole RDB file for `dbs` as bytes. */
export function encodeRdb(dbs: readonly StoredDb[], options: RdbWriteOptions = {}): Buffer {
  const compress = options.compress ?? true;
  const out = new BufferSink();
  out.writeLatin1(RDB_MAGIC + String(RDB_VERSION).padStart(4, '0'));
  writeAux(out, 'redis-ver', options.redisVersion ?? '7.0.15');
  writeAux(out, 'redis-bits', '64');
  writeAux(out, 'ctime', String(options.ctimeSec ?? Math.floor(Date.now() / 1000)));
  writeAux(out, 'used-mem', String(options.usedMemory ?? 0));
  writeAux(out, 'aof-base', '0');
  for (const db of dbs) {
    out.byte(OP.SELECTDB);
    writeLength(out, db.index);
    out.byte(OP.RESIZEDB);
    writeLength(out, db.keys.length);
    let volatile = 0;
    for (const k of db.keys) if (k.expireAtMs !== null) volatile++;
    writeLength(out, volatile);
    for (const k of db.keys) writeKey(out, k, compress);
  }
  out.byte(OP.EOF);
  const crc = new Crc64();
  crc.update(out.bytes());
  out.write(crc.bytesLE());
  return Buffer.from(out.bytes());
}

/** Anything with a Redis command entry point (an Engine's `redis` facet). */
export interface RedisFacetLike {
  call(args: readonly string[]): Reply | Promise<Reply>;
  blockingClient?(): unknown;
}

/**
 * Snapshot the engine's keyspace to `file` (atomically replaced, fsynced), like Redis's SAVE:
 * it runs synchronously, so the engine serves nothing else meanwhile. Returns the bytes written.
 */
export function saveRdb(redis: RedisFacetLike, file: string, options: RdbWriteOptions & { selectedDb?: number } = {}): number {
  const dbs = withSession(redis, options.selectedDb ?? 0, walkKeyspace);
  const bytes = encodeRdb(dbs, options);
  writeFileDurably(file, bytes);
  return bytes.length;
}
