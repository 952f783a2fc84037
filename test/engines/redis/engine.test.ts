/** The Engine facade: the kv hot path, stats, flush, sessions sharing one keyspace. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { EngineError } from '../../../engines/types.js';

describe('RedisStyleEngine kv facet', () => {
  it('get/set/add/del/mget/incr/expire with Redis semantics and no Promises', () => {
    const e = new RedisStyleEngine();
    expect(e.sync).toBe(true);
    expect(e.kv.get('k')).toBeNull();
    e.kv.set('k', 'v');
    expect(e.kv.get('k')).toBe('v');
    expect(e.kv.add('k', 'other')).toBe(false);
    expect(e.kv.add('n', '10')).toBe(true);
    expect(e.kv.incr('n', 5)).toBe(15);
    expect(e.kv.incr('fresh', -2)).toBe(-2);
    expect(e.kv.mget(['k', 'none', 'n'])).toEqual(['v', null, '15']);
    expect(e.kv.expire('k', 100_000)).toBe(true);
    expect(e.redis.call(['TTL', 'k'])).toBe(100);
    expect(e.kv.expire('none', 10)).toBe(false);
    expect(e.kv.del('k')).toBe(true);
    expect(e.kv.del('k')).toBe(false);
    e.close();
  });

  it('a TTL set through kv expires the key', async () => {
    const e = new RedisStyleEngine();
    e.kv.set('k', 'v', 20);
    expect(e.kv.get('k')).toBe('v');
    await new Promise((r) => setTimeout(r, 40));
    expect(e.kv.get('k')).toBeNull();
    e.close();
  });

  it('type errors and bad deltas surface as EngineError with a kind', () => {
    const e = new RedisStyleEngine();
    e.redis.call(['LPUSH', 'l', 'x']);
    expect(() => e.kv.get('l')).toThrow(/WRONGTYPE/);
    e.kv.set('s', 'abc');
    try {
      e.kv.incr('s', 1);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).kind).toBe('reply');
    }
    expect(() => e.kv.incr('s', 1.5)).toThrow(/delta/);
    expect(() => e.kv.set('k', 'v', -1)).toThrow(/ttlMs: must be a number of milliseconds ≥ 0/);
    expect(() => e.kv.add('k', 'v', Number.NaN)).toThrow(/ttlMs/);
    e.close();
  });

  it('kv calls show in command stats like the commands they stand for', () => {
    const e = new RedisStyleEngine();
    e.kv.set('a', '1');
    e.kv.get('a');
    e.kv.get('a');
    const s = e.stats();
    expect(s['cmdstat_set']).toBe('calls=1,rejected_calls=0,failed_calls=0');
    expect(s['cmdstat_get']).toBe('calls=2,rejected_calls=0,failed_calls=0');
    expect(s['total_commands_processed']).toBe(3);
    expect(e.info.capabilities.has('sortedSets')).toBe(true);
    expect(e.info.capabilities.has('persistence')).toBe(false);
    e.close();
  });

  it('flush empties every database', () => {
    const e = new RedisStyleEngine();
    const s = e.redis.session();
    s.call(['SELECT', '2']);
    s.call(['SET', 'x', '1']);
    e.kv.set('y', '1');
    e.flush();
    expect(e.redis.call(['DBSIZE'])).toBe(0);
    expect(s.call(['DBSIZE'])).toBe(0);
    e.close();
  });
});
