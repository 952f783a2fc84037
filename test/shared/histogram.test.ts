import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeHistogram,
  encodeHistogram,
  HIGHEST_TRACKABLE_NS,
  initHistograms,
  mergeEncoded,
  newHistogram,
  recordNs,
  summarizeHistogram,
} from '../../shared/histogram.js';
import { PERCENTILES } from '../../shared/result-types.js';
import { Rng } from '../../shared/rng.js';

beforeAll(async () => {
  await initHistograms();
});

/** Exact percentile of sorted samples: the smallest value with at least p% at or below it. */
function exactPercentile(sorted: Float64Array, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

describe('HDR histograms', () => {
  it('percentiles agree with exact sorted percentiles within 3 significant digits', () => {
    const rng = new Rng(42);
    const n = 200_000;
    const samples = new Float64Array(n);
    const h = newHistogram();
    for (let i = 0; i < n; i++) {
      // Log-normal-ish latencies from 100 ns to ~100 ms.
      const v = Math.round(Math.exp(4.6 + rng.next() * 7 + rng.gaussian()));
      samples[i] = v;
      recordNs(h, v);
    }
    samples.sort();
    const s = summarizeHistogram(h);
    for (const [key, p] of PERCENTILES) {
      const exact = exactPercentile(samples, p);
      expect(Math.abs(s.percentiles[key] - exact) / exact, `${key}: hdr ${s.percentiles[key]} vs exact ${exact}`).toBeLessThanOrEqual(0.001);
    }
    expect(s.count).toBe(n);
    expect(Math.abs(s.max - samples[n - 1]!) / samples[n - 1]!).toBeLessThanOrEqual(0.001);
    h.destroy();
  });

  it('merging encoded histograms equals recording everything into one', () => {
    const rng = new Rng(7);
    const parts = [newHistogram(), newHistogram(), newHistogram()];
    const all = newHistogram();
    for (let i = 0; i < 30_000; i++) {
      const v = 50 + rng.int(5_000_000);
      recordNs(parts[i % 3]!, v);
      recordNs(all, v);
    }
    const merged = mergeEncoded(parts.map(encodeHistogram));
    const direct = summarizeHistogram(all);
    expect(merged.count).toBe(direct.count);
    expect(merged.percentiles).toEqual(direct.percentiles);
    expect(merged.max).toBe(direct.max);
    for (const p of parts) p.destroy();
    all.destroy();
  });

  it('holds a 60 s stall and clamps beyond an hour instead of throwing', () => {
    const h = newHistogram();
    recordNs(h, 60e9);
    recordNs(h, 10 * HIGHEST_TRACKABLE_NS);
    const back = decodeHistogram(encodeHistogram(h));
    expect(back.totalCount).toBe(2);
    expect(Math.abs(back.getValueAtPercentile(50) - 60e9) / 60e9).toBeLessThan(0.001);
    expect(back.maxValue).toBeGreaterThanOrEqual(HIGHEST_TRACKABLE_NS * 0.999);
    h.destroy();
    back.destroy();
  });
});
