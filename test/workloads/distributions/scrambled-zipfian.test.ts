import { describe, expect, it } from 'vitest';
import { fnvHash64Mod } from '../../../workloads/distributions/fnv.js';
import { SCRAMBLED_ITEM_COUNT, ScrambledZipfianDistribution, SCRAMBLED_ZETAN } from '../../../workloads/distributions/scrambled-zipfian.js';
import { Rng } from '../../../shared/rng.js';

describe('ScrambledZipfianDistribution (the `zipfian` key pattern)', () => {
  const keys = 1000;
  const draws = 500_000;
  const dist = new ScrambledZipfianDistribution(keys, 0.99, new Rng(31));
  const counts = new Uint32Array(keys);
  for (let i = 0; i < draws; i++) counts[dist.next()]!++;

  it("gives the hottest key the share theory predicts: rank 0's 1/ζ plus the ranks hashed onto it", () => {
    const hottestKey = fnvHash64Mod(0, keys);
    let observedMax = 0;
    for (let k = 0; k < keys; k++) if (counts[k]! > counts[observedMax]!) observedMax = k;
    expect(observedMax).toBe(hottestKey);

    // Theory: Σ p(rank r) over the ranks r that hash onto the hottest key. The first million
    // ranks are summed one by one; the rest of the mass spreads evenly over the key space.
    const head = 1_000_000;
    let onHottest = 0;
    let headMass = 0;
    for (let r = 0; r < head; r++) {
      const p = Math.pow(r + 1, -0.99) / SCRAMBLED_ZETAN;
      headMass += p;
      if (fnvHash64Mod(r, keys) === hottestKey) onHottest += p;
    }
    const expected = onHottest + (1 - headMass) / keys;
    expect(expected).toBeGreaterThan(1 / SCRAMBLED_ZETAN);
    const sd = Math.sqrt((expected * (1 - expected)) / draws);
    expect(Math.abs(counts[hottestKey]! / draws - expected)).toBeLessThan(4 * sd + 0.0015);
  });

  it('spreads the hot keys over the key space instead of the first indices', () => {
    const order = Array.from(counts.keys()).sort((a, b) => counts[b]! - counts[a]!);
    const top10 = order.slice(0, 10);
    expect(Math.max(...top10) - Math.min(...top10)).toBeGreaterThan(keys / 4);
  });

  it('is skewed: the top 10 % of keys take far more than 10 % of operations', () => {
    const sorted = Array.from(counts).sort((a, b) => b - a);
    const top = sorted.slice(0, keys / 10).reduce((s, c) => s + c, 0);
    expect(top / draws).toBeGreaterThan(0.25);
  });

  it('draws ranks from YCSB’s 10^10 items', () => {
    expect(SCRAMBLED_ITEM_COUNT).toBe(1e10);
    expect(dist.hottestRankProbability).toBeCloseTo(1 / SCRAMBLED_ZETAN, 12);
  });

  it('uses its own θ when not 0.99', () => {
    const flat = new ScrambledZipfianDistribution(keys, 0.5, new Rng(32));
    expect(flat.hottestRankProbability).toBeLessThan(1e-4);
    expect(flat.spec).toBe('zipfian:0.5');
  });
});
