/**
 * The RDB reader: parses RDB files written by this package's writer and by redis-server
 * (versions 1–11; what 7.0/7.2 write in practice) and loads them into an engine through
 * `call` (SET / RPUSH / SADD / HSET / ZADD, then PEXPIREAT).
 *
 * Understood: aux fields, SELECTDB, RESIZEDB, EXPIRETIME(_MS), LRU/LFU hints (skipped),
 * FUNCTION2 (skipped: functions are not keys), strings in raw/int/LZF encodings, and the value
 * types list (1), set (2), zset (3, 5), hash (4), ziplist list/zset/hash (10, 12, 13),
 * intset (11), quicklist of ziplists (14), listpack hash/zset/set (16, 17, 20), quicklist of
 * listpacks (18, plain and packed nodes). Not understood, with an error naming the type:
 * streams (15, 19, 21), modules (6, 7, module aux), zipmap (9, Redis < 2.6).
 * The CRC-64 trailer is checked (a zero trailer means the writer had `rdbchecksum no`).
 */
import fs from 'node:fs';
import { ErrorReply } from '../../types.js';
import { crc64 } from './crc64.js';
import { decodeIntset } from './intset.js';
import { BufferSource } from './io.js';
import { emitRebuildCommands, parseScore, type StoredDb, type StoredKey, type StoredValue, type SyncCall } from './keyspace-walk.js';
import { decodeListpack } from './listpack.js';
import { OP, TYPE, readOldDouble, readPlainLength, readString, readStringBytes } from './rdb-encoding.js';
import { decodeZiplist } from './ziplist.js';

export interface RdbContents {
  readonly version: number;
  readonly aux: Map<string, string>;
  readonly dbs: StoredDb[];
  /** How many values of each RDB type byte the file held (which encodings were met). */
  readonly typeCounts: Map<number, number>;
  /** Byte offset just past the checksum (where an AOF tail starts after an RDB preamble). */
  readonly endOffset: number;
}

const TYPE_NAMES = new Map<number, string>([
  [6, 'module (v1)'],
  [7, 'module'],
  [9, 'zipmap hash'],
  [15, 'stream'],
  [19, 'stream'],
  [21, 'stream'],
]);

function pairsToZset(flat: readonly string[]): StoredValue {
  const members = new Array<string>(flat.length / 2);
  const scores = new Array<number>(flat.length / 2);
  for (let i = 0, j = 0; i < flat.length; i += 2, j++) {
    members[j] = flat[i]!;
    scores[j] = parseScore(flat[i + 1]!);
  }
  return { type: 'zset', members, scores };
}

function readStrings(src: BufferSource, n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = readString(src);
  return out;
}

function readValue(src: BufferSource, type: number): StoredValue {
  switch (type) {
    case TYPE.STRING:
      return { type: 'string', value: readString(src) };
    case TYPE.LIST:
      return { type: 'list', items: readStrings(src, readPlainLength(src, 'a list length')) };
    case TYPE.SET:
      return { type: 'set', members: readStrings(src, readPlainLength(src, 'a set size')) };
    case TYPE.HASH:
      return { type: 'hash', flat: readStrings(src, 2 * readPlainLength(src, 'a hash size')) };
    case TYPE.ZSET:
    case TYPE.ZSET_2: {
      const n = readPlainLength(src, 'a zset size');
      const members = new Array<string>(n);
      const scores = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        members[i] = readString(src);
        scores[i] = type === TYPE.ZSET_2 ? src.doubleLE() : readOldDouble(src);
      }
      return { type: 'zset', members, scores };
    }
    case TYPE.LIST_ZIPLIST:
      return { type: 'list', items: decodeZiplist(readStringBytes(src)) };
    case TYPE.SET_INTSET:
      return { type: 'set', members: decodeIntset(readStringBytes(src)) };
    case TYPE.ZSET_ZIPLIST:
      return pairsToZset(decodeZiplist(readStringBytes(src)));
    case TYPE.HASH_ZIPLIST:
      return { type: 'hash', flat: decodeZiplist(readStringBytes(src)) };
    case TYPE.LIST_QUICKLIST: {
      const nodes = readPlainLength(src, 'a quicklist node count');
      const items: string[] = [];
      for (let i = 0; i < nodes; i++) for (const x of decodeZiplist(readStringBytes(src))) items.push(x);
      return { type: 'list', items };
    }
    case TYPE.HASH_LISTPACK:
      return { type: 'hash', flat: decodeListpack(readStringBytes(src)) };
    case TYPE.ZSET_LISTPACK:
      return pairsToZset(decodeListpack(readStringBytes(src)));
    case TYPE.SET_LISTPACK:
      return { type: 'set', members: decodeListpack(readStringBytes(src)) };
    case TYPE.LIST_QUICKLIST_2: {
      const nodes = readPlainLength(src, 'a quicklist node count');
      const items: string[] = [];
      for (let i = 0; i < nodes; i++) {
        const container = readPlainLength(src, 'a quicklist container');
        const blob = readStringBytes(src);
        if (container === 1) items.push(blob.toString('latin1')); // PLAIN: one large element
        else if (container === 2) for (const x of decodeListpack(blob)) items.push(x);
        else throw new Error(`RDB: unknown quicklist container ${container} at byte ${src.pos}`);
      }
      return { type: 'list', items };
    }
    default:
      throw new Error(
        `RDB: value type ${type}${TYPE_NAMES.has(type) ? ` (${TYPE_NAMES.get(type)})` : ''} is not supported ` +
          `(supported: strings, lists, sets, sorted sets, hashes in any encoding Redis 7 writes)`,
      );
  }
}

