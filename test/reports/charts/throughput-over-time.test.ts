import { describe, expect, it } from 'vitest';
import { throughputOverTimeChart } from '../../../reports/charts/throughput-over-time.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';
import { renderSvg } from '../support.js';

describe('throughputOverTimeChart', () => {
  it('plots each interval of every result', async () => {
    const fixtures = standardFixtures();
    const spec = throughputOverTimeChart(fixtures)!;
    const values = (spec as { data: { values: { series: string; opsPerSec: number }[] } }).data.values;
    const points = fixtures.reduce((n, r) => n + r.timeSeries.points.length, 0);
    expect(values).toHaveLength(points); // fixture intervals are all whole seconds
    const first = fixtures[0]!.timeSeries.points[0]!;
    expect(values[0]!.opsPerSec).toBe(first.ops / first.t);
    const svg = await renderSvg(spec);
    expect(svg).toContain('>seconds into the measured phase<');
    expect(svg).toContain('>ops/s<');
  });
  it('draws nothing without time series', () => {
    const r = standardFixtures()[0]!;
    expect(throughputOverTimeChart([{ ...r, timeSeries: { intervalMs: 1000, points: [] } }])).toBeNull();
  });
});
