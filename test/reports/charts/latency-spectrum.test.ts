import { describe, expect, it } from 'vitest';
import { latencySpectrumChart } from '../../../reports/charts/latency-spectrum.js';
import type { SpectrumRow } from '../../../reports/charts/common.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';
import { renderSvg } from '../support.js';

const [redis, memcached] = standardFixtures();

function rows(spec: unknown): SpectrumRow[] {
  return (spec as { data: { values: SpectrumRow[] } }).data.values;
}

describe('latencySpectrumChart', () => {
  it('draws one line per result × op kind, labelled with percentiles on a log 1/(1-p) axis', async () => {
    const spec = latencySpectrumChart([redis!, memcached!])!;
    const lines = new Set(rows(spec).map((r) => `${r.series}/${r.kind}`));
    expect([...lines].sort()).toEqual([
      'memcached-style kv 1:10 closed c=1/get',
      'memcached-style kv 1:10 closed c=1/set',
      'redis-style kv 1:10 closed c=1/get',
      'redis-style kv 1:10 closed c=1/set',
    ]);
    const svg = await renderSvg(spec);
    for (const label of ['50%', '90%', '99%', '99.9%', '99.99%', 'percentile', 'op kind']) expect(svg).toContain(`>${label}<`);
    // Latency tick labels carry their unit.
    expect(svg).toMatch(/>\d+(\.\d+)? (ns|µs)</);
  });

  it('reaches the p99 of each kind at x = 100', () => {
    const data = rows(latencySpectrumChart([redis!])!);
    const get = data.filter((r) => r.kind === 'get');
    const p99 = get.find((r) => Math.abs(r.inverseTail - 100) < 1e-6)!;
    expect(p99.latencyNs).toBe(redis!.ops['get']!.latency.percentiles.p99);
    // With a single result the lines are told apart by kind.
    expect(new Set(data.map((r) => r.series))).toEqual(new Set(['get', 'set']));
  });

  it('draws one merged line per result when asked', async () => {
    const spec = latencySpectrumChart([redis!, memcached!], { merged: true })!;
    const data = rows(spec);
    expect(new Set(data.map((r) => r.series))).toEqual(new Set([redis!.label, memcached!.label]));
    expect(new Set(data.map((r) => r.kind))).toEqual(new Set(['all']));
    const p99 = data.find((r) => r.series === redis!.label && Math.abs(r.inverseTail - 100) < 1e-6)!;
    expect(p99.latencyNs).toBe(redis!.summary.latency.percentiles.p99);
    expect(await renderSvg(spec)).toContain('>result<');
  });

  it('draws nothing without results', () => {
    expect(latencySpectrumChart([])).toBeNull();
  });
});
