import { describe, expect, it } from 'vitest';
import { Rng } from '../../shared/rng.js';

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextU32());
}

describe('Rng', () => {
  it('gives the same stream for the same seed and stream id', () => {
    expect(draws(new Rng(42), 1000)).toEqual(draws(new Rng(42), 1000));
    expect(draws(new Rng(42, 3), 1000)).toEqual(draws(new Rng(42, 3), 1000));
  });

  it('gives different streams for different seeds, stream ids and forks', () => {
    const base = draws(new Rng(42), 100);
    expect(draws(new Rng(43), 100)).not.toEqual(base);
    expect(draws(new Rng(42, 1), 100)).not.toEqual(base);
    const parent = new Rng(42);
    expect(draws(parent.fork(1), 100)).not.toEqual(draws(parent.fork(2), 100));
  });

  it('forks deterministically, whatever the parent has drawn', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draws(b, 500);
    expect(draws(a.fork(5).fork(2), 200)).toEqual(draws(b.fork(5).fork(2), 200));
  });

  it('reduces seeds modulo 2^32', () => {
    expect(draws(new Rng(2 ** 32 + 9), 50)).toEqual(draws(new Rng(9), 50));
  });

  it('draws floats in [0, 1) with mean ½ and variance 1/12', () => {
    const rng = new Rng(1);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSq / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('keeps int and range inside their bounds and reaches both ends', () => {
    const rng = new Rng(2);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(rng.range(3, 9));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('draws standard normal and exponential deviates with the right moments', () => {
    const rng = new Rng(3);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let expSum = 0;
    for (let i = 0; i < n; i++) {
      const g = rng.gaussian();
      sum += g;
      sumSq += g * g;
      expSum += rng.exponential(5);
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(sumSq / n).toBeCloseTo(1, 1);
    expect(expSum / n).toBeGreaterThan(4.9);
    expect(expSum / n).toBeLessThan(5.1);
  });
});
