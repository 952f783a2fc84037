/** Key commands: expiry options, RENAME, KEYS/SCAN, FLUSH, unknown commands. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { canonical } from '../support/differential.js';

function engine(): [RedisStyleEngine, (...argv: string[]) => string] {
  const e = new RedisStyleEngine();
  return [e, (...argv) => canonical(e.redis.call(argv) as Reply)];
}

describe('expiry commands', () => {
  it('EXPIRE NX/XX/GT/LT follow Redis (no TTL counts as infinite)', () => {
    const [e, r] = engine();
    r('SET', 'k', 'v');
    expect(r('EXPIRE', 'k', '100', 'XX')).toBe('(int) 0');
    expect(r('EXPIRE', 'k', '100', 'GT')).toBe('(int) 0');
    expect(r('EXPIRE', 'k', '100', 'LT')).toBe('(int) 1');
    expect(r('EXPIRE', 'k', '50', 'NX')).toBe('(int) 0');
    expect(r('EXPIRE', 'k', '200', 'GT')).toBe('(int) 1');
    expect(r('TTL', 'k')).toBe('(int) 200');
    expect(r('EXPIRE', 'k', '10', 'NX', 'XX')).toBe('-ERR NX and XX, GT or LT options at the same time are not compatible');
    expect(r('EXPIRE', 'k', '10', 'GT', 'LT')).toBe('-ERR GT and LT options at the same time are not compatible');
    expect(r('EXPIRE', 'k', '10', 'SOON')).toBe('-ERR Unsupported option SOON');
    expect(r('PERSIST', 'k')).toBe('(int) 1');
    expect(r('TTL', 'k')).toBe('(int) -1');
    expect(r('TTL', 'missing')).toBe('(int) -2');
    e.close();
  });

  it('an expiry in the past deletes the key at once', () => {
    const [e, r] = engine();
    r('SET', 'k', 'v');
    expect(r('EXPIRE', 'k', '-1')).toBe('(int) 1');
    expect(r('EXISTS', 'k')).toBe('(int) 0');
    r('SET', 'k', 'v');
    expect(r('PEXPIREAT', 'k', '1')).toBe('(int) 1');
    expect(r('EXISTS', 'k')).toBe('(int) 0');
    expect(r('EXPIRE', 'k', '9223372036854775807')).toBe("-ERR invalid expire time in 'expire' command");
    e.close();
  });

  it('TTLs near the end of int64 read back exactly', () => {
    const [e, r] = engine();
    r('SET', 'k', 'v', 'PXAT', '9223372036854775807');
    const before = BigInt(Date.now());
    const pttl = e.redis.call(['PTTL', 'k']);
    const after = BigInt(Date.now());
    expect(typeof pttl).toBe('bigint');
    // Exact to the millisecond (a double could not even hold these values).
    expect(pttl as bigint).toBeGreaterThanOrEqual(9223372036854775807n - after);
    expect(pttl as bigint).toBeLessThanOrEqual(9223372036854775807n - before);
    e.close();
  });
});

describe('RENAME, KEYS, SCAN, FLUSH', () => {
  it('RENAME moves value and TTL; RENAMENX refuses an existing target', () => {
    const [e, r] = engine();
    expect(r('RENAME', 'nope', 'x')).toBe('-ERR no such key');
    r('SET', 'a', '1', 'EX', '100');
    r('SET', 'b', '2');
    expect(r('RENAMENX', 'a', 'b')).toBe('(int) 0');
    expect(r('RENAME', 'a', 'c')).toBe('+OK');
    expect(r('TTL', 'c')).toBe('(int) 100');
    expect(r('RENAME', 'c', 'c')).toBe('+OK');
    e.close();
  });

  it('SCAN visits every key exactly once across pages, with MATCH and TYPE filters', () => {
    const [e] = engine();
    for (let i = 0; i < 250; i++) e.redis.call(['SET', 'key:' + i, 'v']);
    for (let i = 0; i < 10; i++) e.redis.call(['RPUSH', 'list:' + i, 'v']);
    const seen: string[] = [];
    let cursor = '0';
    let pages = 0;
    do {
      const [next, keys] = e.redis.call(['SCAN', cursor, 'COUNT', '20', 'MATCH', 'key:*']) as [string, string[]];
      seen.push(...keys);
      cursor = next;
      pages++;
    } while (cursor !== '0');
    expect(pages).toBeGreaterThan(5);
    expect(new Set(seen).size).toBe(250);
    expect(seen.length).toBe(250);
    const lists = e.redis.call(['SCAN', '0', 'COUNT', '1000', 'TYPE', 'list']) as [string, string[]];
    expect(lists[1].length).toBe(10);
    expect(canonical(e.redis.call(['SCAN', 'abc']) as Reply)).toBe('-ERR invalid cursor');
    expect(canonical(e.redis.call(['SCAN', ' 1']) as Reply)).toBe('-ERR invalid cursor');
    expect(canonical(e.redis.call(['SCAN', '18446744073709551616']) as Reply)).toBe('-ERR invalid cursor');
    // strtoul reads the empty string and a '+' sign: both are cursor 0 here, as in Redis.
    expect((e.redis.call(['SCAN', '', 'COUNT', '1000']) as [string, string[]])[1].length).toBe(260);
    expect((e.redis.call(['SCAN', '+0', 'COUNT', '1000']) as [string, string[]])[1].length).toBe(260);
    e.close();
  });

  it('KEYS with a pattern, FLUSHDB and FLUSHALL', () => {
    const [e, r] = engine();
    r('MSET', 'user:1', 'a', 'user:2', 'b', 'item:1', 'c');
    expect(new Set(e.redis.call(['KEYS', 'user:*']) as string[])).toEqual(new Set(['user:1', 'user:2']));
    expect(r('FLUSHDB')).toBe('+OK');
    expect(r('DBSIZE')).toBe('(int) 0');
    expect(r('FLUSHALL', 'LAZY')).toBe('-ERR syntax error');
    e.close();
  });
});

describe('RANDOMKEY', () => {
  it('returns live keys only, reaches every key, and nil on an empty database', () => {
    const [e] = engine();
    expect(e.redis.call(['RANDOMKEY'])).toBeNull();
    for (let i = 0; i < 20; i++) e.redis.call(['SET', 'live' + i, 'v']);
    for (let i = 0; i < 20; i++) e.redis.call(['SET', 'dead' + i, 'v', 'PXAT', '1']);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(e.redis.call(['RANDOMKEY']) as string);
    expect([...seen].every((k) => k.startsWith('live'))).toBe(true);
    expect(seen.size).toBe(20);
    e.close();
  });
});

describe('dispatch errors', () => {
  it('unknown commands and wrong arity', () => {
    const [e, r] = engine();
    expect(r('FOO', 'a', 'b')).toBe("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' ");
    expect(r('GET')).toBe("-ERR wrong number of arguments for 'get' command");
    expect(r('get', 'a', 'b')).toBe("-ERR wrong number of arguments for 'get' command");
    expect(r('gEt', 'missing')).toBe('nil');
    e.close();
  });
});
