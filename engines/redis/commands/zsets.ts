/**
 * Sorted-set commands: ZADD (NX XX GT LT CH INCR) ZINCRBY ZSCORE ZMSCORE ZREM ZCARD ZCOUNT
 * ZLEXCOUNT ZRANK ZREVRANK ZRANGE (BYSCORE BYLEX REV LIMIT WITHSCORES) ZREVRANGE ZRANGEBYSCORE
 * ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX ZREMRANGEBYSCORE ZREMRANGEBYRANK ZREMRANGEBYLEX
 * ZPOPMIN ZPOPMAX ZUNIONSTORE ZINTERSTORE ZSCAN. Scores print as `%.17g` (Redis 7.0).
 */
import { ErrorReply, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { type CommandSpec, F } from '../command-spec.js';
import { MIN_MAX_NOT_FLOAT, MIN_MAX_NOT_STRING, NOT_INTEGER, SCORE_NAN, SYNTAX, WRONGTYPE } from '../errors.js';
import { formatDouble, parseDouble, parseDoubleLoose } from '../numbers/float.js';
import { parseInt64 } from '../numbers/int64.js';
import type { LexRange, ScoreRange, SkipNode } from '../structures/skiplist.js';
import { RedisSet } from '../types/set.js';
import { RedisZset } from '../types/zset.js';
import { floatArg, is, readZset, writeZset } from './args.js';
import { scanContainer } from './scan-helper.js';

const ZADD_NX = 1;
const ZADD_XX = 2;
const ZADD_CH = 4;
const ZADD_INCR = 8;
const ZADD_GT = 16;
const ZADD_LT = 32;

function zaddGeneric(c: Client, argv: readonly string[], baseFlags: number): Reply {
  const key = argv[1]!;
  let flags = baseFlags;
  let scoreIdx = 2;
  while (scoreIdx < argv.length) {
    const o = argv[scoreIdx]!;
    if (is(o, 'NX')) flags |= ZADD_NX;
    else if (is(o, 'XX')) flags |= ZADD_XX;
    else if (is(o, 'CH')) flags |= ZADD_CH;
    else if (is(o, 'INCR')) flags |= ZADD_INCR;
    else if (is(o, 'GT')) flags |= ZADD_GT;
    else if (is(o, 'LT')) flags |= ZADD_LT;
    else break;
    scoreIdx++;
  }
  const incr = (flags & ZADD_INCR) !== 0;
  let elements = argv.length - scoreIdx;
  if (elements % 2 !== 0 || elements === 0) return SYNTAX;
  elements /= 2;
  if (flags & ZADD_NX && flags & ZADD_XX) return new ErrorReply('ERR XX and NX options at the same time are not compatible');
  if ((flags & ZADD_GT && flags & ZADD_NX) || (flags & ZADD_LT && flags & ZADD_NX) || (flags & ZADD_GT && flags & ZADD_LT)) {
    return new ErrorReply('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (incr && elements > 1) return new ErrorReply('ERR INCR option supports a single increment-element pair');
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) {
    const s = floatArg(argv[scoreIdx + j * 2]!);
    if (s instanceof ErrorReply) return s;
    scores[j] = s;
  }
  let z = writeZset(c, key);
  if (z instanceof ErrorReply) return z;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === undefined) {
    if (flags & ZADD_XX) return incr ? null : 0;
    z = new RedisZset(c.server.memory, c.server.random.next);
    c.db.addContainer(key, z);
  }
  for (let j = 0; j < elements; j++) {
    const member = argv[scoreIdx + 1 + j * 2]!;
    let s = scores[j]!;
    const cur = z.score(member);
    if (cur !== undefined) {
      if (flags & ZADD_NX) continue;
      if (incr) {
        s += cur;
        if (Number.isNaN(s)) {
          if (added || updated) c.db.modified(key, z);
          return SCORE_NAN;
        }
      }
      if ((flags & ZADD_LT && s >= cur) || (flags & ZADD_GT && s <= cur)) continue;
      score = s;
      processed++;
      if (s !== cur) {
        z.set(member, s);
        updated++;
      }
    } else {
      if (flags & ZADD_XX) continue;
      z.set(member, s);
      score = s;
      added++;
      processed++;
    }
  }
  if (added || updated || z.size === 0) c.db.modified(key, z);
  if (incr) return processed ? formatDouble(score) : null;
  return flags & ZADD_CH ? added + updated : added;
}

function zscore(c: Client, argv: readonly string[]): Reply {
  const z = readZset(c, argv[1]!);
  if (z === undefined || z instanceof ErrorReply) return z ?? null;
  const s = z.score(argv[2]!);
  return s === undefined ? null : formatDouble(s);
}

function zmscore(c: Client, argv: readonly string[]): Reply {
  const z = readZset(c, argv[1]!);
  if (z instanceof ErrorReply) return z;
  const out: Reply[] = [];
  for (let i = 2; i < argv.length; i++) {
    const s = z?.score(argv[i]!);
    out.push(s === undefined ? null : formatDouble(s));
  }
  return out;
}

function zrem(c: Client, argv: readonly string[]): Reply {
  const z = writeZset(c, argv[1]!);
  if (z === undefined || z instanceof ErrorReply) return z ?? 0;
  let n = 0;
  for (let i = 2; i < argv.length; i++) if (z.delete(argv[i]!)) n++;
  if (n) c.db.modified(argv[1]!, z);
  return n;
}

function zcard(c: Client, argv: readonly string[]): Reply {
  const z = readZset(c, argv[1]!);
  if (z === undefined || z instanceof ErrorReply) return z ?? 0;
  return z.size;
}

/** `(1.5` / `2` / `-inf` bounds as zslParseRange reads them. */
function parseBound(s: string): { v: number; ex: boolean } | undefined {
  const ex = s.charCodeAt(0) === 40; // '('
  const text = ex ? s.slice(1) : s;
  // strtod on an empty string reads 0 and stops at the terminator: Redis accepts it.
  const v = text.length === 0 ? 0 : parseDoubleLoose(text);
  if (v === undefined || Number.isNaN(v)) return undefined;
  return { v, ex };
}

export function parseScoreRange(min: string, max: string): ScoreRange | undefined {
  const a = parseBound(min);
  const b = parseBound(max);
  if (!a || !b) return undefined;
  return { min: a.v, max: b.v, minEx: a.ex, maxEx: b.ex };
}

function parseLexItem(s: string): { v: string; ex: boolean; inf: -1 | 0 | 1 } | undefined {
  const c0 = s.charCodeAt(0);
  if (s === '+') return { v: '', ex: false, inf: 1 };
  if (s === '-') return { v: '', ex: false, inf: -1 };
  if (c0 === 40) return { v: s.slice(1), ex: true, inf: 0 };
  if (c0 === 91) return { v: s.slice(1), ex: false, inf: 0 };
  return undefined;
}

export function parseLexRange(min: string, max: string): LexRange | undefined {
  const a = parseLexItem(min);
  const b = parseLexItem(max);
  if (!a || !b) return undefined;
  return { min: a.v, max: b.v, minEx: a.ex, maxEx: b.ex, minInf: a.inf, maxInf: b.inf };
}

function zcount(c: Client, argv: readonly string[]): Reply {
  const r = parseScoreRange(argv[2]!, argv[3]!);
  if (!r) return MIN_MAX_NOT_FLOAT;
  const z = readZset(c, argv[1]!);
  if (z === undefined || z instanceof ErrorReply) return z ?? 0;
  return countRange(z, z.zsl.firstInRange(r), z.zsl.lastInRange(r));
}

function zlexcount(c: Client, argv: readonly string[]): Reply {
  const r = parseLexRange(argv[2]!, argv[3]!);
  if (!r) return MIN_MAX_NOT_STRING;
  const z = readZset(c, argv[1]!);
  if (z === undefined || z instanceof ErrorReply) return z ?? 0;
  return countRange(z, z.zsl.firstInLexRange(r), z.zsl.lastInLexRange(r));
}

function countRange(z: RedisZset, first: SkipNode | null, last: SkipNode | null): number {
  if (!first || !last) return 0;
  const a = z.zsl.getRank(first.score, first.member);
  const b = z.zsl.getRank(last.score, last.member);
  return b >= a ? b - a + 1 : 0;
}

function zrank(c: Client, argv: readonly string[], rev: boolean): Reply {
  const z = readZset(c, argv[1]!);
  if (z === undefined || z instanceof ErrorReply) return z ?? null;
  return z.rank(argv[2]!, rev) ?? null;
}

type RangeType = 'rank' | 'score' | 'lex';

function emit(nodes: SkipNode[], withScores: boolean): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    out.push(n.member);
    if (withScores) out.push(formatDouble(n.score));
  }
  return out;
}

