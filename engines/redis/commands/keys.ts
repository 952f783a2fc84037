/**
 * Key-space commands: DEL UNLINK EXISTS TYPE EXPIRE PEXPIRE EXPIREAT PEXPIREAT (NX XX GT LT)
 * TTL PTTL PERSIST RENAME RENAMENX KEYS SCAN RANDOMKEY DBSIZE FLUSHDB FLUSHALL SELECT.
 */
import { ErrorReply, OK, StatusReply, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { type CommandSpec, F } from '../command-spec.js';
import { cText, DB_INDEX_OUT_OF_RANGE, INVALID_CURSOR, NO_SUCH_KEY, SYNTAX, invalidExpireTime } from '../errors.js';
import { expireAt } from '../database.js';
import { globMatch } from '../glob.js';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../numbers/int64.js';
import { typeName } from '../types/kinds.js';
import { intArg, is, toReply } from './args.js';

function del(c: Client, argv: readonly string[]): Reply {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.delete(argv[i]!)) n++;
  return n;
}

function exists(c: Client, argv: readonly string[]): Reply {
  let n = 0;
  for (let i = 1; i < argv.length; i++) if (c.db.lookup(argv[i]!) !== undefined) n++;
  return n;
}

const TYPE_REPLIES = new Map<string, StatusReply>(
  ['none', 'string', 'list', 'set', 'zset', 'hash'].map((t) => [t, new StatusReply(t)]),
);

function type(c: Client, argv: readonly string[]): Reply {
  const v = c.db.lookup(argv[1]!);
  return TYPE_REPLIES.get(v === undefined ? 'none' : typeName(v))!;
}

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** EXPIRE family: `unitMs` 1000 or 1; `relative` adds the current time. */
function expireGeneric(c: Client, argv: readonly string[], unitMs: number, relative: boolean, name: string): Reply {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = argv[j]!;
    if (is(o, 'NX')) flags |= EXPIRE_NX;
    else if (is(o, 'XX')) flags |= EXPIRE_XX;
    else if (is(o, 'GT')) flags |= EXPIRE_GT;
    else if (is(o, 'LT')) flags |= EXPIRE_LT;
    else return new ErrorReply(`ERR Unsupported option ${cText(o)}`);
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    return new ErrorReply('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) {
    return new ErrorReply('ERR GT and LT options at the same time are not compatible');
  }
  const parsed = parseInt64(argv[2]!);
  if (parsed === undefined) return new ErrorReply('ERR value is not an integer or out of range');
  // int64-exact overflow checks, as Redis does them, then a JS number for the clock.
  let when = BigInt(parsed);
  if (unitMs === 1000) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) return invalidExpireTime(name);
    when *= 1000n;
  }
  const base = relative ? BigInt(Date.now()) : 0n;
  if (when > INT64_MAX - base) return invalidExpireTime(name);
  when += base;
  const key = argv[1]!;
  const db = c.db;
  if (db.lookup(key) === undefined) return 0;
  const at = expireAt(when);
  if (flags) {
    const current = db.getExpire(key);
    if (flags & EXPIRE_NX && current !== undefined) return 0;
    if (flags & EXPIRE_XX && current === undefined) return 0;
    if (flags & EXPIRE_GT && (current === undefined || at <= current)) return 0;
    if (flags & EXPIRE_LT && current !== undefined && at >= current) return 0;
  }
  if (at <= Date.now()) {
    db.delete(key);
    return 1;
  }
  db.setExpire(key, at);
  return 1;
}

function ttlGeneric(c: Client, key: string, ms: boolean): Reply {
  if (c.db.lookup(key) === undefined) return -2;
  const at = c.db.getExpire(key);
  if (at === undefined) return -1;
  if (typeof at === 'bigint') {
    const ttl = at - BigInt(Date.now());
    return toReply(ms ? ttl : (ttl + 500n) / 1000n);
  }
  let ttl = at - Date.now();
  if (ttl < 0) ttl = 0;
  return ms ? ttl : Math.floor((ttl + 500) / 1000);
}

function persist(c: Client, argv: readonly string[]): Reply {
  const key = argv[1]!;
  if (c.db.lookup(key) === undefined) return 0;
  return c.db.removeExpire(key) ? 1 : 0;
}

function renameGeneric(c: Client, argv: readonly string[], nx: boolean): Reply {
  const from = argv[1]!;
  const to = argv[2]!;
  const db = c.db;
  if (db.lookup(from) === undefined) return NO_SUCH_KEY;
  if (from === to) return nx ? 0 : OK;
  if (nx && db.lookup(to) !== undefined) return 0;
  db.rename(from, to);
  return nx ? 1 : OK;
}

