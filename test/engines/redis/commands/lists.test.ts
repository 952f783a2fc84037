/** List commands as a user sees them (blocking ones are in ../blocking.test.ts). */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { canonical } from '../support/differential.js';

function engine(): [RedisStyleEngine, (...argv: string[]) => string] {
  const e = new RedisStyleEngine();
  return [e, (...argv) => canonical(e.redis.call(argv) as Reply)];
}

describe('list commands', () => {
  it('a queue: RPUSH then LPOP in order, key gone when empty', () => {
    const [e, r] = engine();
    expect(r('RPUSH', 'q', 'a', 'b', 'c')).toBe('(int) 3');
    expect(r('LPOP', 'q')).toBe('"a"');
    expect(r('LPOP', 'q', '5')).toBe('["b", "c"]');
    expect(r('EXISTS', 'q')).toBe('(int) 0');
    expect(r('LPOP', 'q')).toBe('nil');
    expect(r('LPOP', 'q', '0')).toBe('nil');
    expect(r('LPOP', 'q', '-1')).toBe('-ERR value is out of range, must be positive');
    e.close();
  });

  it('a timeline: LPUSH + LTRIM keeps the newest N', () => {
    const [e, r] = engine();
    for (let i = 1; i <= 10; i++) {
      r('LPUSH', 'tl', 'post' + i);
      r('LTRIM', 'tl', '0', '2');
    }
    expect(r('LRANGE', 'tl', '0', '-1')).toBe('["post10", "post9", "post8"]');
    e.close();
  });

  it('LINSERT, LSET, LINDEX, LREM from either end, LPOS options', () => {
    const [e, r] = engine();
    r('RPUSH', 'l', 'a', 'x', 'b', 'x', 'c', 'x');
    expect(r('LINSERT', 'l', 'BEFORE', 'b', 'y')).toBe('(int) 7');
    expect(r('LINSERT', 'l', 'AFTER', 'zz', 'y')).toBe('(int) -1');
    expect(r('LSET', 'l', '-1', 'X')).toBe('+OK');
    expect(r('LSET', 'l', '99', 'X')).toBe('-ERR index out of range');
    expect(r('LINDEX', 'l', '2')).toBe('"y"');
    expect(r('LPOS', 'l', 'x', 'RANK', '-1')).toBe('(int) 4');
    expect(r('LPOS', 'l', 'x', 'COUNT', '0')).toBe('[(int) 1, (int) 4]');
    expect(r('LPOS', 'l', 'x', 'RANK', '0')).toBe(
      "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
    );
    expect(r('LREM', 'l', '-1', 'x')).toBe('(int) 1');
    expect(r('LRANGE', 'l', '0', '-1')).toBe('["a", "x", "y", "b", "c", "X"]');
    e.close();
  });

  it('LMOVE rotates a list onto itself and creates the destination', () => {
    const [e, r] = engine();
    r('RPUSH', 'l', '1', '2', '3');
    expect(r('LMOVE', 'l', 'l', 'LEFT', 'RIGHT')).toBe('"1"');
    expect(r('LRANGE', 'l', '0', '-1')).toBe('["2", "3", "1"]');
    expect(r('RPOPLPUSH', 'l', 'other')).toBe('"1"');
    expect(r('LRANGE', 'other', '0', '-1')).toBe('["1"]');
    r('SET', 's', 'v');
    expect(r('LMOVE', 'l', 's', 'LEFT', 'LEFT')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(r('LLEN', 'l')).toBe('(int) 2');
    e.close();
  });
});
