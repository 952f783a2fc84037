/** maxmemory: OOM under noeviction, and each eviction policy's choice of victims. */
import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { EngineError, ErrorReply } from '../../../engines/types.js';

const VALUE = 'x'.repeat(1000);

function fill(e: RedisStyleEngine, prefix: string, n: number, ttl = false): void {
  for (let i = 0; i < n; i++) e.redis.call(ttl ? ['SET', prefix + i, VALUE, 'EX', String(1000 + i)] : ['SET', prefix + i, VALUE]);
}

describe('maxmemory and eviction', () => {
  it('noeviction refuses writes with OOM but still serves reads and deletes', () => {
    const e = new RedisStyleEngine({ maxmemory: 50_000 });
    let oom: unknown = null;
    for (let i = 0; i < 200 && oom === null; i++) {
      const r = e.redis.call(['SET', 'k' + i, VALUE]);
      if (r instanceof ErrorReply) oom = r;
    }
    expect(String(oom)).toBe("OOM command not allowed when used memory > 'maxmemory'.");
    expect(e.redis.call(['GET', 'k0'])).toBe(VALUE);
    expect(e.redis.call(['DEL', 'k0'])).toBe(1);
    expect(() => {
      for (let i = 0; i < 200; i++) e.kv.set('x' + i, VALUE);
    }).toThrow(EngineError);
    e.close();
  });

  it('allkeys-lru keeps memory under the limit and prefers keys not used lately', async () => {
    const e = new RedisStyleEngine({ maxmemory: 100_000, 'maxmemory-policy': 'allkeys-lru' });
    fill(e, 'old', 60);
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 20; i++) e.redis.call(['GET', 'old' + i]); // make 20 old keys recent again
    fill(e, 'new', 60);
    const s = e.stats();
    expect(s['used_memory'] as number).toBeLessThanOrEqual(100_000 + 2000);
    expect(s['evicted_keys'] as number).toBeGreaterThan(0);
    let recentKept = 0;
    let staleKept = 0;
    for (let i = 0; i < 20; i++) if (e.redis.call(['EXISTS', 'old' + i]) === 1) recentKept++;
    for (let i = 20; i < 60; i++) if (e.redis.call(['EXISTS', 'old' + i]) === 1) staleKept++;
    // Sampling is approximate (as in Redis), but touched keys must survive far more often.
    expect(recentKept / 20).toBeGreaterThan(staleKept / 40);
    e.close();
  });

  it('volatile-ttl evicts only keys with a TTL, soonest expiry first', () => {
    const e = new RedisStyleEngine({ maxmemory: 100_000, 'maxmemory-policy': 'volatile-ttl', 'maxmemory-samples': 10 });
    fill(e, 'keep', 30);
    fill(e, 'ttl', 100, true);
    for (let i = 0; i < 30; i++) expect(e.redis.call(['EXISTS', 'keep' + i])).toBe(1);
    const survivors = [];
    for (let i = 0; i < 100; i++) if (e.redis.call(['EXISTS', 'ttl' + i]) === 1) survivors.push(i);
    expect(survivors.length).toBeGreaterThan(0);
    expect(survivors.length).toBeLessThan(100);
    // Later expiries survive: the average survivor index is well above the middle.
    expect(survivors.reduce((a, b) => a + b, 0) / survivors.length).toBeGreaterThan(55);
    e.close();
  });

  it('volatile-lru with no volatile keys cannot make room: OOM', () => {
    const e = new RedisStyleEngine({ maxmemory: 30_000, 'maxmemory-policy': 'volatile-lru' });
    const replies = [];
    for (let i = 0; i < 60; i++) replies.push(e.redis.call(['SET', 'k' + i, VALUE]));
    expect(replies.some((r) => r instanceof ErrorReply && r.code === 'OOM')).toBe(true);
    e.close();
  });

  it('allkeys-random evicts until under the limit and CONFIG SET switches policy live', () => {
    const e = new RedisStyleEngine();
    fill(e, 'k', 100);
    expect(String(e.redis.call(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random']))).toBe('OK');
    expect(String(e.redis.call(['CONFIG', 'SET', 'maxmemory', '60000']))).toBe('OK');
    e.redis.call(['SET', 'trigger', 'v']);
    expect(e.stats()['used_memory'] as number).toBeLessThanOrEqual(60_000);
    expect(e.redis.call(['DBSIZE']) as number).toBeLessThan(100);
    e.close();
  });
});