function keys(c: Client, argv: readonly string[]): Reply {
  const pattern = argv[1]!;
  const db = c.db;
  const out: string[] = [];
  for (const key of db.dict.keys()) {
    if (!globMatch(pattern, key)) continue;
    if (db.isExpired(key)) continue;
    out.push(key);
  }
  return out;
}

const ULONG_MAX = 18446744073709551615n;

/**
 * Parse a SCAN cursor as Redis does (strtoul: optional sign, digits, no leading space, no
 * overflow; the empty string reads as 0). Undefined means "ERR invalid cursor". Cursors this
 * engine never issued (negative ones wrap in C) simply start a new scan.
 */
export function parseCursor(s: string): number | undefined {
  if (s.length === 0) return 0;
  const m = /^([+-]?)(\d+)$/.exec(s);
  if (!m) return undefined;
  const v = BigInt(m[2]!);
  if (v > ULONG_MAX) return undefined;
  if (m[1] === '-' && v !== 0n) return 0;
  return v <= 9007199254740991n ? Number(v) : 0;
}

/** The COUNT / MATCH (/ TYPE) options shared by SCAN, SSCAN, HSCAN, ZSCAN. */
export interface ScanOptions {
  count: number;
  match: string | null;
  type: string | null;
}

export function parseScanOptions(argv: readonly string[], from: number, allowType: boolean): ScanOptions | ErrorReply {
  const opts: ScanOptions = { count: 10, match: null, type: null };
  for (let i = from; i < argv.length; i += 2) {
    const o = argv[i]!;
    const hasValue = i + 1 < argv.length;
    if (is(o, 'COUNT') && hasValue) {
      const n = intArg(argv[i + 1]!);
      if (n instanceof ErrorReply) return n;
      if (n < 1) return SYNTAX;
      opts.count = n;
    } else if (is(o, 'MATCH') && hasValue) {
      opts.match = argv[i + 1]!;
    } else if (allowType && is(o, 'TYPE') && hasValue) {
      opts.type = argv[i + 1]!;
    } else {
      return SYNTAX;
    }
  }
  return opts;
}

function scan(c: Client, argv: readonly string[]): Reply {
  const cursor = parseCursor(argv[1]!);
  if (cursor === undefined) return INVALID_CURSOR;
  const opts = parseScanOptions(argv, 2, true);
  if (opts instanceof ErrorReply) return opts;
  const db = c.db;
  const iter = c.server.cursors.resume(cursor, db.dict, () => db.dict.keys());
  const out: string[] = [];
  let visited = 0;
  let done = false;
  while (visited < opts.count) {
    const next = iter.next();
    if (next.done) {
      done = true;
      break;
    }
    visited++;
    const key = next.value;
    if (opts.match !== null && !globMatch(opts.match, key)) continue;
    if (opts.type !== null) {
      // As Redis 7.0 does it: the type lookup expires the key first, so an expired key reads
      // as type "none" (and is then no longer expired, so TYPE none returns it).
      const v = db.lookup(key);
      if ((v === undefined ? 'none' : typeName(v)) !== opts.type.toLowerCase()) continue;
      out.push(key);
      continue;
    }
    if (db.lookup(key) === undefined) continue;
    out.push(key);
  }
  const nextCursor = done ? 0 : c.server.cursors.park(db.dict, iter);
  return [String(nextCursor), out];
}

/**
 * RANDOMKEY without an O(n) walk: a persistent cursor over the keys advanced by a random
 * skip (a JS Map has no random access; Redis picks a random bucket). Expired keys found on the
 * way are deleted, as Redis does, and the search goes on.
 */
function randomkey(c: Client): Reply {
  const db = c.db;
  for (let attempt = 0; attempt < 1000 && db.dict.size !== 0; attempt++) {
    let skip = Math.floor(c.server.random.next() * Math.min(16, db.dict.size));
    let key: string | undefined;
    while (key === undefined) {
      if (db.randomCursor === null) db.randomCursor = db.dict.keys();
      const next = db.randomCursor.next();
      if (next.done) {
        db.randomCursor = null;
        continue;
      }
      if (skip-- === 0) key = next.value;
    }
    if (db.lookup(key) !== undefined) return key;
  }
  return null;
}

function flushdb(c: Client, argv: readonly string[]): Reply {
  if (argv.length > 2) return SYNTAX;
  if (argv.length === 2 && !is(argv[1]!, 'ASYNC') && !is(argv[1]!, 'SYNC')) return SYNTAX;
  c.db.flush();
  return OK;
}

