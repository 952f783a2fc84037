/**
 * Hash commands: HSET HMSET HSETNX HGET HMGET HGETALL HDEL HEXISTS HLEN HKEYS HVALS HINCRBY
 * HINCRBYFLOAT HSTRLEN HSCAN HRANDFIELD.
 */
import { ErrorReply, OK, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { type CommandSpec, F } from '../command-spec.js';
import {
  HASH_NOT_FLOAT,
  HASH_NOT_INTEGER,
  NAN_OR_INF,
  NOT_FLOAT,
  NOT_INTEGER,
  OVERFLOW,
  SYNTAX,
  wrongArity,
} from '../errors.js';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../numbers/long-double.js';
import { addInt64, int64ToString, parseInt64 } from '../numbers/int64.js';
import { RedisHash } from '../types/hash.js';
import { is, readHash, writeHash } from './args.js';
import { scanContainer } from './scan-helper.js';

/** The hash at key for a write, created when absent; ErrorReply on WRONGTYPE. */
function hashForWrite(c: Client, key: string): RedisHash | ErrorReply {
  const h = writeHash(c, key);
  if (h !== undefined) return h;
  const created = new RedisHash(c.server.memory);
  c.db.addContainer(key, created);
  return created;
}

function hset(c: Client, argv: readonly string[]): Reply {
  const multi = argv[0]!.length === 5; // HMSET replies OK
  if (argv.length % 2 === 1) return wrongArity(multi ? 'hmset' : 'hset');
  const h = hashForWrite(c, argv[1]!);
  if (h instanceof ErrorReply) return h;
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i]!, argv[i + 1]!)) created++;
  c.db.modified(argv[1]!, h);
  return multi ? OK : created;
}

function hsetnx(c: Client, argv: readonly string[]): Reply {
  const h = hashForWrite(c, argv[1]!);
  if (h instanceof ErrorReply) return h;
  if (h.get(argv[2]!) !== undefined) return 0;
  h.set(argv[2]!, argv[3]!);
  c.db.modified(argv[1]!, h);
  return 1;
}

function hget(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? null;
  return h.get(argv[2]!) ?? null;
}

function hmget(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h instanceof ErrorReply) return h;
  const out: Reply[] = [];
  for (let i = 2; i < argv.length; i++) out.push(h?.get(argv[i]!) ?? null);
  return out;
}

function hgetall(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? [];
  const out: string[] = [];
  for (const [f, v] of h.fields) out.push(f, v);
  return out;
}

