import { describe, expect, it } from 'vitest';
import { timeSeriesRows } from '../../../reports/charts/time-series.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';

describe('timeSeriesRows', () => {
  it('turns per-interval counts into rates using the actual interval lengths', () => {
    const base = standardFixtures()[0]!;
    const result = {
      ...base,
      timeSeries: {
        intervalMs: 1000,
        points: [
          { t: 1, ops: 1000, errors: 10, p50Ns: 1, p99Ns: 2, maxNs: 3 },
          { t: 2, ops: 2000, errors: 0, p50Ns: 1, p99Ns: 2, maxNs: 3 },
          { t: 2.5, ops: 500, errors: 0, p50Ns: 1, p99Ns: 2, maxNs: 3 }, // a short interval: its true rate
          { t: 2.501, ops: 1, errors: 0, p50Ns: 1, p99Ns: 2, maxNs: 3 }, // a sliver after the end: not a rate
        ],
      },
    };
    const rows = timeSeriesRows([result], ['r']);
    expect(rows.map((r) => r.opsPerSec)).toEqual([1000, 2000, 1000]);
    expect(rows[0]!.errorsPerSec).toBe(10);
  });
});
