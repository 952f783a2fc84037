/** Set commands as a user sees them. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { canonical } from '../support/differential.js';

function engine(): [RedisStyleEngine, (...argv: string[]) => Reply] {
  const e = new RedisStyleEngine();
  return [e, (...argv) => e.redis.call(argv) as Reply];
}
const asSet = (r: Reply): Set<unknown> => new Set(r as string[]);

describe('set commands', () => {
  it('mutual friends: SINTER / SINTERCARD / SUNION / SDIFF and their STORE forms', () => {
    const [e, r] = engine();
    r('SADD', 'alice', 'bob', 'carol', 'dave');
    r('SADD', 'bob', 'alice', 'carol', 'dave', 'erin');
    expect(asSet(r('SINTER', 'alice', 'bob'))).toEqual(new Set(['carol', 'dave']));
    expect(r('SINTERCARD', '2', 'alice', 'bob', 'LIMIT', '1')).toBe(1);
    expect(asSet(r('SUNION', 'alice', 'bob'))).toEqual(new Set(['alice', 'bob', 'carol', 'dave', 'erin']));
    expect(asSet(r('SDIFF', 'bob', 'alice'))).toEqual(new Set(['alice', 'erin']));
    expect(r('SINTERSTORE', 'both', 'alice', 'bob')).toBe(2);
    expect(r('SINTERSTORE', 'both', 'alice', 'nobody')).toBe(0);
    expect(r('EXISTS', 'both')).toBe(0);
    expect(canonical(r('SINTERCARD', '0', 'a'))).toBe('-ERR numkeys should be greater than 0');
    expect(canonical(r('SINTERCARD', '3', 'a'))).toBe("-ERR Number of keys can't be greater than number of args");
    e.close();
  });

  it('membership, SMISMEMBER, SMOVE, SPOP everything', () => {
    const [e, r] = engine();
    r('SADD', 's', 'a', 'b');
    expect(r('SADD', 's', 'a')).toBe(0);
    expect(r('SMISMEMBER', 's', 'a', 'z')).toEqual([1, 0]);
    expect(r('SMOVE', 's', 'd', 'a')).toBe(1);
    expect(r('SISMEMBER', 'd', 'a')).toBe(1);
    expect(asSet(r('SPOP', 's', '10'))).toEqual(new Set(['b']));
    expect(r('EXISTS', 's')).toBe(0);
    expect(r('SRANDMEMBER', 'd', '-3')).toEqual(['a', 'a', 'a']);
    e.close();
  });

  it('SSCAN walks a large set completely', () => {
    const [e, r] = engine();
    for (let i = 0; i < 300; i++) r('SADD', 'big', 'm' + i);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, items] = r('SSCAN', 'big', cursor, 'COUNT', '7') as [string, string[]];
      for (const m of items) seen.add(m);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
    e.close();
  });
});
