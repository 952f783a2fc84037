/**
 * Set commands: SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SINTER SINTERCARD SUNION SDIFF
 * (and the STORE variants) SPOP SRANDMEMBER SMOVE SSCAN.
 */
import { ErrorReply, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { type CommandSpec, F } from '../command-spec.js';
import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../errors.js';
import { parseInt64 } from '../numbers/int64.js';
import { RedisSet } from '../types/set.js';
import { is, readSet, writeSet } from './args.js';
import { scanContainer } from './scan-helper.js';

const MUST_BE_POSITIVE = new ErrorReply('ERR value is out of range, must be positive');

function sadd(c: Client, argv: readonly string[]): Reply {
  const key = argv[1]!;
  let set = writeSet(c, key);
  if (set instanceof ErrorReply) return set;
  if (set === undefined) {
    set = new RedisSet(c.server.memory);
    c.db.addContainer(key, set);
  }
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (set.add(argv[i]!)) added++;
  // Only a real change invalidates WATCH (Redis signals only when something was added).
  if (added) c.db.modified(key, set);
  return added;
}

function srem(c: Client, argv: readonly string[]): Reply {
  const key = argv[1]!;
  const set = writeSet(c, key);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  let removed = 0;
  for (let i = 2; i < argv.length; i++) if (set.delete(argv[i]!)) removed++;
  if (removed) c.db.modified(key, set);
  return removed;
}

function smembers(c: Client, argv: readonly string[]): Reply {
  const set = readSet(c, argv[1]!);
  if (set === undefined || set instanceof ErrorReply) return set ?? [];
  return set.members.toArray();
}

function sismember(c: Client, argv: readonly string[]): Reply {
  const set = readSet(c, argv[1]!);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  return set.has(argv[2]!) ? 1 : 0;
}

function smismember(c: Client, argv: readonly string[]): Reply {
  const set = readSet(c, argv[1]!);
  if (set instanceof ErrorReply) return set;
  const out: number[] = [];
  for (let i = 2; i < argv.length; i++) out.push(set?.has(argv[i]!) ? 1 : 0);
  return out;
}

function scard(c: Client, argv: readonly string[]): Reply {
  const set = readSet(c, argv[1]!);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  return set.size;
}

/** The sets at `keys` (undefined for missing ones), or WRONGTYPE if any is not a set. */
function loadSets(c: Client, keys: readonly string[], forWrite: boolean): (RedisSet | undefined)[] | ErrorReply {
  const out: (RedisSet | undefined)[] = [];
  for (const k of keys) {
    const s = forWrite ? writeSet(c, k) : readSet(c, k);
    if (s instanceof ErrorReply) return s;
    out.push(s);
  }
  return out;
}

function intersect(sets: (RedisSet | undefined)[], limit: number): string[] {
  if (sets.some((s) => s === undefined)) return [];
  const sorted = (sets as RedisSet[]).slice().sort((a, b) => a.size - b.size);
  const out: string[] = [];
  for (const m of sorted[0]!.members.toArray()) {
    let all = true;
    for (let i = 1; i < sorted.length; i++) {
      if (!sorted[i]!.has(m)) {
        all = false;
        break;
      }
    }
    if (all) {
      out.push(m);
      if (limit !== 0 && out.length >= limit) break;
    }
  }
  return out;
}

function union(sets: (RedisSet | undefined)[]): string[] {
  const acc = new Set<string>();
  for (const s of sets) if (s) s.members.forEach((m) => acc.add(m));
  return [...acc];
}

function difference(sets: (RedisSet | undefined)[]): string[] {
  const first = sets[0];
  if (!first) return [];
  const out: string[] = [];
  for (const m of first.members.toArray()) {
    let keep = true;
    for (let i = 1; i < sets.length; i++) {
      if (sets[i]?.has(m)) {
        keep = false;
        break;
      }
    }
    if (keep) out.push(m);
  }
  return out;
}

type Algebra = (sets: (RedisSet | undefined)[]) => string[];

function setAlgebra(c: Client, argv: readonly string[], op: Algebra): Reply {
  const sets = loadSets(c, argv.slice(1), false);
  if (sets instanceof ErrorReply) return sets;
  return op(sets);
}

function setAlgebraStore(c: Client, argv: readonly string[], op: Algebra): Reply {
  const dst = argv[1]!;
  const sets = loadSets(c, argv.slice(2), true);
  if (sets instanceof ErrorReply) return sets;
  const members = op(sets);
  if (members.length === 0) {
    c.db.delete(dst);
    return 0;
  }
  const result = new RedisSet(c.server.memory);
  for (const m of members) result.add(m);
  c.db.setValue(dst, result, false);
  return members.length;
}

function sintercard(c: Client, argv: readonly string[]): Reply {
  const nk = parseInt64(argv[1]!);
  if (nk === undefined || nk < 1) return new ErrorReply('ERR numkeys should be greater than 0');
  const numkeys = Number(nk);
  if (numkeys > argv.length - 2) return new ErrorReply("ERR Number of keys can't be greater than number of args");
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (is(argv[j]!, 'LIMIT') && j + 1 < argv.length) {
      const l = parseInt64(argv[++j]!);
      if (l === undefined || l < 0) return new ErrorReply("ERR LIMIT can't be negative");
      limit = Number(l);
    } else return SYNTAX;
  }
  const sets = loadSets(c, argv.slice(2, 2 + numkeys), false);
  if (sets instanceof ErrorReply) return sets;
  return intersect(sets, limit).length;
}

