import { describe, expect, it } from 'vitest';
import { CLIENT_OPS, CLIENT_P99, clientServerChart } from '../../../reports/charts/client-server.js';
import { serverRateRows } from '../../../reports/data/server-rates.js';
import { seriesNames } from '../../../reports/data/series-names.js';
import type { RunResult, ServerSeries } from '../../../shared/result-types.js';
import { standardFixtures } from '../../fixtures/build-fixture.js';
import { renderSvg } from '../support.js';

type Loose = Record<string, any>;

describe('clientServerChart', () => {
  it('stacks the client series above the server series on one shared time axis, one colour per result', async () => {
    const fixtures = standardFixtures();
    const server = fixtures.find((r) => r.engine.stats?.series !== undefined)!;
    const spec = clientServerChart(fixtures, seriesNames(fixtures)) as Loose;
    // Only the result with a server series is drawn.
    expect(new Set(spec.data.values.map((v: Loose) => v.series))).toEqual(new Set([server.label]));
    const panels = spec.vconcat as Loose[];
    expect(panels.map((p) => p.transform[0].filter.equal)).toEqual([CLIENT_OPS, CLIENT_P99, 'server commands/s', 'server CPU (cores)', 'server memory (bytes)', 'server hit ratio']);
    expect(spec.resolve.scale.x).toBe('shared');
    expect(spec.resolve.scale.color).toBe('shared');
    for (const p of panels) expect(p.encoding.x.field).toBe('t');
    // Server commands per interval equal the client's operations per interval here (the fixture's server counts each one).
    const at = (panel: string) => spec.data.values.filter((v: Loose) => v.panel === panel).map((v: Loose) => [v.t, Math.round(v.value)]);
    expect(at('server commands/s')).toEqual(at(CLIENT_OPS));
    expect(at('server CPU (cores)').every(([, v]: number[]) => v === 0)).toBe(true); // 0.4 rounds to 0
    const svg = await renderSvg(spec);
    for (const text of ['client ops/s', 'server commands/s', 'seconds into the measured phase']) expect(svg).toContain(`>${text}<`);
  });

  it('draws nothing when no result has a server series', () => {
    const plain = standardFixtures().filter((r) => r.engine.stats?.series === undefined);
    expect(clientServerChart(plain, seriesNames(plain))).toBeNull();
  });
});

describe('serverRateRows', () => {
  it('differences consecutive samples over their true spacing and leaves out slivers', () => {
    const series: ServerSeries = {
      intervalMs: 200,
      source: 'own connection',
      start: { commands: 100, used_cpu_sys: 1, used_cpu_user: 2 },
      points: [
        { t: 0.2, values: { commands: 300, used_cpu_sys: 1.02, used_cpu_user: 2.08 } },
        { t: 0.4, values: { commands: 500, used_cpu_sys: 1.04, used_cpu_user: 2.16 } },
        { t: 0.5, values: { commands: 600, used_cpu_sys: 1.05, used_cpu_user: 2.2 } }, // a half interval: its true rate
        { t: 0.51, values: { commands: 601, used_cpu_sys: 1.05, used_cpu_user: 2.2 } }, // a sliver: left out
      ],
    };
    const rows = serverRateRows(series, 'redis' as RunResult['engine']['family']);
    expect(rows.map((r) => r.t)).toEqual([0.2, 0.4, 0.5]);
    expect(rows.map((r) => Math.round(r.figures.commandsPerSec!))).toEqual([1000, 1000, 1000]);
    expect(rows.map((r) => Number(r.figures.cpuCores!.toFixed(3)))).toEqual([0.5, 0.5, 0.5]);
  });
});
