/**
 * The engine's key-removal observer: evictions and expiries (lazy or by the active cycle) are
 * reported with the database and the reason; commands that delete keys are not.
 */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { isKeyRemovalObservable, type KeyRemovalReason } from '../../../engines/redis/key-removal.js';

describe('onKeyRemoved', () => {
  it('reports evictions, lazy and active expiries with their database; DEL/UNLINK/FLUSHALL are not reported', async () => {
    const engine = new RedisStyleEngine({ maxmemory: 20_000, 'maxmemory-policy': 'allkeys-random', hz: 100 });
    expect(isKeyRemovalObservable(engine)).toBe(true);
    const seen: [number, string, KeyRemovalReason][] = [];
    engine.onKeyRemoved = (db, key, reason) => seen.push([db, key, reason]);
    try {
      engine.redis.call(['SET', 'gone', 'x']);
      engine.redis.call(['DEL', 'gone']);
      engine.redis.call(['SELECT', '1']);
      engine.redis.call(['SET', 'lazy', 'x', 'PX', '1']);
      await new Promise((r) => setTimeout(r, 5));
      engine.redis.call(['GET', 'lazy']);
      expect(seen.filter((s) => s[1] === 'lazy')).toEqual([[1, 'lazy', 'expired']]);
      engine.redis.call(['SELECT', '0']);
      for (let i = 0; i < 400; i++) engine.redis.call(['SET', `k${i}`, 'v'.repeat(100)]);
      const evicted = seen.filter((s) => s[2] === 'evicted');
      expect(evicted.length).toBe(Number(engine.stats()['evicted_keys']));
      expect(evicted.length).toBeGreaterThan(200);
      expect(evicted.every((s) => s[0] === 0 && engine.redis.call(['EXISTS', s[1]]) === 0)).toBe(true);
      engine.redis.call(['FLUSHALL']);
      engine.redis.call(['SET', 'active', 'x', 'PX', '1']);
      const before = seen.length;
      const deadline = Date.now() + 2000;
      while (seen.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(seen.slice(before)).toEqual([[0, 'active', 'expired']]);
      expect(seen.some((s) => s[1] === 'gone')).toBe(false);
      engine.onKeyRemoved = null;
      engine.redis.call(['SET', 'quiet', 'x', 'PX', '1']);
      await new Promise((r) => setTimeout(r, 5));
      engine.redis.call(['GET', 'quiet']);
      expect(seen.some((s) => s[1] === 'quiet')).toBe(false);
    } finally {
      engine.close();
    }
  });
});
