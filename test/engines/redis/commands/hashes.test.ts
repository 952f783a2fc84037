/** Hash commands as a user sees them: objects stored field by field. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { canonical } from '../support/differential.js';

function engine(): [RedisStyleEngine, (...argv: string[]) => string] {
  const e = new RedisStyleEngine();
  return [e, (...argv) => canonical(e.redis.call(argv) as Reply)];
}

describe('hash commands', () => {
  it('an object: HSET many fields, HGET, HMGET, HGETALL, HDEL until gone', () => {
    const [e, r] = engine();
    expect(r('HSET', 'user:1', 'name', 'Ann', 'age', '31')).toBe('(int) 2');
    expect(r('HSET', 'user:1', 'age', '32', 'city', 'Oslo')).toBe('(int) 1');
    expect(r('HMSET', 'user:1', 'x', 'y')).toBe('+OK');
    expect(r('HGET', 'user:1', 'age')).toBe('"32"');
    expect(r('HMGET', 'user:1', 'name', 'nope')).toBe('["Ann", nil]');
    expect(r('HLEN', 'user:1')).toBe('(int) 4');
    const all = e.redis.call(['HGETALL', 'user:1']) as string[];
    expect(new Map(all.flatMap((v, i) => (i % 2 ? [] : [[v, all[i + 1]!] as [string, string]])))).toEqual(
      new Map([['name', 'Ann'], ['age', '32'], ['city', 'Oslo'], ['x', 'y']]),
    );
    expect(r('HSET', 'user:1', 'odd')).toBe("-ERR wrong number of arguments for 'hset' command");
    expect(r('HDEL', 'user:1', 'name', 'age', 'city', 'x')).toBe('(int) 4');
    expect(r('EXISTS', 'user:1')).toBe('(int) 0');
    e.close();
  });

  it('HINCRBY / HINCRBYFLOAT / HSETNX / HSTRLEN and their errors', () => {
    const [e, r] = engine();
    expect(r('HINCRBY', 'h', 'n', '5')).toBe('(int) 5');
    expect(r('HINCRBY', 'h', 'n', '9223372036854775807')).toBe('-ERR increment or decrement would overflow');
    expect(r('HINCRBYFLOAT', 'h', 'f', '1.1')).toBe('"1.1"');
    expect(r('HINCRBYFLOAT', 'h', 'f', 'inf')).toBe('-ERR value is NaN or Infinity');
    expect(r('HSETNX', 'h', 'f', 'x')).toBe('(int) 0');
    expect(r('HSETNX', 'h', 's', 'text')).toBe('(int) 1');
    expect(r('HINCRBY', 'h', 's', '1')).toBe('-ERR hash value is not an integer');
    expect(r('HINCRBYFLOAT', 'h', 's', '1')).toBe('-ERR hash value is not a float');
    expect(r('HSTRLEN', 'h', 's')).toBe('(int) 4');
    e.close();
  });

  it('HRANDFIELD with counts and HSCAN sweeps', () => {
    const [e] = engine();
    for (let i = 0; i < 50; i++) e.redis.call(['HSET', 'h', 'f' + i, 'v' + i]);
    expect((e.redis.call(['HRANDFIELD', 'h', '100']) as string[]).length).toBe(50);
    expect((e.redis.call(['HRANDFIELD', 'h', '-100']) as string[]).length).toBe(100);
    expect((e.redis.call(['HRANDFIELD', 'h', '3', 'WITHVALUES']) as string[]).length).toBe(6);
    const fields = new Set<string>();
    let cursor = '0';
    do {
      const [next, items] = e.redis.call(['HSCAN', 'h', cursor, 'COUNT', '8']) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) fields.add(items[i]!);
      cursor = next;
    } while (cursor !== '0');
    expect(fields.size).toBe(50);
    e.close();
  });
});
