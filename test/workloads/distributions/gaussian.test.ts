import { describe, expect, it } from 'vitest';
import { GaussianDistribution } from '../../../workloads/distributions/gaussian.js';
import { Rng } from '../../../shared/rng.js';

describe('GaussianDistribution', () => {
  it('centres on mean × keys with stddev × keys', () => {
    const keys = 100_000;
    const draws = 200_000;
    const dist = new GaussianDistribution(keys, 0.3, 0.05, new Rng(51));
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < draws; i++) {
      // +0.5: index i stands for [i, i+1), its centre is i + ½.
      const x = dist.next() + 0.5;
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / draws;
    const sd = Math.sqrt(sumSq / draws - mean * mean);
    expect(Math.abs(mean - 30_000)).toBeLessThan(50);
    expect(Math.abs(sd - 5000) / 5000).toBeLessThan(0.01);
  });

  it('clamps into the key space', () => {
    const keys = 100;
    const dist = new GaussianDistribution(keys, 0.5, 2, new Rng(52));
    let atEdges = 0;
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const k = dist.next();
      if (!(k >= 0 && k < keys)) outside++;
      if (k === 0 || k === keys - 1) atEdges++;
    }
    expect(outside).toBe(0);
    // A stddev of twice the key space puts most of the mass past the ends, piled on the edges.
    expect(atEdges).toBeGreaterThan(7000);
  });
});
