import { describe, expect, it } from 'vitest';
import { ZipfianGenerator } from '../../../workloads/distributions/zipfian.js';
import { zeta } from '../../../workloads/distributions/zeta.js';
import { Rng } from '../../../shared/rng.js';

function rankCounts(gen: ZipfianGenerator, draws: number): Uint32Array {
  const counts = new Uint32Array(gen.itemCount);
  for (let i = 0; i < draws; i++) counts[gen.next()]!++;
  return counts;
}

describe('ZipfianGenerator (YCSB / Gray et al.)', () => {
  it('draws rank 0 with probability 1/ζ(n, θ) and rank 1 with 2^−θ/ζ(n, θ)', () => {
    const items = 1000;
    const draws = 400_000;
    const counts = rankCounts(new ZipfianGenerator(items, 0.99, new Rng(21)), draws);
    const z = zeta(items, 0.99);
    // 4 standard errors of a binomial proportion: a wrong normalisation is off by far more.
    const p0 = 1 / z;
    const p1 = Math.pow(2, -0.99) / z;
    expect(Math.abs(counts[0]! / draws - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / draws));
    expect(Math.abs(counts[1]! / draws - p1)).toBeLessThan(4 * Math.sqrt((p1 * (1 - p1)) / draws));
  });

  it('falls off as a power law: rank k about (k+1)^−θ of rank 0', () => {
    const items = 1000;
    const draws = 400_000;
    const theta = 0.8;
    const counts = rankCounts(new ZipfianGenerator(items, theta, new Rng(22)), draws);
    for (const k of [3, 9, 49]) {
      const expected = Math.pow(k + 1, -theta);
      // Gray's method approximates ranks ≥ 2; YCSB accepts the same approximation.
      expect(counts[k]! / counts[0]!).toBeGreaterThan(expected * 0.75);
      expect(counts[k]! / counts[0]!).toBeLessThan(expected * 1.25);
    }
    // Monotone on the head: more popular ranks are drawn more often.
    expect(counts[0]!).toBeGreaterThan(counts[1]!);
    expect(counts[1]!).toBeGreaterThan(counts[5]!);
    expect(counts[5]!).toBeGreaterThan(counts[50]!);
  });

  it('stays inside [0, items) and follows a resize', () => {
    const gen = new ZipfianGenerator(10, 0.99, new Rng(23));
    expect(Math.max(...Array.from({ length: 10_000 }, () => gen.next()))).toBeLessThan(10);
    gen.resize(20);
    expect(gen.zetaN).toBeCloseTo(zeta(20, 0.99), 12);
    let above = 0;
    let beyond = 0;
    for (let i = 0; i < 10_000; i++) {
      const r = gen.next();
      if (r >= 20) beyond++;
      if (r >= 10) above++;
    }
    expect(beyond).toBe(0);
    expect(above).toBeGreaterThan(0);
  });

  it('refuses a theta outside (0, 1)', () => {
    expect(() => new ZipfianGenerator(10, 1, new Rng(1))).toThrow(/theta/);
    expect(() => new ZipfianGenerator(10, 0, new Rng(1))).toThrow(/theta/);
  });
});
