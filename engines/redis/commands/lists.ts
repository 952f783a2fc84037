/**
 * List commands: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP (count) LLEN LRANGE LINDEX LSET LREM
 * LTRIM LINSERT LPOS LMOVE RPOPLPUSH, and the blocking BLPOP BRPOP BLMOVE BRPOPLPUSH, which
 * park the client in the blocking manager when every key is empty (served in arrival order).
 */
import { ErrorReply, OK, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { BLOCK, type CommandSpec, F, type HandlerResult } from '../command-spec.js';
import {
  INDEX_OUT_OF_RANGE,
  NOT_INTEGER,
  NO_SUCH_KEY,
  SYNTAX,
  TIMEOUT_NEGATIVE,
  TIMEOUT_NOT_FLOAT,
  WRONGTYPE,
  wrongArity,
} from '../errors.js';
import { parseLongDouble } from '../numbers/long-double.js';
import { parseInt64 } from '../numbers/int64.js';
import { RedisList } from '../types/list.js';
import { is, readList, writeList } from './args.js';

const MUST_BE_POSITIVE = new ErrorReply('ERR value is out of range, must be positive');

function pushGeneric(c: Client, argv: readonly string[], head: boolean, onlyIfExists: boolean): Reply {
  const key = argv[1]!;
  let list = writeList(c, key);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) {
    if (onlyIfExists) return 0;
    list = new RedisList(c.server.memory);
    c.db.addContainer(key, list);
  }
  for (let i = 2; i < argv.length; i++) list.push(argv[i]!, head);
  c.db.modified(key, list);
  c.db.listPushed(key);
  return list.length;
}

function popGeneric(c: Client, argv: readonly string[], head: boolean): Reply {
  if (argv.length > 3) return wrongArity(head ? 'lpop' : 'rpop');
  let count = -1;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]!);
    if (n === undefined || n < 0) return MUST_BE_POSITIVE;
    count = Number(n);
  }
  const key = argv[1]!;
  const list = writeList(c, key);
  if (list === undefined || list instanceof ErrorReply) return list ?? null;
  if (count === 0) return [];
  if (count === -1) {
    const v = list.pop(head)!;
    c.db.modified(key, list);
    return v;
  }
  const out: string[] = [];
  for (let i = 0; i < count && list.length !== 0; i++) out.push(list.pop(head)!);
  c.db.modified(key, list);
  return out;
}

function llen(c: Client, argv: readonly string[]): Reply {
  const list = readList(c, argv[1]!);
  if (list === undefined || list instanceof ErrorReply) return list ?? 0;
  return list.length;
}

function lrange(c: Client, argv: readonly string[]): Reply {
  const s = parseInt64(argv[2]!);
  const e = parseInt64(argv[3]!);
  if (s === undefined || e === undefined) return NOT_INTEGER;
  const list = readList(c, argv[1]!);
  if (list === undefined || list instanceof ErrorReply) return list ?? [];
  return list.range(Number(s), Number(e));
}

function lindex(c: Client, argv: readonly string[]): Reply {
  const list = readList(c, argv[1]!);
  if (list === undefined || list instanceof ErrorReply) return list ?? null;
  const i = parseInt64(argv[2]!);
  if (i === undefined) return NOT_INTEGER;
  const k = list.index(Number(i));
  return k < 0 ? null : list.at(k);
}

function lset(c: Client, argv: readonly string[]): Reply {
  const list = writeList(c, argv[1]!);
  if (list === undefined) return NO_SUCH_KEY;
  if (list instanceof ErrorReply) return list;
  const i = parseInt64(argv[2]!);
  if (i === undefined) return NOT_INTEGER;
  const k = list.index(Number(i));
  if (k < 0) return INDEX_OUT_OF_RANGE;
  list.set(k, argv[3]!);
  c.db.modified(argv[1]!, list);
  return OK;
}