/** ZRANGE and its older forms; `fixedType`/`fixedRev` are set by ZREVRANGE, ZRANGEBYSCORE… */
function zrangeGeneric(c: Client, argv: readonly string[], fixedType: RangeType | null, fixedRev: boolean | null): Reply {
  let type: RangeType | null = fixedType;
  let rev: boolean | null = fixedRev;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = 4; j < argv.length; j++) {
    const o = argv[j]!;
    const left = argv.length - j - 1;
    if (is(o, 'WITHSCORES')) withScores = true;
    else if (is(o, 'LIMIT') && left >= 2) {
      const a = parseInt64(argv[j + 1]!);
      const b = parseInt64(argv[j + 2]!);
      if (a === undefined || b === undefined) return NOT_INTEGER;
      offset = Number(a);
      limit = Number(b);
      j += 2;
    } else if (fixedRev === null && rev === null && is(o, 'REV')) rev = true;
    else if (fixedType === null && type === null && is(o, 'BYLEX')) type = 'lex';
    else if (fixedType === null && type === null && is(o, 'BYSCORE')) type = 'score';
    else return SYNTAX;
  }
  const reverse = rev ?? false;
  const rangeType = type ?? 'rank';
  if (limit !== -1 && rangeType === 'rank') {
    return new ErrorReply('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && rangeType === 'lex') {
    return new ErrorReply('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  }
  let minArg = argv[2]!;
  let maxArg = argv[3]!;
  if (reverse && rangeType !== 'rank') {
    const t = minArg;
    minArg = maxArg;
    maxArg = t;
  }
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  if (rangeType === 'rank') {
    const a = parseInt64(minArg);
    const b = parseInt64(maxArg);
    if (a === undefined || b === undefined) return NOT_INTEGER;
    start = Number(a);
    end = Number(b);
  } else if (rangeType === 'score') {
    scoreRange = parseScoreRange(minArg, maxArg);
    if (!scoreRange) return MIN_MAX_NOT_FLOAT;
  } else {
    lexRange = parseLexRange(minArg, maxArg);
    if (!lexRange) return MIN_MAX_NOT_STRING;
  }
  const z = readZset(c, argv[1]!);
  if (z === undefined || z instanceof ErrorReply) return z ?? [];
  if (rangeType === 'rank') {
    const len = z.size;
    if (start < 0) start = len + start;
    if (end < 0) end = len + end;
    if (start < 0) start = 0;
    if (start > end || start >= len) return [];
    if (end >= len) end = len - 1;
    return emit(z.byRankRange(start, end, reverse), withScores);
  }
  if (offset < 0) return [];
  if (rangeType === 'score') return emit(z.byScore(scoreRange!, reverse, offset, limit < 0 ? -1 : limit), withScores);
  return emit(z.byLex(lexRange!, reverse, offset, limit < 0 ? -1 : limit), false);
}

function zremrange(c: Client, argv: readonly string[], type: RangeType): Reply {
  const key = argv[1]!;
  let nodes: SkipNode[];
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  if (type === 'rank') {
    const a = parseInt64(argv[2]!);
    const b = parseInt64(argv[3]!);
    if (a === undefined || b === undefined) return NOT_INTEGER;
    start = Number(a);
    end = Number(b);
  } else if (type === 'score') {
    scoreRange = parseScoreRange(argv[2]!, argv[3]!);
    if (!scoreRange) return MIN_MAX_NOT_FLOAT;
  } else {
    lexRange = parseLexRange(argv[2]!, argv[3]!);
    if (!lexRange) return MIN_MAX_NOT_STRING;
  }
  const z = writeZset(c, key);
  if (z === undefined || z instanceof ErrorReply) return z ?? 0;
  if (type === 'rank') {
    const len = z.size;
    if (start < 0) start = len + start;
    if (end < 0) end = len + end;
    if (start < 0) start = 0;
    if (start > end || start >= len) return 0;
    if (end >= len) end = len - 1;
    nodes = z.byRankRange(start, end, false);
  } else if (type === 'score') nodes = z.byScore(scoreRange!, false, 0, -1);
  else nodes = z.byLex(lexRange!, false, 0, -1);
  const members = nodes.map((n) => n.member);
  for (const m of members) z.delete(m);
  if (members.length) c.db.modified(key, z);
  return members.length;
}

function zpop(c: Client, argv: readonly string[], max: boolean): Reply {
  if (argv.length > 3) return SYNTAX;
  let count = 1;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]!);
    if (n === undefined || n < 0) return new ErrorReply('ERR value is out of range, must be positive');
    count = Number(n);
  }
  const key = argv[1]!;
  const z = writeZset(c, key);
  if (z === undefined || z instanceof ErrorReply) return z ?? [];
  const out: string[] = [];
  for (let i = 0; i < count && z.size !== 0; i++) {
    const node = max ? z.zsl.tail! : z.zsl.first()!;
    out.push(node.member, formatDouble(node.score));
    z.delete(node.member);
  }
  if (out.length) c.db.modified(key, z);
  return out;
}

