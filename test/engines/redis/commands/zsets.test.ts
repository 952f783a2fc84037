/** Sorted-set commands as a user sees them: a leaderboard, ranges, ZADD flags, stores. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { canonical } from '../support/differential.js';

function engine(): [RedisStyleEngine, (...argv: string[]) => string] {
  const e = new RedisStyleEngine();
  return [e, (...argv) => canonical(e.redis.call(argv) as Reply)];
}

describe('sorted-set commands', () => {
  it('a leaderboard: ZINCRBY, ZREVRANGE top N WITHSCORES, ranks', () => {
    const [e, r] = engine();
    for (const [p, pts] of [['ann', '30'], ['bob', '10'], ['cat', '20']]) r('ZINCRBY', 'lb', pts!, p!);
    r('ZINCRBY', 'lb', '25', 'bob');
    expect(r('ZREVRANGE', 'lb', '0', '1', 'WITHSCORES')).toBe('["bob", "35", "ann", "30"]');
    expect(r('ZREVRANK', 'lb', 'cat')).toBe('(int) 2');
    expect(r('ZRANK', 'lb', 'cat')).toBe('(int) 0');
    expect(r('ZSCORE', 'lb', 'nobody')).toBe('nil');
    e.close();
  });

  it('ZADD flags: NX XX GT LT CH INCR and their conflicts', () => {
    const [e, r] = engine();
    expect(r('ZADD', 'z', '1', 'a', '2', 'b')).toBe('(int) 2');
    expect(r('ZADD', 'z', 'CH', '5', 'a', '2', 'b', '3', 'c')).toBe('(int) 2');
    expect(r('ZADD', 'z', 'GT', 'CH', '4', 'a')).toBe('(int) 0');
    expect(r('ZADD', 'z', 'LT', 'CH', '4', 'a')).toBe('(int) 1');
    expect(r('ZADD', 'z', 'XX', 'INCR', '1.5', 'a')).toBe('"5.5"');
    expect(r('ZADD', 'z', 'NX', 'INCR', '1', 'a')).toBe('nil');
    expect(r('ZADD', 'z', 'NX', 'XX', '1', 'a')).toBe('-ERR XX and NX options at the same time are not compatible');
    expect(r('ZADD', 'z', 'GT', 'LT', '1', 'a')).toBe('-ERR GT, LT, and/or NX options at the same time are not compatible');
    expect(r('ZADD', 'z', 'INCR', '1', 'a', '2', 'b')).toBe('-ERR INCR option supports a single increment-element pair');
    expect(r('ZADD', 'z', 'nan', 'a')).toBe('-ERR value is not a valid float');
    r('ZADD', 'z', '+inf', 'top');
    expect(r('ZINCRBY', 'z', '-inf', 'top')).toBe('-ERR resulting score is not a number (NaN)');
    e.close();
  });

  it('ZRANGE BYSCORE / BYLEX / REV / LIMIT and the old forms agree', () => {
    const [e, r] = engine();
    r('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    expect(r('ZRANGE', 'z', '(1', '3', 'BYSCORE', 'WITHSCORES')).toBe('["b", "2", "c", "3"]');
    expect(r('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '1', '2')).toBe('["c", "b"]');
    expect(r('ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'LIMIT', '1', '2')).toBe('["c", "b"]');
    expect(r('ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1')).toBe(
      '-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
    );
    expect(r('ZRANGEBYSCORE', 'z', 'x', '1')).toBe('-ERR min or max is not a float');
    r('ZADD', 'lex', '0', 'apple', '0', 'banana', '0', 'cherry');
    expect(r('ZRANGE', 'lex', '[b', '+', 'BYLEX')).toBe('["banana", "cherry"]');
    expect(r('ZRANGE', 'lex', '(cherry', '-', 'BYLEX', 'REV')).toBe('["banana", "apple"]');
    expect(r('ZLEXCOUNT', 'lex', '-', '+')).toBe('(int) 3');
    expect(r('ZRANGE', 'lex', 'b', '+', 'BYLEX')).toBe('-ERR min or max not valid string range item');
    expect(r('ZCOUNT', 'z', '(1', '+inf')).toBe('(int) 3');
    e.close();
  });

  it('ZPOPMIN/ZPOPMAX, ZREMRANGEBY*, ZUNIONSTORE/ZINTERSTORE with WEIGHTS and AGGREGATE', () => {
    const [e, r] = engine();
    r('ZADD', 'a', '1', 'x', '2', 'y', '3', 'z');
    r('SADD', 'plain', 'y', 'z', 'w');
    expect(r('ZINTERSTORE', 'out', '2', 'a', 'plain', 'WEIGHTS', '10', '1')).toBe('(int) 2');
    expect(r('ZRANGE', 'out', '0', '-1', 'WITHSCORES')).toBe('["y", "21", "z", "31"]');
    expect(r('ZUNIONSTORE', 'out', '2', 'a', 'plain', 'AGGREGATE', 'MAX')).toBe('(int) 4');
    expect(r('ZRANGE', 'out', '0', '-1', 'WITHSCORES')).toBe('["w", "1", "x", "1", "y", "2", "z", "3"]');
    expect(r('ZUNIONSTORE', 'out', '0', 'a')).toBe("-ERR at least 1 input key is needed for 'zunionstore' command");
    expect(r('ZPOPMAX', 'a')).toBe('["z", "3"]');
    expect(r('ZPOPMIN', 'a', '5')).toBe('["x", "1", "y", "2"]');
    r('ZADD', 'b', '1', 'p', '2', 'q', '3', 'r', '4', 's');
    expect(r('ZREMRANGEBYRANK', 'b', '0', '1')).toBe('(int) 2');
    expect(r('ZREMRANGEBYSCORE', 'b', '(3', '4')).toBe('(int) 1');
    expect(r('ZRANGE', 'b', '0', '-1')).toBe('["r"]');
    e.close();
  });

  it('-0 reads back as 0 from a small set (listpack) but stays -0 in a big one (skiplist)', () => {
    const [e, r] = engine();
    r('ZADD', 'small', '-0', 'm');
    expect(r('ZSCORE', 'small', 'm')).toBe('"0"');
    expect(r('ZINCRBY', 'small2', '-0', 'm')).toBe('"-0"');
    for (let i = 0; i < 130; i++) r('ZADD', 'big', String(i), 'm' + i);
    r('ZADD', 'big', '-0', 'neg');
    expect(r('ZSCORE', 'big', 'neg')).toBe('"-0"');
    e.close();
  });
});
