import { describe, expect, it } from 'vitest';
import { UniformDistribution } from '../../../workloads/distributions/uniform.js';
import { Rng } from '../../../shared/rng.js';

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: Uint32Array, draws: number): number {
  const expected = draws / counts.length;
  let chi = 0;
  for (const c of counts) chi += ((c - expected) * (c - expected)) / expected;
  return chi;
}

describe('UniformDistribution', () => {
  it('passes a chi-square test over 100 keys', () => {
    const keys = 100;
    const draws = 200_000;
    const dist = new UniformDistribution(keys, new Rng(11));
    const counts = new Uint32Array(keys);
    for (let i = 0; i < draws; i++) counts[dist.next()]!++;
    // 99 degrees of freedom: the 0.999 quantile is 148.2; a biased generator lands far above it.
    expect(chiSquare(counts, draws)).toBeLessThan(148.2);
  });

  it('fails the same chi-square test when one key is favoured by 5 %', () => {
    // The test above can fail: a skew a user would notice pushes the statistic past the bound.
    const keys = 100;
    const draws = 200_000;
    const dist = new UniformDistribution(keys, new Rng(11));
    const counts = new Uint32Array(keys);
    for (let i = 0; i < draws; i++) counts[i % 20 === 0 ? 0 : dist.next()]!++;
    expect(chiSquare(counts, draws)).toBeGreaterThan(148.2);
  });

  it('reaches every index of a large key space and stays below keyCount', () => {
    const keys = 5_000_000;
    const dist = new UniformDistribution(keys, new Rng(12));
    let max = 0;
    let min = keys;
    let fractional = 0;
    for (let i = 0; i < 200_000; i++) {
      const k = dist.next();
      if (!Number.isInteger(k)) fractional++;
      if (k > max) max = k;
      if (k < min) min = k;
    }
    expect(fractional).toBe(0);
    expect(max).toBeLessThan(keys);
    expect(max).toBeGreaterThan(keys * 0.99);
    expect(min).toBeLessThan(keys * 0.01);
  });
});
