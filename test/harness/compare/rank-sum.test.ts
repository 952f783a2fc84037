import { describe, expect, it } from 'vitest';
import { EXACT_MAX_PER_SIDE, intervalRank, mannWhitneyP, minimumRepeatsPerSide, normalUpperTail, uDistribution } from '../../../harness/compare/rank-sum.js';
import { estimateShift } from '../../../harness/compare/shift.js';

describe('Mann–Whitney U', () => {
  it('the exact null distribution sums to 1, is symmetric, and matches the textbook critical values', () => {
    for (const [m, n] of [
      [1, 1],
      [3, 5],
      [7, 7],
      [9, 4],
    ] as const) {
      const d = uDistribution(m, n);
      expect(d.length).toBe(m * n + 1);
      expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let u = 0; u < d.length; u++) expect(d[u]).toBeCloseTo(d[d.length - 1 - u]!, 12);
    }
    // P(U = 0) = 1 / C(m+n, m)
    expect(uDistribution(4, 4)[0]).toBeCloseTo(1 / 70, 12);
    // Two-sided 5% critical values of U (reject when U ≤ c): 7×7 → 8, 5×5 → 2, 10×10 → 23.
    expect(intervalRank(7, 7)!.k - 1).toBe(8);
    expect(intervalRank(5, 5)!.k - 1).toBe(2);
    expect(intervalRank(10, 10)!.k - 1).toBe(23);
    expect(intervalRank(7, 7)!.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('needs 4 repeats per side for a 95% interval; 3 + 3 cannot reach it', () => {
    expect(intervalRank(3, 3)).toBeNull();
    expect(intervalRank(4, 4)!.k).toBe(1);
    expect(minimumRepeatsPerSide()).toBe(4);
  });

  it('the normal approximation takes over smoothly beyond the exact range', () => {
    const exact = intervalRank(EXACT_MAX_PER_SIDE, EXACT_MAX_PER_SIDE)!.k;
    const approx = intervalRank(EXACT_MAX_PER_SIDE + 1, EXACT_MAX_PER_SIDE)!.k;
    expect(Math.abs(approx - exact)).toBeLessThan(60); // adding one value moves k by about n/2
    expect(normalUpperTail(1.959963984540054)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
  });

  it('p-values: complete separation of 5 vs 5 is 2/252 exactly; identical samples give 1; ties use the corrected normal', () => {
    expect(mannWhitneyP([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])).toBeCloseTo(2 / 252, 12);
    expect(mannWhitneyP([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])).toBeCloseTo(1, 6);
    const tied = mannWhitneyP([10, 10, 11, 11, 12], [12, 12, 13, 13, 14]);
    expect(tied).toBeGreaterThan(0.005);
    expect(tied).toBeLessThan(0.05);
  });
});

describe('Hodges–Lehmann shift on a log scale', () => {
  it('an exact multiplicative change is estimated exactly, inside its interval', () => {
    const base = [100, 103, 97, 101, 99, 102, 98];
    const s = estimateShift(base, base.map((x) => x * 0.8))!;
    expect(s.change).toBeCloseTo(-0.2, 10);
    expect(s.low).toBeLessThan(-0.2);
    expect(s.high).toBeGreaterThan(-0.2);
    expect(s.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('one wild repeat moves the estimate far less than it moves the mean', () => {
    const base = [100, 101, 99, 100, 102, 98, 100];
    const head = [100, 101, 99, 100, 102, 98, 10_000];
    expect(Math.abs(estimateShift(base, head)!.change)).toBeLessThan(0.02);
  });

  it('too few values give no estimate rather than a misleading one', () => {
    expect(estimateShift([1, 2, 3], [4, 5, 6])).toBeNull();
  });
});