type Aggregate = 'sum' | 'min' | 'max';

function aggregate(target: number, v: number, how: Aggregate): number {
  if (how === 'sum') {
    const s = target + v;
    return Number.isNaN(s) ? 0 : s;
  }
  if (how === 'min') return v < target ? v : target;
  return v > target ? v : target;
}

function zstoreGeneric(c: Client, argv: readonly string[], inter: boolean): Reply {
  const name = inter ? 'zinterstore' : 'zunionstore';
  const nk = parseInt64(argv[2]!);
  if (nk === undefined) return NOT_INTEGER;
  const setnum = Number(nk);
  if (setnum < 1) return new ErrorReply(`ERR at least 1 input key is needed for '${name}' command`);
  if (setnum > argv.length - 3) return SYNTAX;
  /** What a source offers: score lookup, size, and (member, score) iteration. */
  type Scores = Pick<Map<string, number>, 'get' | 'size'> & Iterable<[string, number]>;
  const sources: { map: Scores | null; weight: number }[] = [];
  for (let i = 0; i < setnum; i++) {
    const v = c.db.lookupRead(argv[3 + i]!);
    if (v === undefined) {
      sources.push({ map: null, weight: 1 });
      continue;
    }
    if (v instanceof RedisZset) sources.push({ map: v.dict, weight: 1 });
    else if (v instanceof RedisSet) {
      const m = new Map<string, number>();
      v.members.forEach((x) => m.set(x, 1));
      sources.push({ map: m, weight: 1 });
    } else return WRONGTYPE;
  }
  let how: Aggregate = 'sum';
  let j = 3 + setnum;
  while (j < argv.length) {
    const remaining = argv.length - j;
    if (remaining >= setnum + 1 && is(argv[j]!, 'WEIGHTS')) {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = parseDouble(argv[j]!);
        if (w === undefined) return new ErrorReply('ERR weight value is not a float');
        sources[i]!.weight = w;
      }
    } else if (remaining >= 2 && is(argv[j]!, 'AGGREGATE')) {
      const a = argv[j + 1]!;
      if (is(a, 'SUM')) how = 'sum';
      else if (is(a, 'MIN')) how = 'min';
      else if (is(a, 'MAX')) how = 'max';
      else return SYNTAX;
      j += 2;
    } else return SYNTAX;
  }
  // Like Redis: process sources smallest first (this fixes the order float sums happen in).
  const sizeOf = (s: { map: Scores | null }): number => s.map?.size ?? 0;
  const ordered = sources.slice().sort((a, b) => sizeOf(a) - sizeOf(b));
  const weighted = (score: number, w: number): number => {
    const v = score * w;
    return Number.isNaN(v) ? 0 : v;
  };
  const result = new Map<string, number>();
  if (inter) {
    const first = ordered[0]!;
    if (first.map && first.map.size) {
      outer: for (const [m, s] of first.map) {
        let score = weighted(s, first.weight);
        for (let i = 1; i < ordered.length; i++) {
          const other = ordered[i]!;
          const os = other.map?.get(m);
          if (os === undefined) continue outer;
          score = aggregate(score, weighted(os, other.weight), how);
        }
        result.set(m, score);
      }
    }
  } else {
    for (const src of ordered) {
      if (!src.map) continue;
      for (const [m, s] of src.map) {
        const v = weighted(s, src.weight);
        const cur = result.get(m);
        result.set(m, cur === undefined ? v : aggregate(cur, v, how));
      }
    }
  }
  const dst = argv[1]!;
  if (result.size === 0) {
    c.db.delete(dst);
    return 0;
  }
  // Redis builds the result as a skiplist, then converts it to a listpack if small.
  const z = new RedisZset(c.server.memory, c.server.random.next);
  z.listpack = false;
  for (const [m, s] of result) z.set(m, s);
  z.convertToListpackIfSmall();
  c.db.setValue(dst, z, false);
  return z.size;
}

