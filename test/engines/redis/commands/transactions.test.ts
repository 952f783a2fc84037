/** MULTI/EXEC/DISCARD/WATCH: queueing, aborts and optimistic locking between two clients. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { canonical } from '../support/differential.js';

describe('transactions', () => {
  it('queues commands and runs them atomically on EXEC', () => {
    const e = new RedisStyleEngine();
    const r = (...a: string[]): string => canonical(e.redis.call(a) as Reply);
    expect(r('MULTI')).toBe('+OK');
    expect(r('SET', 'k', '1')).toBe('+QUEUED');
    expect(r('INCR', 'k')).toBe('+QUEUED');
    expect(r('LPUSH', 'k', 'x')).toBe('+QUEUED');
    expect(r('EXEC')).toBe('[+OK, (int) 2, -WRONGTYPE Operation against a key holding the wrong kind of value]');
    expect(r('EXEC')).toBe('-ERR EXEC without MULTI');
    e.close();
  });

  it('a command that fails to queue aborts the whole transaction', () => {
    const e = new RedisStyleEngine();
    const r = (...a: string[]): string => canonical(e.redis.call(a) as Reply);
    r('MULTI');
    r('SET', 'k', '1');
    expect(r('GET')).toBe("-ERR wrong number of arguments for 'get' command");
    expect(r('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.');
    expect(r('EXISTS', 'k')).toBe('(int) 0');
    expect(r('MULTI')).toBe('+OK');
    expect(r('MULTI')).toBe('-ERR MULTI calls can not be nested');
    expect(r('WATCH', 'k')).toBe('-ERR WATCH inside MULTI is not allowed');
    expect(r('DISCARD')).toBe('+OK');
    e.close();
  });

  it('WATCH: another client changing the key makes EXEC answer nil; no change lets it run', () => {
    const e = new RedisStyleEngine();
    const me = e.redis.session();
    const other = e.redis.session();
    me.call(['SET', 'balance', '100']);
    me.call(['WATCH', 'balance']);
    other.call(['INCRBY', 'balance', '5']);
    me.call(['MULTI']);
    me.call(['DECRBY', 'balance', '10']);
    expect(me.call(['EXEC'])).toBeNull();
    expect(me.call(['GET', 'balance'])).toBe('105');
    me.call(['WATCH', 'balance']);
    other.call(['GET', 'balance']);
    other.call(['SADD', 'unrelated', 'x']);
    me.call(['MULTI']);
    me.call(['DECRBY', 'balance', '10']);
    expect(me.call(['EXEC'])).toEqual([95]);
    e.close();
  });

  it('WATCH sees expiry: a watched key that expires makes EXEC answer nil', async () => {
    const e = new RedisStyleEngine();
    e.redis.call(['SET', 'k', 'v', 'PX', '20']);
    e.redis.call(['WATCH', 'k']);
    await new Promise((r) => setTimeout(r, 40));
    e.redis.call(['MULTI']);
    e.redis.call(['SET', 'other', '1']);
    expect(e.redis.call(['EXEC'])).toBeNull();
    e.close();
  });
});
