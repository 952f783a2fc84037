import { describe, expect, it } from 'vitest';
import { p99OverTimeChart } from '../../../reports/charts/p99-over-time.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';
import { renderSvg } from '../support.js';

describe('p99OverTimeChart', () => {
  it('plots the p99 of each interval, on a log axis when a stall dwarfs the rest', async () => {
    const [redis, , open] = standardFixtures();
    const calm = p99OverTimeChart([redis!])!;
    expect(JSON.stringify(calm)).toContain('"type":"linear"');
    const stalled = p99OverTimeChart([redis!, open!])!;
    const values = (stalled as { data: { values: { series: string; p99Ns: number }[] } }).data.values;
    expect(values.map((v) => v.p99Ns)).toEqual([...redis!.timeSeries.points, ...open!.timeSeries.points].map((p) => p.p99Ns));
    expect(JSON.stringify(stalled)).toContain('"type":"log"');
    const svg = await renderSvg(stalled);
    expect(svg).toContain('>p99 latency (log scale)<');
    expect(svg).toMatch(/>\d+ ms</);
  });
});