/** Parse a whole RDB image (throws with the byte offset on anything malformed). */
export function readRdb(buf: Buffer): RdbContents {
  const src = new BufferSource(buf);
  const magic = src.bytes(9, 'the RDB header').toString('latin1');
  if (!/^REDIS\d{4}$/.test(magic)) throw new Error(`not an RDB file: header is ${JSON.stringify(magic)}, expected REDIS0001–REDIS0011`);
  const version = Number(magic.slice(5));
  if (version < 1 || version > 11) throw new Error(`RDB version ${version} is not supported (1–11)`);
  const aux = new Map<string, string>();
  const dbs: StoredDb[] = [];
  const typeCounts = new Map<number, number>();
  let db: StoredDb | undefined;
  let expireAtMs: bigint | null = null;
  for (;;) {
    const op = src.byte('an opcode');
    switch (op) {
      case OP.AUX:
        aux.set(readString(src), readString(src));
        continue;
      case OP.RESIZEDB:
        readPlainLength(src, 'a RESIZEDB size');
        readPlainLength(src, 'a RESIZEDB expires size');
        continue;
      case OP.SELECTDB: {
        const index = readPlainLength(src, 'a database number');
        db = { index, keys: [] };
        dbs.push(db);
        continue;
      }
      case OP.EXPIRETIME_MS:
        expireAtMs = src.i64LE('an expiry time');
        continue;
      case OP.EXPIRETIME:
        expireAtMs = BigInt(src.u32LE('an expiry time')) * 1000n;
        continue;
      case OP.IDLE:
        readPlainLength(src, 'an LRU idle time');
        continue;
      case OP.FREQ:
        src.byte('an LFU frequency');
        continue;
      case OP.FUNCTION2:
        readStringBytes(src); // a function library's source: not a key
        continue;
      case OP.MODULE_AUX:
        throw new Error(`RDB: module aux data at byte ${src.pos - 1} is not supported`);
      case OP.EOF: {
        const end = src.pos;
        let endOffset = end;
        if (version >= 5) {
          const stored = src.bytes(8, 'the CRC-64 trailer').readBigUInt64LE(0);
          endOffset = src.pos;
          if (stored !== 0n) {
            const computed = crc64(buf.subarray(0, end));
            if (computed !== stored) {
              throw new Error(`RDB checksum mismatch: file says 0x${stored.toString(16)}, data gives 0x${computed.toString(16)}`);
            }
          }
        }
        return { version, aux, dbs, typeCounts, endOffset };
      }
      default: {
        const key = readString(src);
        const value = readValue(src, op);
        typeCounts.set(op, (typeCounts.get(op) ?? 0) + 1);
        if (db === undefined) {
          db = { index: 0, keys: [] };
          dbs.push(db);
        }
        const entry: StoredKey = { key, expireAtMs, value };
        db.keys.push(entry);
        expireAtMs = null;
      }
    }
  }
}

export function readRdbFile(file: string): RdbContents {
  return readRdb(fs.readFileSync(file));
}

/** Items per command when loading a collection (keeps argument arrays bounded). */
const ITEMS_PER_COMMAND = 1000;

function run(call: SyncCall, args: readonly string[]): void {
  const r = call(args);
  if (r instanceof ErrorReply) throw new Error(`RDB load: ${args[0]} ${JSON.stringify(args[1])} failed: ${r.message}`);
}

/**
 * Load parsed databases into an engine through `call` (which may SELECT freely; database 0 is
 * selected at the end). Keys whose deadline has passed are skipped, as a Redis master does.
 * Returns the number of keys loaded.
 */
export function applyRdb(dbs: readonly StoredDb[], call: SyncCall): number {
  const now = BigInt(Date.now());
  let loaded = 0;
  const emit = (args: readonly string[]): void => run(call, args);
  for (const db of dbs) {
    run(call, ['SELECT', String(db.index)]);
    for (const k of db.keys) {
      if (k.expireAtMs !== null && k.expireAtMs <= now) continue;
      run(call, ['DEL', k.key]);
      emitRebuildCommands(k, ITEMS_PER_COMMAND, emit);
      loaded++;
    }
  }
  run(call, ['SELECT', '0']);
  return loaded;
}

/** Read `file` and load it into an engine through `call`; returns the number of keys loaded. */
export function loadRdb(file: string, call: SyncCall): number {
  return applyRdb(readRdbFile(file).dbs, call);
}