function lrem(c: Client, argv: readonly string[]): Reply {
  const n = parseInt64(argv[2]!);
  if (n === undefined) return NOT_INTEGER;
  const key = argv[1]!;
  const list = writeList(c, key);
  if (list === undefined || list instanceof ErrorReply) return list ?? 0;
  const target = argv[3]!;
  let toRemove = Number(n);
  let removed = 0;
  if (toRemove >= 0) {
    list.filter((v) => {
      if (v === target && (toRemove === 0 || removed < toRemove)) {
        removed++;
        return false;
      }
      return true;
    });
  } else {
    // From the tail: mark indexes first, then filter.
    toRemove = -toRemove;
    const drop = new Set<number>();
    for (let i = list.length - 1; i >= 0 && drop.size < toRemove; i--) if (list.at(i) === target) drop.add(i);
    removed = drop.size;
    if (removed) list.filter((_v, i) => !drop.has(i));
  }
  if (removed) c.db.modified(key, list);
  return removed;
}

function ltrim(c: Client, argv: readonly string[]): Reply {
  const s = parseInt64(argv[2]!);
  const e = parseInt64(argv[3]!);
  if (s === undefined || e === undefined) return NOT_INTEGER;
  const key = argv[1]!;
  const list = writeList(c, key);
  if (list === undefined || list instanceof ErrorReply) return list ?? OK;
  list.trim(Number(s), Number(e));
  c.db.modified(key, list);
  return OK;
}

function linsert(c: Client, argv: readonly string[]): Reply {
  let after: boolean;
  if (is(argv[2]!, 'AFTER')) after = true;
  else if (is(argv[2]!, 'BEFORE')) after = false;
  else return SYNTAX;
  const key = argv[1]!;
  const list = writeList(c, key);
  if (list === undefined || list instanceof ErrorReply) return list ?? 0;
  const pivot = argv[3]!;
  for (let i = 0; i < list.length; i++) {
    if (list.at(i) === pivot) {
      list.insert(after ? i + 1 : i, argv[4]!);
      c.db.modified(key, list);
      return list.length;
    }
  }
  return -1;
}

function lpos(c: Client, argv: readonly string[]): Reply {
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = argv[j]!;
    const more = j + 1 < argv.length;
    if (is(o, 'RANK') && more) {
      const v = parseInt64(argv[++j]!);
      if (v === undefined) return NOT_INTEGER;
      rank = Number(v);
      if (rank === 0) {
        return new ErrorReply(
          'ERR RANK can\'t be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list',
        );
      }
    } else if (is(o, 'COUNT') && more) {
      const v = parseInt64(argv[++j]!);
      if (v === undefined || v < 0) return new ErrorReply("ERR COUNT can't be negative");
      count = Number(v);
    } else if (is(o, 'MAXLEN') && more) {
      const v = parseInt64(argv[++j]!);
      if (v === undefined || v < 0) return new ErrorReply("ERR MAXLEN can't be negative");
      maxlen = Number(v);
    } else return SYNTAX;
  }
  let fromTail = false;
  if (rank < 0) {
    rank = -rank;
    fromTail = true;
  }
  const list = readList(c, argv[1]!);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return count !== -1 ? [] : null;
  const target = argv[2]!;
  const n = list.length;
  const out: number[] = [];
  let matches = 0;
  for (let index = 0; index < n && (maxlen === 0 || index < maxlen); index++) {
    const pos = fromTail ? n - index - 1 : index;
    if (list.at(pos) !== target) continue;
    matches++;
    if (matches < rank) continue;
    if (count === -1) return pos;
    out.push(pos);
    if (count !== 0 && matches - rank + 1 >= count) break;
  }
  return count === -1 ? null : out;
}

function whereArg(s: string): boolean | ErrorReply {
  if (is(s, 'LEFT')) return true;
  if (is(s, 'RIGHT')) return false;
  return SYNTAX;
}

