import { describe, expect, it } from 'vitest';
import { HotspotDistribution } from '../../../workloads/distributions/hotspot.js';
import { Rng } from '../../../shared/rng.js';

describe('HotspotDistribution', () => {
  it('sends the hot fraction of operations to the hot fraction of keys, uniformly within each set', () => {
    const keys = 1000;
    const draws = 200_000;
    const dist = new HotspotDistribution(keys, 0.2, 0.8, new Rng(41));
    expect(dist.hotKeys).toBe(200);
    const counts = new Uint32Array(keys);
    for (let i = 0; i < draws; i++) counts[dist.next()]!++;
    const hot = counts.slice(0, 200).reduce((s, c) => s + c, 0);
    expect(hot / draws).toBeGreaterThan(0.79);
    expect(hot / draws).toBeLessThan(0.81);
    // Each hot key ≈ 0.8/200 of ops, each cold key ≈ 0.2/800: a 16× difference per key.
    const hotPerKey = hot / 200;
    const coldPerKey = (draws - hot) / 800;
    expect(hotPerKey / coldPerKey).toBeGreaterThan(14);
    expect(hotPerKey / coldPerKey).toBeLessThan(18);
    expect(Math.min(...counts.slice(0, 200))).toBeGreaterThan(0);
    expect(Math.min(...counts.slice(200))).toBeGreaterThan(0);
  });

  it('keeps at least one hot key and sends everything hot when there are no cold keys', () => {
    const tiny = new HotspotDistribution(10, 0.01, 0.5, new Rng(42));
    expect(tiny.hotKeys).toBe(1);
    const all = new HotspotDistribution(10, 1, 0.5, new Rng(43));
    for (let i = 0; i < 1000; i++) expect(all.next()).toBeLessThan(10);
  });
});