function zscan(c: Client, argv: readonly string[]): Reply {
  const z = readZset(c, argv[1]!);
  if (z instanceof ErrorReply) return z;
  return scanContainer(c, argv, z, () => z!.dict.keys(), (m, out) => {
    out.push(m, formatDouble(z!.score(m) ?? 0));
  });
}

const R = F.READONLY;
const W = F.WRITE;
const WD = F.WRITE | F.DENYOOM;

export const ZSET_COMMANDS: readonly CommandSpec[] = [
  { name: 'zadd', arity: -4, flags: WD | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Add or update members', handler: (c, a) => zaddGeneric(c, a, 0) },
  { name: 'zincrby', arity: 4, flags: WD | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Add to a score', handler: (c, a) => zaddGeneric(c, a, ZADD_INCR) },
  { name: 'zscore', arity: 3, flags: R | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Score of a member', handler: zscore },
  { name: 'zmscore', arity: -3, flags: R | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Scores of members', handler: zmscore },
  { name: 'zrem', arity: -3, flags: W | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Remove members', handler: zrem },
  { name: 'zcard', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Number of members', handler: zcard },
  { name: 'zcount', arity: 4, flags: R | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Members in a score range', handler: zcount },
  { name: 'zlexcount', arity: 4, flags: R | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Members in a lex range', handler: zlexcount },
  { name: 'zrank', arity: 3, flags: R | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Rank, ascending', handler: (c, a) => zrank(c, a, false) },
  { name: 'zrevrank', arity: 3, flags: R | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Rank, descending', handler: (c, a) => zrank(c, a, true) },
  { name: 'zrange', arity: -4, flags: R, keys: [1, 1, 1], group: 'sortedSets', summary: 'Range by rank, score or lex', handler: (c, a) => zrangeGeneric(c, a, null, null) },
  { name: 'zrevrange', arity: -4, flags: R, keys: [1, 1, 1], group: 'sortedSets', summary: 'Range by rank, descending', handler: (c, a) => zrangeGeneric(c, a, 'rank', true) },
  { name: 'zrangebyscore', arity: -4, flags: R, keys: [1, 1, 1], group: 'sortedSets', summary: 'Range by score', handler: (c, a) => zrangeGeneric(c, a, 'score', false) },
  { name: 'zrevrangebyscore', arity: -4, flags: R, keys: [1, 1, 1], group: 'sortedSets', summary: 'Range by score, descending', handler: (c, a) => zrangeGeneric(c, a, 'score', true) },
  { name: 'zrangebylex', arity: -4, flags: R, keys: [1, 1, 1], group: 'sortedSets', summary: 'Range by lex', handler: (c, a) => zrangeGeneric(c, a, 'lex', false) },
  { name: 'zrevrangebylex', arity: -4, flags: R, keys: [1, 1, 1], group: 'sortedSets', summary: 'Range by lex, descending', handler: (c, a) => zrangeGeneric(c, a, 'lex', true) },
  { name: 'zremrangebyscore', arity: 4, flags: W, keys: [1, 1, 1], group: 'sortedSets', summary: 'Remove a score range', handler: (c, a) => zremrange(c, a, 'score') },
  { name: 'zremrangebyrank', arity: 4, flags: W, keys: [1, 1, 1], group: 'sortedSets', summary: 'Remove a rank range', handler: (c, a) => zremrange(c, a, 'rank') },
  { name: 'zremrangebylex', arity: 4, flags: W, keys: [1, 1, 1], group: 'sortedSets', summary: 'Remove a lex range', handler: (c, a) => zremrange(c, a, 'lex') },
  { name: 'zpopmin', arity: -2, flags: W | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Remove the lowest', handler: (c, a) => zpop(c, a, false) },
  { name: 'zpopmax', arity: -2, flags: W | F.FAST, keys: [1, 1, 1], group: 'sortedSets', summary: 'Remove the highest', handler: (c, a) => zpop(c, a, true) },
  { name: 'zunionstore', arity: -4, flags: WD, keys: [1, 1, 1], group: 'sortedSets', summary: 'Store a union', handler: (c, a) => zstoreGeneric(c, a, false) },
  { name: 'zinterstore', arity: -4, flags: WD, keys: [1, 1, 1], group: 'sortedSets', summary: 'Store an intersection', handler: (c, a) => zstoreGeneric(c, a, true) },
  { name: 'zscan', arity: -3, flags: R, keys: [1, 1, 1], group: 'sortedSets', summary: 'Iterate members with a cursor', handler: zscan },
];