function flushall(c: Client, argv: readonly string[]): Reply {
  if (argv.length > 2) return SYNTAX;
  if (argv.length === 2 && !is(argv[1]!, 'ASYNC') && !is(argv[1]!, 'SYNC')) return SYNTAX;
  c.server.flushAll();
  return OK;
}

function select(c: Client, argv: readonly string[]): Reply {
  const v = parseInt64(argv[1]!);
  if (v === undefined) return new ErrorReply('ERR value is not an integer or out of range');
  if (v > 2147483647 || v < -2147483648) {
    return new ErrorReply('ERR value is out of range, value must between -2147483648 and 2147483647');
  }
  const n = Number(v);
  if (n < 0 || n >= c.server.dbs.length) return DB_INDEX_OUT_OF_RANGE;
  c.db = c.server.dbs[n]!;
  return OK;
}

const W = F.WRITE;
const R = F.READONLY;

export const KEY_COMMANDS: readonly CommandSpec[] = [
  { name: 'del', arity: -2, flags: W, keys: [1, -1, 1], group: 'keys', summary: 'Delete keys', handler: del },
  { name: 'unlink', arity: -2, flags: W | F.FAST, keys: [1, -1, 1], group: 'keys', summary: 'Delete keys (same as DEL here)', handler: del },
  { name: 'exists', arity: -2, flags: R | F.FAST, keys: [1, -1, 1], group: 'keys', summary: 'Count existing keys', handler: exists },
  { name: 'type', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'keys', summary: 'Type of the value at a key', handler: type },
  { name: 'expire', arity: -3, flags: W | F.FAST, keys: [1, 1, 1], group: 'keys', summary: 'Set a TTL in seconds', handler: (c, a) => expireGeneric(c, a, 1000, true, 'expire') },
  { name: 'pexpire', arity: -3, flags: W | F.FAST, keys: [1, 1, 1], group: 'keys', summary: 'Set a TTL in milliseconds', handler: (c, a) => expireGeneric(c, a, 1, true, 'pexpire') },
  { name: 'expireat', arity: -3, flags: W | F.FAST, keys: [1, 1, 1], group: 'keys', summary: 'Expire at a Unix time (s)', handler: (c, a) => expireGeneric(c, a, 1000, false, 'expireat') },
  { name: 'pexpireat', arity: -3, flags: W | F.FAST, keys: [1, 1, 1], group: 'keys', summary: 'Expire at a Unix time (ms)', handler: (c, a) => expireGeneric(c, a, 1, false, 'pexpireat') },
  { name: 'ttl', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'keys', summary: 'Remaining TTL in seconds', handler: (c, a) => ttlGeneric(c, a[1]!, false) },
  { name: 'pttl', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'keys', summary: 'Remaining TTL in milliseconds', handler: (c, a) => ttlGeneric(c, a[1]!, true) },
  { name: 'persist', arity: 2, flags: W | F.FAST, keys: [1, 1, 1], group: 'keys', summary: 'Remove a TTL', handler: persist },
  { name: 'rename', arity: 3, flags: W, keys: [1, 2, 1], group: 'keys', summary: 'Rename a key', handler: (c, a) => renameGeneric(c, a, false) },
  { name: 'renamenx', arity: 3, flags: W | F.FAST, keys: [1, 2, 1], group: 'keys', summary: 'Rename if the new name is free', handler: (c, a) => renameGeneric(c, a, true) },
  { name: 'keys', arity: 2, flags: R, keys: [0, 0, 0], group: 'keys', summary: 'Keys matching a glob pattern', handler: keys },
  { name: 'scan', arity: -2, flags: R, keys: [0, 0, 0], group: 'keys', summary: 'Iterate keys with a cursor', handler: scan },
  { name: 'randomkey', arity: 1, flags: R, keys: [0, 0, 0], group: 'keys', summary: 'A random key', handler: randomkey },
  { name: 'dbsize', arity: 1, flags: R | F.FAST, keys: [0, 0, 0], group: 'keys', summary: 'Number of keys', handler: (c) => c.db.size },
  { name: 'flushdb', arity: -1, flags: W, keys: [0, 0, 0], group: 'keys', summary: 'Remove every key of this database', handler: flushdb },
  { name: 'flushall', arity: -1, flags: W, keys: [0, 0, 0], group: 'keys', summary: 'Remove every key of every database', handler: flushall },
  { name: 'select', arity: 2, flags: F.FAST, keys: [0, 0, 0], group: 'keys', summary: 'Choose the database', handler: select },
];
