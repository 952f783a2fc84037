import { describe, expect, it } from 'vitest';
import { throughputChart } from '../../../reports/charts/throughput.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';
import { renderSvg } from '../support.js';

const fixtures = standardFixtures();

describe('throughputChart', () => {
  it('has one bar per result with its ops/s, grouped by workload, coloured by engine', async () => {
    const spec = throughputChart(fixtures)!;
    const values = (spec as { data: { values: { series: string; engine: string; workload: string; opsPerSec: number }[] } }).data.values;
    expect(values).toHaveLength(fixtures.length);
    fixtures.forEach((r, i) => expect(values[i]).toMatchObject({ engine: r.engine.name, workload: r.workload.name, opsPerSec: r.summary.opsPerSec }));
    const svg = await renderSvg(spec);
    for (const label of ['kv', 'cache-aside', 'leaderboard', 'redis-style', 'memcached-style', 'ops/s']) expect(svg).toContain(`>${label}<`);
  });
  it('draws nothing without results', () => {
    expect(throughputChart([])).toBeNull();
  });
});
