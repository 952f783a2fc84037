import { describe, expect, it } from 'vitest';
import { domainSeriesChart, domainSeriesNames } from '../../../reports/charts/domain-series.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';
import { renderSvg } from '../support.js';

describe('domainSeriesChart', () => {
  it('draws a workload curve with its own axis titles', async () => {
    const fixtures = standardFixtures();
    expect(domainSeriesNames(fixtures)).toEqual(['hit ratio']);
    const spec = domainSeriesChart('hit ratio', fixtures)!;
    const values = (spec as { data: { values: { x: number; y: number }[] } }).data.values;
    expect(values).toEqual(fixtures[3]!.domain!.series!['hit ratio']!.points.map((p) => ({ series: 'redis-style cache-aside', ...p })));
    const svg = await renderSvg(spec);
    expect(svg).toContain('>seconds<');
    expect(svg).toContain('>hit ratio<');
  });
  it('drops a trailing bucket that runs past the measured phase (it would plot a partial interval as whole)', () => {
    const base = standardFixtures()[3]!;
    // A 2.003 s phase on 200 ms buckets: the bucket ending at 2.2 s holds 3 ms of operations.
    const points = [...Array.from({ length: 10 }, (_, i) => ({ x: Number((0.2 * (i + 1)).toFixed(1)), y: 0.36 })), { x: 2.2, y: 0 }];
    const r = { ...base, timing: { ...base.timing, measuredMs: 2003 }, domain: { ...base.domain!, series: { 'hit ratio': { xLabel: 'seconds', yLabel: 'hit ratio', points } } } };
    const spec = domainSeriesChart('hit ratio', [r]) as { data: { values: { x: number; y: number }[] } };
    const xs = spec.data.values.map((v) => v.x);
    expect(xs).toHaveLength(10);
    expect(Math.max(...xs)).toBe(2);
    expect(spec.data.values.every((v) => v.y === 0.36)).toBe(true);
    // A curve that is not over time keeps every point.
    const other = { ...r, domain: { ...r.domain, series: { 'hit ratio': { xLabel: 'followers', yLabel: 'ns', points } } } };
    expect((domainSeriesChart('hit ratio', [other]) as { data: { values: unknown[] } }).data.values).toHaveLength(11);
  });
  it('sorts its legend by value and keeps one colour per series', () => {
    const base = standardFixtures()[3]!;
    const rs = [100000, 20000, 5000].map((rate) => ({ ...base, label: `sweep ${rate}` }));
    const spec = domainSeriesChart('hit ratio', rs) as { encoding: { color: { sort: string[]; scale: { range: string[] } } } };
    expect(spec.encoding.color.sort).toEqual(['sweep 5000', 'sweep 20000', 'sweep 100000']);
    expect(new Set(spec.encoding.color.scale.range).size).toBe(3);
  });
  it('draws nothing for a curve no result has', () => {
    expect(domainSeriesChart('nope', standardFixtures())).toBeNull();
  });
});
