import { describe, expect, it } from 'vitest';
import { domainLatencyChart, domainLatencyNames } from '../../../reports/charts/domain-latency.js';
import type { SpectrumRow } from '../../../reports/charts/common.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';
import { renderSvg } from '../support.js';

describe('domainLatencyChart', () => {
  it('draws the workload latencies as spectra on shared axes', async () => {
    const fixtures = standardFixtures();
    expect(domainLatencyNames(fixtures)).toEqual(['dbRead', 'cacheHit']);
    const spec = domainLatencyChart(fixtures)!;
    const rows = (spec as { data: { values: SpectrumRow[] } }).data.values;
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(['dbRead', 'cacheHit']));
    const latencies = fixtures[3]!.domain!.latencies!;
    const p50 = (name: string) => rows.find((r) => r.kind === name && r.inverseTail === 2)!.latencyNs;
    expect(p50('dbRead')).toBe(latencies['dbRead']!.percentiles.p50);
    expect(p50('cacheHit')).toBe(latencies['cacheHit']!.percentiles.p50);
    const svg = await renderSvg(spec);
    expect(svg).toContain('>dbRead<');
    expect(svg).toContain('>cacheHit<');
  });
  it('draws nothing when no workload reported latencies', () => {
    expect(domainLatencyChart(standardFixtures().slice(0, 3))).toBeNull();
  });
});