/** Pop from `src` and push onto `dst` (LMOVE's core, shared with BLMOVE's serving). */
function moveElement(c: Client, src: string, dst: string, fromHead: boolean, toHead: boolean): Reply {
  const from = writeList(c, src);
  if (from === undefined || from instanceof ErrorReply) return from ?? null;
  let to = writeList(c, dst);
  if (to instanceof ErrorReply) return to;
  const v = from.pop(fromHead)!;
  if (to === undefined) {
    to = new RedisList(c.server.memory);
    c.db.addContainer(dst, to);
  }
  to.push(v, toHead);
  c.db.modified(dst, to);
  c.db.listPushed(dst);
  c.db.modified(src, from);
  return v;
}

function lmove(c: Client, argv: readonly string[]): Reply {
  const wf = whereArg(argv[3]!);
  if (wf instanceof ErrorReply) return wf;
  const wt = whereArg(argv[4]!);
  if (wt instanceof ErrorReply) return wt;
  return moveElement(c, argv[1]!, argv[2]!, wf, wt);
}

/** BLPOP-family timeout in ms (0 = forever), or the error reply. */
function timeoutArg(s: string): number | ErrorReply {
  const ld = parseLongDouble(s);
  if (ld === undefined) return TIMEOUT_NOT_FLOAT;
  const seconds = ld.inf ? Infinity : (ld.neg ? -1 : 1) * Number(ld.mant) * 2 ** ld.exp;
  const ms = Math.ceil(seconds * 1000);
  if (ms < 0) return TIMEOUT_NEGATIVE;
  if (!Number.isFinite(ms)) return 0;
  return ms;
}

/** Try to pop from the first non-empty list among `keys`; WRONGTYPE stops the search. */
function popFirst(c: Client, keys: readonly string[], head: boolean): Reply | undefined {
  for (const key of keys) {
    const v = c.db.lookup(key);
    if (v === undefined) continue;
    if (!(v instanceof RedisList)) return WRONGTYPE;
    if (v.length === 0) continue;
    const item = v.pop(head)!;
    c.db.modified(key, v);
    return [key, item];
  }
  return undefined;
}

function blockingPop(c: Client, argv: readonly string[], head: boolean): HandlerResult {
  const timeout = timeoutArg(argv[argv.length - 1]!);
  if (timeout instanceof ErrorReply) return timeout;
  const keys = argv.slice(1, -1);
  const r = popFirst(c, keys, head);
  if (r !== undefined) return r;
  if (!c.canBlock) return null;
  c.pendingBlock = c.server.blocking.block(c, keys, timeout, null, (key) => {
    const v = c.db.lookup(key);
    if (!(v instanceof RedisList) || v.length === 0) return undefined;
    const item = v.pop(head)!;
    c.db.modified(key, v);
    return [key, item];
  });
  return BLOCK;
}

function blmoveGeneric(c: Client, src: string, dst: string, fromHead: boolean, toHead: boolean, timeoutText: string): HandlerResult {
  const timeout = timeoutArg(timeoutText);
  if (timeout instanceof ErrorReply) return timeout;
  const from = writeList(c, src);
  if (from instanceof ErrorReply) return from;
  if (from !== undefined) return moveElement(c, src, dst, fromHead, toHead);
  if (!c.canBlock) return null;
  c.pendingBlock = c.server.blocking.block(c, [src], timeout, null, () => {
    const v = c.db.lookup(src);
    if (!(v instanceof RedisList) || v.length === 0) return undefined;
    const dv = c.db.lookup(dst);
    if (dv !== undefined && !(dv instanceof RedisList)) return WRONGTYPE;
    return moveElement(c, src, dst, fromHead, toHead);
  });
  return BLOCK;
}

