import { describe, expect, it } from 'vitest';
import { engineColors, naturalCompare, seriesColors } from '../../../reports/charts/engine-colors.js';
import { latencyThroughputChart } from '../../../reports/charts/latency-throughput.js';
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
