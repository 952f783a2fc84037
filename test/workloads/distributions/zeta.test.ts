import { describe, expect, it } from 'vitest';
import { zeta, zetaRange } from '../../../workloads/distributions/zeta.js';
import { SCRAMBLED_ITEM_COUNT, SCRAMBLED_ZETAN } from '../../../workloads/distributions/scrambled-zipfian.js';

function exact(n: number, theta: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += 1 / Math.pow(i, theta);
  return sum;
}

describe('zeta', () => {
  it('sums small counts exactly', () => {
    expect(zeta(1, 0.99)).toBe(1);
    expect(zeta(2, 0.5)).toBeCloseTo(1 + 1 / Math.SQRT2, 12);
    expect(zeta(1000, 0.99)).toBeCloseTo(exact(1000, 0.99), 10);
  });

  it('matches the exact sum where it switches to the closed-form tail', () => {
    for (const theta of [0.5, 0.9, 0.99]) {
      const n = 1_000_000;
      expect(Math.abs(zeta(n, theta) - exact(n, theta)) / exact(n, theta)).toBeLessThan(1e-11);
    }
  });

  it("reproduces YCSB's hard-coded ζ(10^10, 0.99)", () => {
    expect(zeta(SCRAMBLED_ITEM_COUNT + 1, 0.99)).toBeCloseTo(SCRAMBLED_ZETAN, 8);
  });

  it('extends a partial sum incrementally', () => {
    expect(zetaRange(1000, 1500, 0.99, zeta(1000, 0.99))).toBeCloseTo(exact(1500, 0.99), 10);
  });
});
