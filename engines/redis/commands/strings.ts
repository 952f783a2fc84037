/**
 * String commands: GET SET (EX PX EXAT PXAT NX XX KEEPTTL GET) SETNX SETEX PSETEX MGET MSET
 * MSETNX GETSET GETDEL GETEX APPEND STRLEN INCR INCRBY INCRBYFLOAT DECR DECRBY GETRANGE
 * SETRANGE. Integers are int64-exact (BigInt beyond 2^53); INCRBYFLOAT computes in an
 * emulated 80-bit long double and prints like Redis's `%.17Lf` with trailing zeros cut.
 */
import { ErrorReply, OK, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { type CommandSpec, F } from '../command-spec.js';
import {
  DECR_OVERFLOW,
  NAN_OR_INF,
  NOT_FLOAT,
  NOT_INTEGER,
  OVERFLOW,
  STRING_TOO_LONG,
  SYNTAX,
  WRONGTYPE,
  invalidExpireTime,
  wrongArity,
} from '../errors.js';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../numbers/long-double.js';
import { INT64_MAX, INT64_MIN, addInt64, int64ToString, parseInt64 } from '../numbers/int64.js';
import { is, readString } from './args.js';
import { type ExpireAt, expireAt } from '../database.js';

/** Redis's proto-max-bulk-len: the largest string SETRANGE/APPEND may build. */
export const MAX_STRING_LENGTH = 512 * 1024 * 1024;

const OBJ_NX = 1;
const OBJ_XX = 2;
const OBJ_EX = 4;
const OBJ_PX = 8;
const OBJ_KEEPTTL = 16;
const OBJ_GET = 32;
const OBJ_EXAT = 64;
const OBJ_PXAT = 128;
const OBJ_PERSIST = 256;
const ANY_EXPIRE = OBJ_EX | OBJ_PX | OBJ_EXAT | OBJ_PXAT;

interface ExtendedArgs {
  flags: number;
  expire: string | null;
}

/** SET's and GETEX's option grammar, with Redis's rules for which options exclude which. */
function parseExtended(argv: readonly string[], forSet: boolean): ExtendedArgs | ErrorReply {
  let flags = 0;
  let expire: string | null = null;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const o = argv[j]!;
    const hasNext = j + 1 < argv.length;
    if (forSet && is(o, 'NX') && !(flags & OBJ_XX)) flags |= OBJ_NX;
    else if (forSet && is(o, 'XX') && !(flags & OBJ_NX)) flags |= OBJ_XX;
    else if (forSet && is(o, 'GET')) flags |= OBJ_GET;
    else if (forSet && is(o, 'KEEPTTL') && !(flags & (OBJ_PERSIST | ANY_EXPIRE))) flags |= OBJ_KEEPTTL;
    else if (!forSet && is(o, 'PERSIST') && !(flags & (ANY_EXPIRE | OBJ_KEEPTTL))) flags |= OBJ_PERSIST;
    else if (is(o, 'EX') && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) && hasNext) {
      flags |= OBJ_EX;
      expire = argv[++j]!;
    } else if (is(o, 'PX') && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT)) && hasNext) {
      flags |= OBJ_PX;
      expire = argv[++j]!;
    } else if (is(o, 'EXAT') && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT)) && hasNext) {
      flags |= OBJ_EXAT;
      expire = argv[++j]!;
    } else if (is(o, 'PXAT') && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX)) && hasNext) {
      flags |= OBJ_PXAT;
      expire = argv[++j]!;
    } else return SYNTAX;
  }
  return { flags, expire };
}

/** The absolute expiry in ms for an EX/PX/EXAT/PXAT argument, or Redis's error. */
function expireMs(text: string, flags: number, command: string): ExpireAt | ErrorReply {
  const v = parseInt64(text);
  if (v === undefined) return NOT_INTEGER;
  let ms = BigInt(v);
  const seconds = (flags & (OBJ_EX | OBJ_EXAT)) !== 0;
  if (ms <= 0n || (seconds && ms > INT64_MAX / 1000n)) return invalidExpireTime(command);
  if (seconds) ms *= 1000n;
  if (flags & (OBJ_EX | OBJ_PX)) ms += BigInt(Date.now());
  if (ms <= 0n || ms > INT64_MAX) return invalidExpireTime(command);
  return expireAt(ms);
}

function get(c: Client, argv: readonly string[]): Reply {
  const v = c.db.lookupRead(argv[1]!);
  if (v === undefined || typeof v === 'string') return v ?? null;
  return WRONGTYPE;
}

