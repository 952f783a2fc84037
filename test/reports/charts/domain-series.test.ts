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
  it('draws nothing for a curve no result has', () => {
    expect(domainSeriesChart('nope', standardFixtures())).toBeNull();
  });
});
