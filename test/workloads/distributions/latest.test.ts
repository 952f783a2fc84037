import { describe, expect, it } from 'vitest';
import { LatestDistribution } from '../../../workloads/distributions/latest.js';
import { zeta } from '../../../workloads/distributions/zeta.js';
import { Rng } from '../../../shared/rng.js';

describe('LatestDistribution', () => {
  it('favours the newest keys, the newest with probability 1/ζ(n, θ)', () => {
    const keys = 1000;
    const draws = 200_000;
    const dist = new LatestDistribution(keys, 0.99, new Rng(61));
    const counts = new Uint32Array(keys);
    for (let i = 0; i < draws; i++) counts[dist.next()]!++;
    expect(Math.abs(counts[keys - 1]! / draws - 1 / zeta(keys, 0.99))).toBeLessThan(0.005);
    const newestTenth = counts.slice(900).reduce((s, c) => s + c, 0);
    const oldestTenth = counts.slice(0, 100).reduce((s, c) => s + c, 0);
    expect(newestTenth).toBeGreaterThan(oldestTenth * 5);
  });

  it('moves its popularity to a key as soon as it is inserted', () => {
    const dist = new LatestDistribution(100, 0.99, new Rng(62));
    dist.setKeyCount(101);
    expect(dist.keyCount).toBe(101);
    const counts = new Uint32Array(101);
    for (let i = 0; i < 50_000; i++) counts[dist.next()]!++;
    const top = counts.indexOf(Math.max(...counts));
    expect(top).toBe(100);
  });
});