function hdel(c: Client, argv: readonly string[]): Reply {
  const h = writeHash(c, argv[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? 0;
  let n = 0;
  for (let i = 2; i < argv.length; i++) if (h.delete(argv[i]!)) n++;
  if (n !== 0) c.db.modified(argv[1]!, h);
  return n;
}

function hexists(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? 0;
  return h.get(argv[2]!) !== undefined ? 1 : 0;
}

function hlen(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? 0;
  return h.size;
}

function hkeys(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? [];
  return [...h.fields.keys()];
}

function hvals(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? [];
  return [...h.fields.values()];
}

function hincrby(c: Client, argv: readonly string[]): Reply {
  const incr = parseInt64(argv[3]!);
  if (incr === undefined) return NOT_INTEGER;
  const h = hashForWrite(c, argv[1]!);
  if (h instanceof ErrorReply) return h;
  const cur = h.get(argv[2]!);
  let base: number | bigint = 0;
  if (cur !== undefined) {
    const parsed = parseInt64(cur);
    if (parsed === undefined) return HASH_NOT_INTEGER;
    base = parsed;
  }
  const next = addInt64(base, incr);
  if (next === undefined) return OVERFLOW;
  h.set(argv[2]!, int64ToString(next));
  c.db.modified(argv[1]!, h);
  return next;
}

function hincrbyfloat(c: Client, argv: readonly string[]): Reply {
  const incr = parseLongDouble(argv[3]!);
  if (incr === undefined) return NOT_FLOAT;
  if (incr.inf) return new ErrorReply('ERR value is NaN or Infinity');
  const h = hashForWrite(c, argv[1]!);
  if (h instanceof ErrorReply) return h;
  const cur = h.get(argv[2]!);
  let base = parseLongDouble('0')!;
  if (cur !== undefined) {
    const parsed = parseLongDouble(cur);
    if (parsed === undefined) return HASH_NOT_FLOAT;
    base = parsed;
  }
  const sum = addLongDouble(base, incr);
  if (sum === undefined || sum.inf) return NAN_OR_INF;
  const text = formatLongDoubleHuman(sum);
  h.set(argv[2]!, text);
  c.db.modified(argv[1]!, h);
  return text;
}

function hstrlen(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? 0;
  return h.get(argv[2]!)?.length ?? 0;
}

function hscan(c: Client, argv: readonly string[]): Reply {
  const h = readHash(c, argv[1]!);
  if (h instanceof ErrorReply) return h;
  return scanContainer(c, argv, h, () => h!.fields.keys(), (f, out) => {
    out.push(f, h!.get(f) ?? '');
  });
}

function hrandfield(c: Client, argv: readonly string[]): Reply {
  if (argv.length > 4) return SYNTAX;
  const withValues = argv.length === 4;
  if (withValues && !is(argv[3]!, 'WITHVALUES')) return SYNTAX;
  let count: number | undefined;
  if (argv.length >= 3) {
    const n = parseInt64(argv[2]!);
    if (n === undefined) return NOT_INTEGER;
    count = Number(n);
    if (count < -4611686018427387903 || count > 4611686018427387903) return new ErrorReply('ERR value is out of range');
  }
  const h = readHash(c, argv[1]!);
  if (h instanceof ErrorReply) return h;
  if (h === undefined) return count === undefined ? null : [];
  const fields = [...h.fields.keys()];
  const pick = (f: string, out: string[]): void => {
    out.push(f);
    if (withValues) out.push(h.get(f)!);
  };
  if (count === undefined) return fields[Math.floor(c.server.random.next() * fields.length)]!;
  const out: string[] = [];
  if (count < 0) {
    for (let i = 0; i < -count; i++) pick(fields[Math.floor(c.server.random.next() * fields.length)]!, out);
    return out;
  }
  // Distinct fields: a partial Fisher–Yates shuffle.
  const n = Math.min(count, fields.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(c.server.random.next() * (fields.length - i));
    const t = fields[i]!;
    fields[i] = fields[j]!;
    fields[j] = t;
    pick(fields[i]!, out);
  }
  return out;
}

const R = F.READONLY;
const WD = F.WRITE | F.DENYOOM;

export const HASH_COMMANDS: readonly CommandSpec[] = [
  { name: 'hset', arity: -4, flags: WD | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Set fields', handler: hset },
  { name: 'hmset', arity: -4, flags: WD | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Set fields (replies OK)', handler: hset },
  { name: 'hsetnx', arity: 4, flags: WD | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Set a field if absent', handler: hsetnx },
  { name: 'hget', arity: 3, flags: R | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Value of a field', handler: hget },
  { name: 'hmget', arity: -3, flags: R | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Values of fields', handler: hmget },
  { name: 'hgetall', arity: 2, flags: R, keys: [1, 1, 1], group: 'hashes', summary: 'Every field and value', handler: hgetall },
  { name: 'hdel', arity: -3, flags: F.WRITE | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Delete fields', handler: hdel },
  { name: 'hexists', arity: 3, flags: R | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Does a field exist', handler: hexists },
  { name: 'hlen', arity: 2, flags: R | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Number of fields', handler: hlen },
  { name: 'hkeys', arity: 2, flags: R, keys: [1, 1, 1], group: 'hashes', summary: 'Every field', handler: hkeys },
  { name: 'hvals', arity: 2, flags: R, keys: [1, 1, 1], group: 'hashes', summary: 'Every value', handler: hvals },
  { name: 'hincrby', arity: 4, flags: WD | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Add an integer to a field', handler: hincrby },
  { name: 'hincrbyfloat', arity: 4, flags: WD | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Add a float to a field', handler: hincrbyfloat },
  { name: 'hstrlen', arity: 3, flags: R | F.FAST, keys: [1, 1, 1], group: 'hashes', summary: 'Length of a field value', handler: hstrlen },
  { name: 'hscan', arity: -3, flags: R, keys: [1, 1, 1], group: 'hashes', summary: 'Iterate fields with a cursor', handler: hscan },
  { name: 'hrandfield', arity: -2, flags: R, keys: [1, 1, 1], group: 'hashes', summary: 'Random fields', handler: hrandfield },
];
