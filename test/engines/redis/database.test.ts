/** The keyspace: lazy expiry on access, TTL handling on overwrite, hit/miss counters. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { OK } from '../../../engines/types.js';

describe('keyspace', () => {
  it('a key past its expiry is gone on the next access and counted as expired', () => {
    const e = new RedisStyleEngine();
    e.redis.call(['SET', 'k', 'v', 'PXAT', String(Date.now() - 1)]);
    expect(e.redis.call(['DBSIZE'])).toBe(1); // still stored until something looks
    expect(e.redis.call(['GET', 'k'])).toBeNull();
    expect(e.redis.call(['DBSIZE'])).toBe(0);
    expect(e.stats()['expired_keys']).toBe(1);
    e.close();
  });

  it('SET clears a TTL, KEEPTTL and INCR keep it', () => {
    const e = new RedisStyleEngine();
    e.redis.call(['SET', 'k', '1', 'EX', '100']);
    e.redis.call(['INCR', 'k']);
    expect(e.redis.call(['TTL', 'k'])).toBe(100);
    e.redis.call(['SET', 'k', '5', 'KEEPTTL']);
    expect(e.redis.call(['TTL', 'k'])).toBe(100);
    expect(e.redis.call(['SET', 'k', '6'])).toBe(OK);
    expect(e.redis.call(['TTL', 'k'])).toBe(-1);
    e.close();
  });

  it('counts keyspace hits and misses for reads', () => {
    const e = new RedisStyleEngine();
    e.kv.set('a', '1');
    e.kv.get('a');
    e.kv.get('b');
    e.redis.call(['GET', 'a']);
    const s = e.stats();
    expect(s['keyspace_hits']).toBe(2);
    expect(s['keyspace_misses']).toBe(1);
    e.close();
  });

  it('keeps 16 separate databases for SELECT', () => {
    const e = new RedisStyleEngine();
    const other = e.redis.session();
    other.call(['SELECT', '3']);
    other.call(['SET', 'k', 'in-3']);
    expect(e.redis.call(['GET', 'k'])).toBeNull();
    expect(other.call(['GET', 'k'])).toBe('in-3');
    expect(String(e.redis.call(['SELECT', '16']))).toBe('ERR DB index is out of range');
    e.close();
  });
});