function spop(c: Client, argv: readonly string[]): Reply {
  if (argv.length > 3) return SYNTAX;
  const key = argv[1]!;
  if (argv.length === 2) {
    const set = writeSet(c, key);
    if (set === undefined || set instanceof ErrorReply) return set ?? null;
    const m = set.random(c.server.random.next)!;
    set.delete(m);
    c.db.modified(key, set);
    return m;
  }
  const n = parseInt64(argv[2]!);
  if (n === undefined || n < 0) return MUST_BE_POSITIVE;
  const set = writeSet(c, key);
  if (set === undefined || set instanceof ErrorReply) return set ?? [];
  const count = Number(n);
  if (count === 0) return [];
  const out: string[] = [];
  if (count >= set.size) {
    out.push(...set.members.toArray());
    for (const m of out) set.delete(m);
  } else {
    for (let i = 0; i < count; i++) {
      const m = set.random(c.server.random.next)!;
      set.delete(m);
      out.push(m);
    }
  }
  c.db.modified(key, set);
  return out;
}

function srandmember(c: Client, argv: readonly string[]): Reply {
  if (argv.length > 3) return SYNTAX;
  let count: number | undefined;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]!);
    if (n === undefined) return NOT_INTEGER;
    count = Number(n);
    if (count < -9223372036854775807 || count > 9223372036854775807) return NOT_INTEGER;
  }
  const set = readSet(c, argv[1]!);
  if (set instanceof ErrorReply) return set;
  if (set === undefined) return count === undefined ? null : [];
  if (count === undefined) return set.random(c.server.random.next)!;
  const members = set.members.toArray();
  const out: string[] = [];
  if (count < 0) {
    for (let i = 0; i < -count; i++) out.push(members[Math.floor(c.server.random.next() * members.length)]!);
    return out;
  }
  const n = Math.min(count, members.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(c.server.random.next() * (members.length - i));
    const t = members[i]!;
    members[i] = members[j]!;
    members[j] = t;
    out.push(members[i]!);
  }
  return out;
}

