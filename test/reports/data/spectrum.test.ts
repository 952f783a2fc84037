import { describe, expect, it } from 'vitest';
import { spectrumFromTable, spectrumPoints } from '../../../reports/data/spectrum.js';
import { lognormalSamples, newFixtureHistogram, summarize } from '../../fixtures/build-fixture.js';
import { Rng } from '../../../shared/rng.js';

describe('spectrumPoints', () => {
  const samples = lognormalSamples(new Rng(5), 100_000, 2000, 0.6);
  const h = newFixtureHistogram();
  for (const s of samples) h.recordValue(Math.round(s));
  const summary = summarize(h);
  const points = spectrumPoints(summary);

  it('decodes the full histogram: points agree with the histogram at every percentile', () => {
    for (const p of points.slice(0, -1)) expect(p.valueNs).toBe(Math.min(h.getValueAtPercentile(p.percentile), summary.max));
    // The recorded percentiles sit exactly on the curve, at their axis positions.
    for (const [key, inverseTail] of [['p50', 2], ['p90', 10], ['p99', 100], ['p99_9', 1000], ['p99_99', 10000]] as const) {
      const point = points.find((p) => Math.abs(p.inverseTail - inverseTail) < 1e-9 * inverseTail);
      expect(point, key).toBeDefined();
      expect(point!.valueNs).toBe(Math.min(summary.percentiles[key], summary.max));
    }
  });

  it('is denser than the percentile table and reaches as far as the sample count resolves', () => {
    expect(points.length).toBeGreaterThan(50);
    expect(Math.max(...points.map((p) => p.inverseTail))).toBe(100_000);
    const last = points[points.length - 1]!;
    expect(last.valueNs).toBe(summary.max);
  });

  it('never decreases along the curve', () => {
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.inverseTail).toBeGreaterThan(points[i - 1]!.inverseTail);
      expect(points[i]!.valueNs).toBeGreaterThanOrEqual(points[i - 1]!.valueNs);
    }
  });

  it('falls back to the percentile table when the histogram is missing or corrupt', () => {
    const broken = { ...summary, histogram: 'not base64 at all!' };
    expect(spectrumPoints(broken)).toEqual(spectrumFromTable(summary));
    const table = spectrumFromTable(summary);
    expect(table.map((p) => p.valueNs)).toEqual([
      summary.min,
      summary.percentiles.p50,
      summary.percentiles.p75,
      summary.percentiles.p90,
      summary.percentiles.p95,
      summary.percentiles.p99,
      summary.percentiles.p99_9,
      summary.percentiles.p99_99,
      summary.max,
    ]);
  });

  it('draws nothing for an empty summary', () => {
    expect(spectrumPoints(summarize(newFixtureHistogram()))).toEqual([]);
  });
});