function set(c: Client, argv: readonly string[]): Reply {
  const key = argv[1]!;
  const value = argv[2]!;
  if (argv.length === 3) {
    c.db.setString(key, value, false);
    return OK;
  }
  const parsed = parseExtended(argv, true);
  if (parsed instanceof ErrorReply) return parsed;
  const { flags, expire } = parsed;
  let at: ExpireAt = 0;
  if (expire !== null) {
    const ms = expireMs(expire, flags, 'set');
    if (ms instanceof ErrorReply) return ms;
    at = ms;
  }
  let old: Reply = null;
  if (flags & OBJ_GET) {
    const cur = readString(c, key);
    if (cur instanceof ErrorReply) return cur;
    old = cur ?? null;
  }
  const found = c.db.lookup(key) !== undefined;
  if ((flags & OBJ_NX && found) || (flags & OBJ_XX && !found)) {
    return flags & OBJ_GET ? old : null;
  }
  c.db.setString(key, value, (flags & OBJ_KEEPTTL) !== 0);
  if (expire !== null) c.db.setExpire(key, at);
  return flags & OBJ_GET ? old : OK;
}

function setnx(c: Client, argv: readonly string[]): Reply {
  const key = argv[1]!;
  if (c.db.lookup(key) !== undefined) return 0;
  c.db.setString(key, argv[2]!, false);
  return 1;
}

function setexGeneric(c: Client, argv: readonly string[], unitFlag: number, name: string): Reply {
  const ms = expireMs(argv[2]!, unitFlag, name);
  if (ms instanceof ErrorReply) return ms;
  c.db.setString(argv[1]!, argv[3]!, false);
  c.db.setExpire(argv[1]!, ms);
  return OK;
}

function mget(c: Client, argv: readonly string[]): Reply {
  const out: Reply[] = new Array<Reply>(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = c.db.lookupRead(argv[i]!);
    out[i - 1] = typeof v === 'string' ? v : null;
  }
  return out;
}

function msetGeneric(c: Client, argv: readonly string[], nx: boolean): Reply {
  if (argv.length % 2 === 0) return wrongArity(nx ? 'msetnx' : 'mset');
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) if (c.db.lookup(argv[j]!) !== undefined) return 0;
  }
  for (let j = 1; j < argv.length; j += 2) c.db.setString(argv[j]!, argv[j + 1]!, false);
  return nx ? 1 : OK;
}

function getset(c: Client, argv: readonly string[]): Reply {
  const old = readString(c, argv[1]!);
  if (old instanceof ErrorReply) return old;
  c.db.setString(argv[1]!, argv[2]!, false);
  return old ?? null;
}

function getdel(c: Client, argv: readonly string[]): Reply {
  const old = readString(c, argv[1]!);
  if (old instanceof ErrorReply || old === undefined) return old ?? null;
  c.db.delete(argv[1]!);
  return old;
}

function getex(c: Client, argv: readonly string[]): Reply {
  const parsed = parseExtended(argv, false);
  if (parsed instanceof ErrorReply) return parsed;
  const key = argv[1]!;
  const v = readString(c, key);
  if (v === undefined || v instanceof ErrorReply) return v ?? null;
  const { flags, expire } = parsed;
  if (expire !== null) {
    const ms = expireMs(expire, flags, 'getex');
    if (ms instanceof ErrorReply) return ms;
    if (flags & (OBJ_EXAT | OBJ_PXAT) && ms <= Date.now()) c.db.delete(key);
    else c.db.setExpire(key, ms);
  } else if (flags & OBJ_PERSIST) {
    c.db.removeExpire(key);
  }
  return v;
}

function append(c: Client, argv: readonly string[]): Reply {
  const key = argv[1]!;
  const add = argv[2]!;
  const cur = c.db.lookup(key);
  if (cur === undefined) {
    c.db.setString(key, add, false);
    return add.length;
  }
  if (typeof cur !== 'string') return WRONGTYPE;
  if (cur.length + add.length > MAX_STRING_LENGTH) return STRING_TOO_LONG;
  const next = cur + add;
  c.db.setString(key, next, true);
  return next.length;
}

function strlen(c: Client, argv: readonly string[]): Reply {
  const v = readString(c, argv[1]!);
  if (v instanceof ErrorReply) return v;
  return v === undefined ? 0 : v.length;
}

/**
 * INCRBY's core, shared with the kv facet: the new value, or an ErrorReply. Keeps the TTL
 * (Redis updates the value in place).
 */
export function incrBy(c: Client, key: string, delta: number | bigint): number | bigint | ErrorReply {
  const db = c.db;
  const cur = db.lookup(key);
  let base: number | bigint = 0;
  if (cur !== undefined) {
    if (typeof cur !== 'string') return WRONGTYPE;
    const parsed = parseInt64(cur);
    if (parsed === undefined) return NOT_INTEGER;
    base = parsed;
  }
  const next = addInt64(base, delta);
  if (next === undefined) return OVERFLOW;
  db.setString(key, int64ToString(next), true);
  return next;
}

function incrbyCommand(c: Client, argv: readonly string[], negate: boolean): Reply {
  const d = parseInt64(argv[2]!);
  if (d === undefined) return NOT_INTEGER;
  if (negate) {
    if (typeof d === 'bigint' && d === INT64_MIN) return DECR_OVERFLOW;
    return incrBy(c, argv[1]!, typeof d === 'bigint' ? -d : -d);
  }
  return incrBy(c, argv[1]!, d);
}