function smove(c: Client, argv: readonly string[]): Reply {
  const src = writeSet(c, argv[1]!);
  const dstValue = c.db.lookup(argv[2]!);
  if (src === undefined) return 0;
  if (src instanceof ErrorReply) return src;
  if (dstValue !== undefined && !(dstValue instanceof RedisSet)) return WRONGTYPE;
  const member = argv[3]!;
  if (src === dstValue) return src.has(member) ? 1 : 0;
  if (!src.delete(member)) return 0;
  c.db.modified(argv[1]!, src);
  let dst = dstValue;
  if (dst === undefined) {
    dst = new RedisSet(c.server.memory);
    c.db.addContainer(argv[2]!, dst);
  }
  if (dst.add(member)) c.db.modified(argv[2]!, dst);
  return 1;
}

function sscan(c: Client, argv: readonly string[]): Reply {
  const set = readSet(c, argv[1]!);
  if (set instanceof ErrorReply) return set;
  return scanContainer(c, argv, set, () => set!.members.values(), (m, out) => {
    out.push(m);
  });
}

const R = F.READONLY;
const W = F.WRITE;
const WD = F.WRITE | F.DENYOOM;

export const SET_COMMANDS: readonly CommandSpec[] = [
  { name: 'sadd', arity: -3, flags: WD | F.FAST, keys: [1, 1, 1], group: 'sets', summary: 'Add members', handler: sadd },
  { name: 'srem', arity: -3, flags: W | F.FAST, keys: [1, 1, 1], group: 'sets', summary: 'Remove members', handler: srem },
  { name: 'smembers', arity: 2, flags: R, keys: [1, 1, 1], group: 'sets', summary: 'Every member', handler: smembers },
  { name: 'sismember', arity: 3, flags: R | F.FAST, keys: [1, 1, 1], group: 'sets', summary: 'Is a member', handler: sismember },
  { name: 'smismember', arity: -3, flags: R | F.FAST, keys: [1, 1, 1], group: 'sets', summary: 'Are these members', handler: smismember },
  { name: 'scard', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'sets', summary: 'Number of members', handler: scard },
  { name: 'sinter', arity: -2, flags: R, keys: [1, -1, 1], group: 'sets', summary: 'Intersection', handler: (c, a) => setAlgebra(c, a, (s) => intersect(s, 0)) },
  { name: 'sintercard', arity: -3, flags: R, keys: [0, 0, 0], group: 'sets', summary: 'Size of the intersection', handler: sintercard },
  { name: 'sinterstore', arity: -3, flags: WD, keys: [1, -1, 1], group: 'sets', summary: 'Store the intersection', handler: (c, a) => setAlgebraStore(c, a, (s) => intersect(s, 0)) },
  { name: 'sunion', arity: -2, flags: R, keys: [1, -1, 1], group: 'sets', summary: 'Union', handler: (c, a) => setAlgebra(c, a, union) },
  { name: 'sunionstore', arity: -3, flags: WD, keys: [1, -1, 1], group: 'sets', summary: 'Store the union', handler: (c, a) => setAlgebraStore(c, a, union) },
  { name: 'sdiff', arity: -2, flags: R, keys: [1, -1, 1], group: 'sets', summary: 'Difference', handler: (c, a) => setAlgebra(c, a, difference) },
  { name: 'sdiffstore', arity: -3, flags: WD, keys: [1, -1, 1], group: 'sets', summary: 'Store the difference', handler: (c, a) => setAlgebraStore(c, a, difference) },
  { name: 'spop', arity: -2, flags: W | F.FAST, keys: [1, 1, 1], group: 'sets', summary: 'Remove random members', handler: spop },
  { name: 'srandmember', arity: -2, flags: R, keys: [1, 1, 1], group: 'sets', summary: 'Random members', handler: srandmember },
  { name: 'smove', arity: 4, flags: W | F.FAST, keys: [1, 2, 1], group: 'sets', summary: 'Move a member between sets', handler: smove },
  { name: 'sscan', arity: -3, flags: R, keys: [1, 1, 1], group: 'sets', summary: 'Iterate members with a cursor', handler: sscan },
];
