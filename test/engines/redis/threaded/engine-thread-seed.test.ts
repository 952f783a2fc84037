/**
 * The redis-style engine thread of a multi-thread run draws its own random choices (SRANDMEMBER,
 * SPOP, skiplist levels, eviction samples) from the seed the run gives `prepareShared`, not from
 * a fixed default and not from whichever load thread connects first.
 */
import { describe, expect, it } from 'vitest';
import { redisStyleFactory } from '../../../../engines/redis/factory.js';
import type { Engine } from '../../../../engines/types.js';
import { runCell } from '../../../../harness/cell/run-cell.js';
import { sharedEngineSeed } from '../../../../harness/runner/seeds.js';
import { distUrl } from '../../../../shared/dist-url.js';

const MEMBERS = Array.from({ length: 200 }, (_, i) => `m${i}`);

/** Two load threads' engines on one engine thread seeded `seed`; the picks one of them sees. */
async function engineThreadPicks(seed: number): Promise<unknown[]> {
  const shared = await redisStyleFactory.prepareShared!({}, { seed, workerUrl: distUrl });
  const engines: Engine[] = [];
  try {
    // The load threads' own seeds stay fixed: only the run's shared seed may change the picks.
    for (let index = 0; index < 2; index++) engines.push(await redisStyleFactory.create({}, shared, { index, count: 2, isWorker: false, seed: 99 + index }));
    const [a, b] = engines as [Engine, Engine];
    await a.redis!.call(['SADD', 's', ...MEMBERS]);
    await a.redis!.call(['ZADD', 'z', ...MEMBERS.flatMap((m, i) => [String(i), m])]);
    const out: unknown[] = [];
    for (let i = 0; i < 20; i++) out.push(await b.redis!.call(['SRANDMEMBER', 's']));
    out.push(await a.redis!.call(['SPOP', 's', '5']));
    return out;
  } finally {
    for (const e of engines) await e.close();
    await shared.release?.();
  }
}

describe('the redis-style engine thread follows the run seed', () => {
  it('same seed → same picks; another seed → other picks', async () => {
    const first = await engineThreadPicks(sharedEngineSeed(7));
    expect(await engineThreadPicks(sharedEngineSeed(7))).toEqual(first);
    expect(await engineThreadPicks(sharedEngineSeed(8))).not.toEqual(first);
  }, 30_000);

  it('a multi-thread run seeds its engine thread from the run seed and records it', async () => {
    const run = (seed: number) =>
      runCell({ engine: { name: 'redis-style' }, workload: { name: 'kv', params: { keys: 100 } }, config: { threads: 2, requests: 200, warmupMs: 0, concurrency: 1, seed } });
    const [a, again, other] = [await run(7), await run(7), await run(8)];
    expect(a.engine.facts?.['engineThreadSeed']).toBe(sharedEngineSeed(7));
    expect(again.engine.facts?.['engineThreadSeed']).toBe(a.engine.facts?.['engineThreadSeed']);
    expect(other.engine.facts?.['engineThreadSeed']).not.toBe(a.engine.facts?.['engineThreadSeed']);
  }, 60_000);
});
