import { describe, expect, it } from 'vitest';
import { engineColors, naturalCompare, PALETTE, seriesColors } from '../../../reports/charts/engine-colors.js';
import { latencySpectrumChart } from '../../../reports/charts/latency-spectrum.js';
import { p99OverTimeChart } from '../../../reports/charts/p99-over-time.js';
import { paletteGroups } from '../../../reports/charts/small-multiples.js';
import { curveColors, latencyThroughputChart } from '../../../reports/charts/latency-throughput.js';
import { throughputChart } from '../../../reports/charts/throughput.js';
import { throughputOverTimeChart } from '../../../reports/charts/throughput-over-time.js';
import { rateCurves } from '../../../reports/data/rate-curves.js';
import type { RunResult } from '../../../shared/result-types.js';
import { buildFixtureResult } from '../../fixtures/build-fixture.js';

function run(engine: string, workload: string, ops: number, rate?: number): RunResult {
  return buildFixtureResult({
    seed: ops + (rate ?? 0),
    label: `${engine} ${workload}${rate ? ` ${rate}` : ''}`,
    engine: { name: engine, family: engine.startsWith('redis') ? 'redis' : 'memcached' },
    workload: { name: workload },
    kinds: [{ name: 'get', count: ops, medianNs: 1000 + (rate ?? 0) / 10 }],
    durationMs: 1000,
    ...(rate ? { openLoop: { rate, arrival: 'constant' as const } } : {}),
  });
}

// The parts of a spec these tests read.
type Loose = Record<string, any>;

describe('report colours and legends', () => {
  it('gives every throughput panel its own scale and each engine its report-wide colour', () => {
    const results = [run('redis-style', 'kv', 35_000), run('memcached-style', 'kv', 11_000), run('redis-style', 'leaderboard', 40)];
    const spec = throughputChart(results) as Loose;
    expect(spec.resolve.scale.x).toBe('independent');
    const color = spec.spec.encoding.color;
    expect(color.scale).toEqual(engineColors(['redis-style', 'memcached-style']));
    expect(spec.spec.encoding.y.axis.labelLimit).toBe(0);
  });

  it('never draws two series in one colour, for 29 series too', () => {
    const names = Array.from({ length: 29 }, (_, i) => `run ${i}`);
    const c = seriesColors(names, names.map(() => 'redis-style'));
    expect(new Set(c.range).size).toBe(29);
  });

  it('keeps the engine colour when each engine has one series, and sorts legends by number', () => {
    const c = seriesColors(['memcached-style kv', 'redis-style kv'], ['memcached-style', 'redis-style']);
    const engines = engineColors(['memcached-style', 'redis-style']);
    expect(c.range).toEqual(engines.range);
    const rates = ['sweep 100000', 'sweep 20000', 'sweep 5000'];
    expect([...rates].sort(naturalCompare)).toEqual(['sweep 5000', 'sweep 20000', 'sweep 100000']);
    const spec = throughputOverTimeChart([run('null', 'kv', 1000, 100000), run('null', 'kv', 200, 20000), run('null', 'kv', 50, 5000)]) as Loose;
    expect(spec.encoding.color.sort).toEqual(['null kv 5000', 'null kv 20000', 'null kv 100000']);
    expect(new Set(spec.encoding.color.scale.range).size).toBe(3);
  });

  it('latency vs throughput: one curve per cell, a dash legend that draws strokes, SLO lines and the knee', () => {
    const results = [1000, 2000, 4000, 8000].flatMap((rate) => [run('redis-style', 'kv', rate, rate), run('memcached-style', 'kv', rate, rate)]);
    const curves = rateCurves(results);
    expect(curves.map((c) => c.name).sort()).toEqual(['memcached-style', 'redis-style']);
    expect(curves[0]!.points.map((p) => p.offered)).toEqual([1000, 2000, 4000, 8000]);
    const spec = latencyThroughputChart(curves, { slos: [{ percentile: 'p99', thresholdNs: 1e6 }] }) as Loose;
    const line = spec.layer[0];
    expect(line.encoding.strokeDash.legend.symbolType).toBe('stroke');
    expect(line.encoding.strokeDash.scale.domain).toEqual(['p50', 'p99', 'p99.9']);
    expect(new Set(line.encoding.color.scale.range).size).toBe(2);
    expect(spec.layer.some((l: Loose) => l.mark.type === 'rule' && l.data.values[0].latencyNs === 1e6)).toBe(true);
    expect(line.data.values.every((v: Loose) => v.rate > 0)).toBe(true);
  });

  it('results of one cell at a single rate make no curve', () => {
    expect(rateCurves([run('redis-style', 'kv', 1000, 1000), run('memcached-style', 'kv', 1000, 1000)])).toEqual([]);
  });
});

describe('past the palette: small multiples', () => {
  const workloads = ['kv', 'cache-aside', 'leaderboard'];
  // 2 engines × 3 workloads × 2 repeats = 12 series: more than the palette's 10.
  const many = workloads.flatMap((w, wi) =>
    ['redis-style', 'memcached-style'].flatMap((e, ei) => [1, 2].map((k) => run(e, w, 500 + wi * 100 + ei * 10 + k))),
  );

  it('up to the palette: one chart, every series its own palette colour', () => {
    const spec = throughputOverTimeChart(many.slice(0, PALETTE.length)) as Loose;
    expect(spec.concat).toBeUndefined();
    const range: string[] = spec.encoding.color.scale.range;
    expect(range).toHaveLength(PALETTE.length);
    expect(new Set(range).size).toBe(PALETTE.length);
    for (const c of range) expect(PALETTE).toContain(c);
  });

  it('more series than the palette: one panel per workload, colours independent and distinct within each', () => {
    for (const spec of [throughputOverTimeChart(many), p99OverTimeChart(many), latencySpectrumChart(many, { merged: true }), latencySpectrumChart(many)] as Loose[]) {
      expect(spec.concat.map((p: Loose) => p.title)).toEqual(workloads);
      expect(spec.resolve.scale.color).toBe('independent');
      expect(spec.resolve.legend.color).toBe('independent');
      expect(spec.subtitle ?? spec.title.subtitle).toContain(`more than ${PALETTE.length} series`);
      for (const panel of spec.concat as Loose[]) {
        const range: string[] = panel.encoding.color.scale.range;
        expect(range.length).toBeLessThanOrEqual(PALETTE.length);
        expect(new Set(range).size).toBe(range.length);
        for (const c of range) expect(PALETTE).toContain(c);
      }
    }
  });

  it('cuts one workload with more series than the palette into even chunks', () => {
    const kv = Array.from({ length: 13 }, (_, i) => run(i % 2 === 0 ? 'redis-style' : 'memcached-style', 'kv', 300 + i));
    const groups = paletteGroups(kv, kv.map((r, i) => `${r.label} #${i}`));
    expect(groups.map((g) => [g.title, g.results.length])).toEqual([
      ['kv (1 of 2)', 7],
      ['kv (2 of 2)', 6],
    ]);
  });
});

describe('latency vs throughput colours', () => {
  it('never repeats a colour, past the palette too', () => {
    const curves = Array.from({ length: 14 }, (_, i) => ({ name: `redis-style c=${i}`, engine: 'redis-style' })) as unknown as Parameters<typeof curveColors>[0];
    const c = curveColors(curves);
    expect(c.range).toHaveLength(14);
    expect(new Set(c.range).size).toBe(14);
    expect(c.range.slice(0, PALETTE.length).every((x) => PALETTE.includes(x))).toBe(true);
  });
});
