import { describe, expect, it } from 'vitest';
import { MIN_SERIES_INTERVALS, SERIES_INTERVAL_MS, seriesIntervalMs } from '../../../harness/recorder/recorder.js';

describe('seriesIntervalMs', () => {
  it('gives short timed runs sub-second intervals, at least ten of them where the ladder allows', () => {
    expect(seriesIntervalMs(500)).toBe(100);
    expect(seriesIntervalMs(1000)).toBe(100);
    expect(seriesIntervalMs(2000)).toBe(200);
    expect(seriesIntervalMs(2500)).toBe(250);
    expect(seriesIntervalMs(3000)).toBe(250);
    expect(seriesIntervalMs(5000)).toBe(500);
    expect(seriesIntervalMs(10_000)).toBe(1000);
    expect(seriesIntervalMs(600_000)).toBe(1000);
    for (const d of [1000, 2000, 2500, 4000, 5000, 9000, 10_000]) expect(d / seriesIntervalMs(d)).toBeGreaterThanOrEqual(MIN_SERIES_INTERVALS);
  });
  it('keeps whole seconds for an operation budget, whose length is not known in advance', () => {
    expect(seriesIntervalMs(null)).toBe(SERIES_INTERVAL_MS);
  });
});
