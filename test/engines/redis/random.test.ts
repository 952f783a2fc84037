import { describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';

/** Fill a set, then draw SRANDMEMBER / SPOP picks after seeding the engine's stream. */
function picks(seed: number): unknown[] {
  const e = new RedisStyleEngine({}, seed);
  e.redis.call(['SADD', 's', ...Array.from({ length: 200 }, (_, i) => `m${i}`)]);
  const out: unknown[] = [];
  for (let i = 0; i < 20; i++) out.push(e.redis.call(['SRANDMEMBER', 's']));
  out.push(e.redis.call(['SPOP', 's', '5']));
  return out;
}

describe('redis-style random choices come from the seeded stream', () => {
  it('the same seed repeats the same picks; another seed makes others', () => {
    expect(picks(42)).toEqual(picks(42));
    expect(picks(42)).not.toEqual(picks(43));
  });

  it('each engine owns its stream: building another engine does not move this one', () => {
    const a = new RedisStyleEngine({}, 42);
    a.redis.call(['SADD', 's', ...Array.from({ length: 200 }, (_, i) => `m${i}`)]);
    const first = a.redis.call(['SRANDMEMBER', 's']);
    new RedisStyleEngine({}, 43).redis.call(['SADD', 't', 'x']);
    const b = new RedisStyleEngine({}, 42);
    b.redis.call(['SADD', 's', ...Array.from({ length: 200 }, (_, i) => `m${i}`)]);
    expect(b.redis.call(['SRANDMEMBER', 's'])).toEqual(first);
    expect(a.redis.call(['SRANDMEMBER', 's'])).toEqual(b.redis.call(['SRANDMEMBER', 's']));
  });
});
