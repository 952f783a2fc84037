/** String commands as a user sees them: replies, TTL options, integer and float edges, errors. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { canonical } from '../support/differential.js';

function engine(): [RedisStyleEngine, (...argv: string[]) => string] {
  const e = new RedisStyleEngine();
  return [e, (...argv) => canonical(e.redis.call(argv) as Reply)];
}

describe('GET / SET and options', () => {
  it('SET NX/XX/GET answer like Redis', () => {
    const [e, r] = engine();
    expect(r('SET', 'k', 'v1', 'XX')).toBe('nil');
    expect(r('SET', 'k', 'v1', 'NX')).toBe('+OK');
    expect(r('SET', 'k', 'v2', 'NX')).toBe('nil');
    expect(r('SET', 'k', 'v2', 'NX', 'GET')).toBe('"v1"');
    expect(r('SET', 'k', 'v3', 'GET')).toBe('"v1"');
    expect(r('GET', 'k')).toBe('"v3"');
    expect(r('SET', 'k', 'v', 'NX', 'XX')).toBe('-ERR syntax error');
    expect(r('SET', 'k', 'v', 'EX', '10', 'PX', '100')).toBe('-ERR syntax error');
    expect(r('SET', 'k', 'v', 'KEEPTTL', 'EX', '1')).toBe('-ERR syntax error');
    e.close();
  });

  it('rejects bad expire times with the command name in the message', () => {
    const [e, r] = engine();
    expect(r('SET', 'k', 'v', 'EX', '0')).toBe("-ERR invalid expire time in 'set' command");
    expect(r('SET', 'k', 'v', 'PX', '-5')).toBe("-ERR invalid expire time in 'set' command");
    expect(r('SET', 'k', 'v', 'EX', '9223372036854775807')).toBe("-ERR invalid expire time in 'set' command");
    expect(r('SETEX', 'k', '0', 'v')).toBe("-ERR invalid expire time in 'setex' command");
    expect(r('SET', 'k', 'v', 'EX', 'ten')).toBe('-ERR value is not an integer or out of range');
    expect(r('SET', 'k', 'v', 'EXAT', String(Math.floor(Date.now() / 1000) - 10))).toBe('+OK');
    expect(r('EXISTS', 'k')).toBe('(int) 0');
    e.close();
  });

  it('GET on a list is WRONGTYPE; SET replaces any type', () => {
    const [e, r] = engine();
    r('RPUSH', 'l', 'a');
    expect(r('GET', 'l')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(r('SET', 'l', 'now a string')).toBe('+OK');
    expect(r('TYPE', 'l')).toBe('+string');
    e.close();
  });

  it('values are binary-safe byte strings', () => {
    const [e] = engine();
    const bytes = '\x00\xff\r\n\x80 end';
    e.redis.call(['SET', 'b', bytes]);
    expect(e.redis.call(['GET', 'b'])).toBe(bytes);
    expect(e.redis.call(['STRLEN', 'b'])).toBe(bytes.length);
    e.close();
  });
});

describe('counters', () => {
  it('INCR family is int64-exact and refuses overflow and non-integers', () => {
    const [e, r] = engine();
    expect(r('INCRBY', 'n', '9223372036854775806')).toBe('(int) 9223372036854775806');
    expect(r('INCR', 'n')).toBe('(int) 9223372036854775807');
    expect(r('INCR', 'n')).toBe('-ERR increment or decrement would overflow');
    expect(r('DECRBY', 'm', '-9223372036854775808')).toBe('-ERR decrement would overflow');
    r('SET', 's', '12 ');
    expect(r('INCR', 's')).toBe('-ERR value is not an integer or out of range');
    expect(r('INCRBY', 'x', '1.5')).toBe('-ERR value is not an integer or out of range');
    expect(r('DECR', 'fresh')).toBe('(int) -1');
    e.close();
  });

  it('INCRBYFLOAT prints like Redis and refuses NaN and infinity', () => {
    const [e, r] = engine();
    expect(r('INCRBYFLOAT', 'f', '10.5')).toBe('"10.5"');
    expect(r('INCRBYFLOAT', 'f', '0.1')).toBe('"10.6"');
    // Exactly what redis-server 7.0 answers: the long double sum shows its binary rounding.
    expect(r('INCRBYFLOAT', 'f', '-5.0e3')).toBe('"-4989.39999999999999991"');
    expect(r('INCRBYFLOAT', 'f', 'inf')).toBe('-ERR increment would produce NaN or Infinity');
    expect(r('INCRBYFLOAT', 'f', 'nan')).toBe('-ERR value is not a valid float');
    expect(r('GET', 'f')).toBe('"-4989.39999999999999991"');
    e.close();
  });
});

describe('ranges and appends', () => {
  it('GETRANGE / SETRANGE / APPEND', () => {
    const [e, r] = engine();
    expect(r('APPEND', 'k', 'Hello')).toBe('(int) 5');
    expect(r('APPEND', 'k', ' World')).toBe('(int) 11');
    expect(r('GETRANGE', 'k', '-5', '-1')).toBe('"World"');
    expect(r('GETRANGE', 'k', '5', '2')).toBe('""');
    expect(r('SETRANGE', 'k', '6', 'Redis')).toBe('(int) 11');
    expect(r('GET', 'k')).toBe('"Hello Redis"');
    expect(r('SETRANGE', 'pad', '3', 'x')).toBe('(int) 4');
    expect(r('GET', 'pad')).toBe('"\\u0000\\u0000\\u0000x"');
    expect(r('SETRANGE', 'k', '-1', 'x')).toBe('-ERR offset is out of range');
    expect(r('SETRANGE', 'k', '536870912', 'x')).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    e.close();
  });

  it('MSET / MSETNX / MGET / GETDEL / GETEX', () => {
    const [e, r] = engine();
    expect(r('MSET', 'a', '1', 'b', '2')).toBe('+OK');
    expect(r('MSETNX', 'b', '3', 'c', '4')).toBe('(int) 0');
    expect(r('MGET', 'a', 'b', 'c')).toBe('["1", "2", nil]');
    expect(r('MSET', 'a')).toBe("-ERR wrong number of arguments for 'mset' command");
    expect(r('GETEX', 'a', 'EX', '50')).toBe('"1"');
    expect(r('TTL', 'a')).toBe('(int) 50');
    expect(r('GETEX', 'a', 'PERSIST')).toBe('"1"');
    expect(r('TTL', 'a')).toBe('(int) -1');
    expect(r('GETDEL', 'a')).toBe('"1"');
    expect(r('EXISTS', 'a')).toBe('(int) 0');
    e.close();
  });
});
