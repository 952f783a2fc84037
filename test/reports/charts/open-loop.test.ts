import { describe, expect, it } from 'vitest';
import { CORRECTED, UNCORRECTED, openLoopChart } from '../../../reports/charts/open-loop.js';
import type { SpectrumRow } from '../../../reports/charts/common.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';
import { renderSvg } from '../support.js';

describe('openLoopChart', () => {
  it('sets the corrected spectrum beside the uncorrected one for open-loop runs only', async () => {
    const fixtures = standardFixtures();
    const spec = openLoopChart(fixtures)!;
    const rows = (spec as { data: { values: SpectrumRow[] } }).data.values;
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(['redis-style kv open 2k/s poisson']));
    const at99 = (kind: string) => rows.find((r) => r.kind === kind && Math.abs(r.inverseTail - 100) < 1e-6)!.latencyNs;
    // The injected 200 ms stall: corrected p99 shows it, uncorrected does not.
    expect(at99(CORRECTED)).toBeGreaterThan(100e6);
    expect(at99(UNCORRECTED)).toBeLessThan(1e6);
    const svg = await renderSvg(spec);
    expect(svg).toContain(`>${CORRECTED}<`);
    expect(svg).toContain(`>${UNCORRECTED}<`);
  });
  it('draws nothing when no run was open loop', () => {
    expect(openLoopChart(standardFixtures().filter((r) => r.config.loop === 'closed'))).toBeNull();
  });
});
