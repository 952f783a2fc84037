import { beforeAll, describe, expect, it } from 'vitest';
import { encodeHistogram, HIGHEST_TRACKABLE_NS, initHistograms, newHistogram, recordNs } from '../../shared/histogram.js';
import { HdrCounts, hdrIndexOf, hdrValueAt } from '../../shared/hdr-counts.js';
import { Rng } from '../../shared/rng.js';

beforeAll(async () => {
  await initHistograms();
});

describe('HdrCounts (JS counts drained into HDR histograms)', () => {
  it('encodes byte for byte like recording every value into the histogram, across every magnitude', () => {
    const rng = new Rng(7);
    const direct = newHistogram();
    const drained = newHistogram();
    const other = newHistogram();
    const counts = new HdrCounts();
    const values: number[] = [0, 1, 2047, 2048, 2049, 0x7fffffff, 0x80000000, 2 ** 32, 2 ** 32 + 12345, HIGHEST_TRACKABLE_NS, HIGHEST_TRACKABLE_NS * 2, -5, 12.4, 12.6];
    // Log-uniform from 1 ns to an hour: every bucket of the layout is reached.
    for (let i = 0; i < 50_000; i++) values.push(Math.exp(rng.next() * Math.log(HIGHEST_TRACKABLE_NS)));
    values.forEach((v, i) => {
      recordNs(direct, v);
      counts.record(v);
      // Drained in several goes, as a recorder does once per interval.
      if (i % 9973 === 0) counts.drainInto(drained, other);
    });
    counts.drainInto(drained, other);
    expect(counts.total).toBe(0);
    expect(drained.totalCount).toBe(values.length);
    expect(encodeHistogram(drained)).toBe(encodeHistogram(direct));
    expect(encodeHistogram(other)).toBe(encodeHistogram(direct));
    expect(drained.getValueAtPercentile(99.9)).toBe(direct.getValueAtPercentile(99.9));
    for (const h of [direct, drained, other]) h.destroy();
  });

  it('maps each index back to the lowest value it counts', () => {
    for (const v of [0, 1, 1023, 2047, 2048, 4095, 4096, 123456789, 2 ** 31, 2 ** 40 + 7]) {
      const i = hdrIndexOf(v);
      expect(hdrValueAt(i)).toBeLessThanOrEqual(v);
      expect(hdrIndexOf(hdrValueAt(i))).toBe(i);
      expect(hdrIndexOf(hdrValueAt(i + 1))).toBe(i + 1);
      expect(hdrValueAt(i + 1)).toBeGreaterThan(v);
    }
  });
});
