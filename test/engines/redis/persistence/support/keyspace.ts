/**
 * Test support for persistence: one fixture keyspace covering every type and edge the formats
 * must carry (binary and empty strings, integers-as-strings, long repetitive strings, lists,
 * sets, hashes, sorted sets with ±inf and fractional scores, TTLs, two databases), and a dump
 * of any Redis-family keyspace (ours or a real server's) into a comparable form.
 */
import { expect } from 'vitest';
import type { Awaitable, Reply } from '../../../../../engines/types.js';
import { ErrorReply } from '../../../../../engines/types.js';

export type AnyCall = (args: readonly string[]) => Awaitable<Reply>;

const BINARY = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

/** Commands that build the fixture keyspace (db 0 and db 3). Expiry is an hour away. */
export function fixtureCommands(): string[][] {
  const bigList = Array.from({ length: 300 }, (_, i) => `item-${i}`);
  const bigHash = Array.from({ length: 200 }, (_, i) => [`field-${i}`, `value-${i}`.repeat(3)]).flat();
  const intSet = Array.from({ length: 50 }, (_, i) => String(i * 1000 - 7));
  const bigSet = Array.from({ length: 200 }, (_, i) => `member-${i}`);
  const bigZset = Array.from({ length: 200 }, (_, i) => [String(i / 7), `z-${i}`]).flat();
  return [
    ['SELECT', '0'],
    ['SET', 'str:plain', 'hello'],
    ['SET', 'str:empty', ''],
    ['SET', 'str:binary', BINARY],
    ['SET', 'str:int8', '-100'],
    ['SET', 'str:int16', '30000'],
    ['SET', 'str:int32', '-2000000000'],
    ['SET', 'str:int64', '9223372036854775807'],
    ['SET', 'str:leading-zero', '007'],
    ['SET', 'str:long', 'abcdefgh'.repeat(500)],
    ['SET', 'str:ttl', 'expiring', 'PX', '3600000'],
    ['SET', '\x00\xffbinary-key\r\n', 'v'],
    ['RPUSH', 'list:small', 'a', 'b', '', '42', 'a'],
    ['RPUSH', 'list:big', ...bigList],
    ['SADD', 'set:ints', ...intSet],
    ['SADD', 'set:small', 'x', 'y', 'z'],
    ['SADD', 'set:big', ...bigSet],
    ['HSET', 'hash:small', 'f1', 'v1', 'f2', '', 'n', '12'],
    ['HSET', 'hash:big', ...bigHash],
    ['ZADD', 'zset:small', '1.5', 'a', '-inf', 'low', '+inf', 'high', '0.1', 'tenth', '-3', 'neg'],
    ['ZADD', 'zset:big', ...bigZset],
    ['PEXPIRE', 'list:small', '3600000'],
    ['EXPIRE', 'zset:small', '3600'],
    ['SELECT', '3'],
    ['SET', 'db3:key', 'in db 3'],
    ['HSET', 'db3:hash', 'a', '1'],
    ['SELECT', '0'],
  ];
}

export async function runAll(call: AnyCall, commands: readonly string[][]): Promise<void> {
  for (const c of commands) {
    const r = await call(c);
    if (r instanceof ErrorReply) throw new Error(`${c.join(' ')}: ${r.message}`);
  }
}

export interface DumpedKey {
  readonly value: string;
  /** PTTL at dump time (-1 persistent). */
  readonly pttl: number;
}

/** `db:key` → a canonical text of the value (collections sorted where order is not data). */
export async function dumpKeyspace(call: AnyCall, dbs: readonly number[] = [0, 3]): Promise<Map<string, DumpedKey>> {
  const out = new Map<string, DumpedKey>();
  for (const db of dbs) {
    await call(['SELECT', String(db)]);
    const listed = await call(['KEYS', '*']);
    if (!Array.isArray(listed)) throw new Error(`dumpKeyspace: KEYS * in db ${db} answered ${String(listed)}`);
    const keys = (listed as string[]).slice().sort();
    for (const key of keys) {
      const type = String(await call(['TYPE', key]));
      let value: string;
      switch (type) {
        case 'string':
          value = JSON.stringify(await call(['GET', key]));
          break;
        case 'list':
          value = JSON.stringify(await call(['LRANGE', key, '0', '-1']));
          break;
        case 'set':
          value = JSON.stringify(((await call(['SMEMBERS', key])) as string[]).slice().sort());
          break;
        case 'hash': {
          const flat = (await call(['HGETALL', key])) as string[];
          const pairs: string[] = [];
          for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]}=${flat[i + 1]}`);
          value = JSON.stringify(pairs.sort());
          break;
        }
        case 'zset': {
          // Scores compared as doubles (7.0 prints %.17g, other versions the shortest form).
          const flat = (await call(['ZRANGE', key, '0', '-1', 'WITHSCORES'])) as string[];
          const pairs: string[] = [];
          for (let i = 0; i < flat.length; i += 2) {
            const s = flat[i + 1]!;
            pairs.push(`${flat[i]}=${s === 'inf' ? 'Infinity' : s === '-inf' ? '-Infinity' : String(Number(s))}`);
          }
          value = JSON.stringify(pairs);
          break;
        }
        default:
          value = `<${type}>`;
      }
      out.set(`${db}:${key}`, { value: `${type} ${value}`, pttl: Number(await call(['PTTL', key])) });
    }
  }
  await call(['SELECT', '0']);
  return out;
}

/** TTLs drift by the time between the two dumps; on a loaded CI machine that passed 100 ms. */
const MIN_TTL_TOLERANCE_MS = 1000;

/**
 * Same keys, same values, and TTLs that agree (persistent on both, or within `toleranceMs`,
 * never tighter than MIN_TTL_TOLERANCE_MS: a lost or reset TTL is off by far more).
 */
export function expectSameKeyspace(actual: Map<string, DumpedKey>, expected: Map<string, DumpedKey>, requestedToleranceMs = 5000): void {
  const toleranceMs = Math.max(requestedToleranceMs, MIN_TTL_TOLERANCE_MS);
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [k, e] of expected) {
    const a = actual.get(k)!;
    expect(a.value, `value of ${JSON.stringify(k)}`).toBe(e.value);
    if (e.pttl < 0) expect(a.pttl, `ttl of ${JSON.stringify(k)}`).toBe(e.pttl);
    else expect(Math.abs(a.pttl - e.pttl), `ttl of ${JSON.stringify(k)}: ${a.pttl} vs ${e.pttl}`).toBeLessThan(toleranceMs);
  }
}
