import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../harness/runner/config.js';
import { splitEvenly } from '../../../harness/runner/plan.js';
import { placeShard, seedFromStartAt } from '../../../harness/shard/placement.js';

describe('placeShard', () => {
  it('shards cover the run’s threads exactly once, and their shares of rate and requests add up to the run’s', () => {
    const input = { threads: 10, rate: 9000, requests: 100_003, seed: 5 };
    const placements = [0, 1, 2, 3].map((index) => placeShard({ index, count: 4 }, input, null));
    const threads = placements.flatMap((p) => Array.from({ length: p.local.threads }, (_, i) => p.firstThread + i));
    expect(threads).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(placements.reduce((n, p) => n + p.local.rate!, 0)).toBeCloseTo(9000, 9);
    expect(placements.reduce((n, p) => n + p.local.requests!, 0)).toBe(100_003);
    // Each shard's budget is the sum of its threads' budgets in the unsplit run.
    for (const p of placements) {
      let own = 0;
      for (let g = p.firstThread; g < p.firstThread + p.local.threads; g++) own += splitEvenly(100_003, 10, g);
      expect(p.local.requests).toBe(own);
      expect(p.run).toMatchObject({ threads: 10, rate: 9000, requests: 100_003, seed: 5 });
    }
  });

  it('threads default to one per shard; fewer threads than shards is refused', () => {
    expect(placeShard({ index: 2, count: 8 }, { seed: 1 }, null)).toMatchObject({ firstThread: 2, local: { threads: 1 }, run: { threads: 8 } });
    expect(() => placeShard({ index: 0, count: 8 }, { threads: 4, seed: 1 }, null)).toThrow(/invalid threads: .*at least the shard count \(8\)/);
  });

  it('every shard needs one seed: given, or derived alike from the shared start', () => {
    const start = '2026-12-01T12:00:00.000Z';
    const a = placeShard({ index: 0, count: 2 }, {}, start);
    const b = placeShard({ index: 1, count: 2 }, {}, start);
    expect(a.run.seed).toBe(b.run.seed);
    expect(a.run.seed).toBe(seedFromStartAt(start));
    expect(seedFromStartAt('2026-12-01T12:00:01.000Z')).not.toBe(a.run.seed);
    expect(() => placeShard({ index: 0, count: 2 }, {}, null)).toThrow(ConfigError);
    expect(() => placeShard({ index: 0, count: 2 }, {}, null)).toThrow(/invalid seed: .*shared by every shard/);
  });
});