function incrbyfloat(c: Client, argv: readonly string[]): Reply {
  const key = argv[1]!;
  const cur = c.db.lookup(key);
  let base = parseLongDouble('0')!;
  if (cur !== undefined) {
    if (typeof cur !== 'string') return WRONGTYPE;
    const parsed = parseLongDouble(cur);
    if (parsed === undefined) return NOT_FLOAT;
    base = parsed;
  }
  const incr = parseLongDouble(argv[2]!);
  if (incr === undefined) return NOT_FLOAT;
  const sum = addLongDouble(base, incr);
  if (sum === undefined || sum.inf) return NAN_OR_INF;
  const text = formatLongDoubleHuman(sum);
  c.db.setString(key, text, true);
  return text;
}

function getrange(c: Client, argv: readonly string[]): Reply {
  const s = parseInt64(argv[2]!);
  const e = parseInt64(argv[3]!);
  if (s === undefined || e === undefined) return NOT_INTEGER;
  const v = readString(c, argv[1]!);
  if (v instanceof ErrorReply) return v;
  if (v === undefined) return '';
  let start = Number(s);
  let end = Number(e);
  const len = v.length;
  if (start < 0 && end < 0 && start > end) return '';
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return '';
  return v.slice(start, end + 1);
}

function setrange(c: Client, argv: readonly string[]): Reply {
  const key = argv[1]!;
  const value = argv[3]!;
  const o = parseInt64(argv[2]!);
  if (o === undefined) return NOT_INTEGER;
  const offset = Number(o);
  if (offset < 0) return new ErrorReply('ERR offset is out of range');
  const cur = c.db.lookup(key);
  if (cur !== undefined && typeof cur !== 'string') return WRONGTYPE;
  if (value.length === 0) return cur === undefined ? 0 : cur.length;
  if (offset + value.length > MAX_STRING_LENGTH) return STRING_TOO_LONG;
  const base = cur ?? '';
  const padded = base.length < offset ? base + '\0'.repeat(offset - base.length) : base;
  const next = padded.slice(0, offset) + value + padded.slice(offset + value.length);
  c.db.setString(key, next, true);
  return next.length;
}

const W = F.WRITE;
const R = F.READONLY;
const WD = F.WRITE | F.DENYOOM;

export const STRING_COMMANDS: readonly CommandSpec[] = [
  { name: 'get', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Value of a key', handler: get },
  { name: 'set', arity: -3, flags: WD, keys: [1, 1, 1], group: 'strings', summary: 'Set a value (EX PX EXAT PXAT NX XX KEEPTTL GET)', handler: set },
  { name: 'setnx', arity: 3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Set if absent', handler: setnx },
  { name: 'setex', arity: 4, flags: WD, keys: [1, 1, 1], group: 'strings', summary: 'Set with a TTL in seconds', handler: (c, a) => setexGeneric(c, a, OBJ_EX, 'setex') },
  { name: 'psetex', arity: 4, flags: WD, keys: [1, 1, 1], group: 'strings', summary: 'Set with a TTL in milliseconds', handler: (c, a) => setexGeneric(c, a, OBJ_PX, 'psetex') },
  { name: 'mget', arity: -2, flags: R | F.FAST, keys: [1, -1, 1], group: 'strings', summary: 'Values of many keys', handler: mget },
  { name: 'mset', arity: -3, flags: WD, keys: [1, -1, 2], group: 'strings', summary: 'Set many keys', handler: (c, a) => msetGeneric(c, a, false) },
  { name: 'msetnx', arity: -3, flags: WD, keys: [1, -1, 2], group: 'strings', summary: 'Set many keys if none exists', handler: (c, a) => msetGeneric(c, a, true) },
  { name: 'getset', arity: 3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Set and return the old value', handler: getset },
  { name: 'getdel', arity: 2, flags: W | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Get and delete', handler: getdel },
  { name: 'getex', arity: -2, flags: W | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Get and change the TTL', handler: getex },
  { name: 'append', arity: 3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Append to a value', handler: append },
  { name: 'strlen', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Length of a value', handler: strlen },
  { name: 'incr', arity: 2, flags: WD | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Add 1', handler: (c, a) => incrBy(c, a[1]!, 1) },
  { name: 'decr', arity: 2, flags: WD | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Subtract 1', handler: (c, a) => incrBy(c, a[1]!, -1) },
  { name: 'incrby', arity: 3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Add an integer', handler: (c, a) => incrbyCommand(c, a, false) },
  { name: 'decrby', arity: 3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Subtract an integer', handler: (c, a) => incrbyCommand(c, a, true) },
  { name: 'incrbyfloat', arity: 3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'strings', summary: 'Add a float', handler: incrbyfloat },
  { name: 'getrange', arity: 4, flags: R, keys: [1, 1, 1], group: 'strings', summary: 'Substring', handler: getrange },
  { name: 'setrange', arity: 4, flags: WD, keys: [1, 1, 1], group: 'strings', summary: 'Overwrite part of a value', handler: setrange },
];