function blmove(c: Client, argv: readonly string[]): HandlerResult {
  const wf = whereArg(argv[3]!);
  if (wf instanceof ErrorReply) return wf;
  const wt = whereArg(argv[4]!);
  if (wt instanceof ErrorReply) return wt;
  return blmoveGeneric(c, argv[1]!, argv[2]!, wf, wt, argv[5]!);
}

const R = F.READONLY;
const W = F.WRITE;
const WD = F.WRITE | F.DENYOOM;

export const LIST_COMMANDS: readonly CommandSpec[] = [
  { name: 'lpush', arity: -3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'lists', summary: 'Prepend elements', handler: (c, a) => pushGeneric(c, a, true, false) },
  { name: 'rpush', arity: -3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'lists', summary: 'Append elements', handler: (c, a) => pushGeneric(c, a, false, false) },
  { name: 'lpushx', arity: -3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'lists', summary: 'Prepend if the list exists', handler: (c, a) => pushGeneric(c, a, true, true) },
  { name: 'rpushx', arity: -3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'lists', summary: 'Append if the list exists', handler: (c, a) => pushGeneric(c, a, false, true) },
  { name: 'lpop', arity: -2, flags: W | F.FAST, keys: [1, 1, 1], group: 'lists', summary: 'Remove from the head', handler: (c, a) => popGeneric(c, a, true) },
  { name: 'rpop', arity: -2, flags: W | F.FAST, keys: [1, 1, 1], group: 'lists', summary: 'Remove from the tail', handler: (c, a) => popGeneric(c, a, false) },
  { name: 'llen', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'lists', summary: 'Length', handler: llen },
  { name: 'lrange', arity: 4, flags: R, keys: [1, 1, 1], group: 'lists', summary: 'Elements by index range', handler: lrange },
  { name: 'lindex', arity: 3, flags: R, keys: [1, 1, 1], group: 'lists', summary: 'Element at an index', handler: lindex },
  { name: 'lset', arity: 4, flags: WD, keys: [1, 1, 1], group: 'lists', summary: 'Replace the element at an index', handler: lset },
  { name: 'lrem', arity: 4, flags: W, keys: [1, 1, 1], group: 'lists', summary: 'Remove matching elements', handler: lrem },
  { name: 'ltrim', arity: 4, flags: W, keys: [1, 1, 1], group: 'lists', summary: 'Keep an index range', handler: ltrim },
  { name: 'linsert', arity: 5, flags: WD, keys: [1, 1, 1], group: 'lists', summary: 'Insert before or after a pivot', handler: linsert },
  { name: 'lpos', arity: -3, flags: R, keys: [1, 1, 1], group: 'lists', summary: 'Index of matching elements', handler: lpos },
  { name: 'lmove', arity: 5, flags: WD, keys: [1, 2, 1], group: 'lists', summary: 'Pop from one list, push to another', handler: lmove },
  { name: 'rpoplpush', arity: 3, flags: WD, keys: [1, 2, 1], group: 'lists', summary: 'RPOP then LPUSH', handler: (c, a) => moveElement(c, a[1]!, a[2]!, false, true) },
  { name: 'blpop', arity: -3, flags: W | F.BLOCKING, keys: [1, -2, 1], group: 'lists', summary: 'Blocking LPOP over keys', handler: (c, a) => blockingPop(c, a, true) },
  { name: 'brpop', arity: -3, flags: W | F.BLOCKING, keys: [1, -2, 1], group: 'lists', summary: 'Blocking RPOP over keys', handler: (c, a) => blockingPop(c, a, false) },
  { name: 'blmove', arity: 6, flags: WD | F.BLOCKING, keys: [1, 2, 1], group: 'lists', summary: 'Blocking LMOVE', handler: blmove },
  { name: 'brpoplpush', arity: 4, flags: WD | F.BLOCKING, keys: [1, 2, 1], group: 'lists', summary: 'Blocking RPOPLPUSH', handler: (c, a) => blmoveGeneric(c, a[1]!, a[2]!, false, true, a[3]!) },
];
