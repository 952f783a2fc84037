import { describe, expect, it } from 'vitest';
import type { LatencySummary, RunResult } from '../../../shared/result-types.js';
import { parseSlos } from '../../../harness/slo/slo.js';
import { judgedLatency, judgeStep, limitSide } from '../../../harness/slo/step.js';
import { kneeOf } from '../../../harness/slo/knee.js';
import { buildFixtureResult } from '../../fixtures/build-fixture.js';

function openResult(rate: number, medianNs: number, over: Partial<RunResult> = {}): RunResult {
  const r = buildFixtureResult({
    seed: 3,
    label: `x ${rate}`,
    engine: { name: 'redis-server', family: 'redis', location: 'managed' },
    workload: { name: 'kv' },
    kinds: [{ name: 'get', count: rate, medianNs }],
    durationMs: 1000,
    openLoop: { rate, arrival: 'constant' },
  });
  return { ...r, ...over };
}

const machine = (processCpuCores: number): RunResult['machine'] => ({
  loadAvg1: { start: 0.1, end: 0.2 },
  cpuCount: 2,
  stealShare: 0,
  machineBusyShare: 0.5,
  processCpuCores,
  otherCpuCores: 0,
  disturbed: false,
  reasons: [],
});

describe('judgeStep', () => {
  it('meets when every SLO holds and the rate was offered', () => {
    const v = judgeStep(openResult(1000, 20_000), parseSlos('p50<1ms'));
    expect(v).toMatchObject({ meets: true, limit: null, reasons: [] });
  });

  it('misses on a percentile, errors or an unoffered rate, and says which', () => {
    const slow = judgeStep(openResult(1000, 5e6), parseSlos('p50<1ms'));
    expect(slow.meets).toBe(false);
    expect(slow.reasons[0]).toMatch(/^p50 .* ≥ 1 ms$/);
    const r = openResult(1000, 20_000);
    const short = judgeStep({ ...r, openLoop: { ...r.openLoop!, achievedRate: 800 } }, parseSlos('p50<1ms'));
    expect(short.reasons).toHaveLength(1);
    expect(short.reasons[0]).toMatch(/^offered 80\d of 1000 operations \(80% of the rate\)$/);
  });

  it('blames the generator of a remote engine only when the load process was CPU-bound', () => {
    const busy = openResult(1000, 5e6, { machine: machine(0.97) });
    const idle = openResult(1000, 5e6, { machine: machine(0.2) });
    expect(limitSide(busy).side).toBe('generator');
    expect(limitSide(idle).side).toBe('server');
    expect(judgeStep(idle, parseSlos('p50<1ms')).limitReason).toMatch(/0.20 cores for 1 load thread/);
  });

  it('judges a queue on the kinds it serves: a blocking pop that waits for a producer is not a late reply', () => {
    const r = buildFixtureResult({
      seed: 3,
      label: 'queue 1000',
      engine: { name: 'redis-server', family: 'redis', location: 'managed' },
      workload: { name: 'queue' },
      kinds: [
        { name: 'enqueue', count: 500, medianNs: 30_000 },
        { name: 'dequeue', count: 500, medianNs: 40e6 },
      ],
      // Closed-loop samples: the fixture's open loop models one server queue, where a 40 ms
      // reply delays every later one; a blocking pop holds its own connection, not the server.
      durationMs: 1000,
    });
    const slos = parseSlos('p99<1ms');
    expect(judgeStep(r, slos).meets).toBe(false);
    const waited = { ...r, workload: { ...r.workload, waitKinds: ['dequeue', 'dequeue-empty'] } };
    expect(judgeStep(waited, slos)).toMatchObject({ meets: true, reasons: [] });
    expect(judgedLatency(waited).count).toBe(500);
    // A slow enqueue still misses.
    const slowPush = { ...waited, ops: { ...waited.ops, enqueue: { ...waited.ops['enqueue']!, latency: waited.ops['dequeue']!.latency } } };
    expect(judgeStep(slowPush, slos).meets).toBe(false);
  });

  it('an in-process engine that held little of the load thread is not the limit when sends were late, even under the lag threshold', () => {
    const summary = (p50: number): LatencySummary => ({
      unit: 'ns', count: 1000, min: p50, mean: p50, stdev: 0, max: p50, histogram: 'x',
      percentiles: { p50, p75: p50, p90: p50, p95: p50, p99: p50, p99_9: p50, p99_99: p50 },
    });
    const inProcess = (serviceNs: number, lagNs: number): RunResult => {
      const r = buildFixtureResult({
        seed: 3,
        label: 'null 2M',
        engine: { name: 'null', family: 'null', location: 'in-process' },
        workload: { name: 'kv' },
        kinds: [{ name: 'get', count: 2000, medianNs: serviceNs }],
        durationMs: 1000,
        openLoop: { rate: 2000, arrival: 'constant' },
      });
      const o = r.openLoop!;
      // The loop's own attribution said "not saturated": its generator lag stayed under the threshold.
      return { ...r, summary: { ...r.summary, uncorrectedLatency: summary(serviceNs) }, openLoop: { ...o, achievedRate: 2e6, saturated: false, lag: summary(lagNs), generatorLag: summary(lagNs / 2), lateThresholdNs: lagNs } };
    };
    // The null engine: 60 ns per call at 2M ops/s is 0.12 s of each second; sends 2 ms late.
    const nullEngine = limitSide(inProcess(60, 2e6));
    expect(nullEngine.side).toBe('generator');
    expect(nullEngine.reason).toMatch(/engine held only 0.12 s of each load-thread second/);
    // An engine whose service time is the latency (500 µs per call, sends 5 µs late) is the limit.
    expect(limitSide(inProcess(500_000, 5_000)).side).toBe('server');
    // A fast engine whose service exceeds the lag (sends on time) stays the limit as well.
    expect(limitSide(inProcess(60, 20)).side).toBe('server');
  });

  it('mentions a disturbed machine beside the verdict', () => {
    const m = { ...machine(0.2)!, disturbed: true, reasons: ['other processes used 1.50 of 2 cores'] };
    const v = judgeStep(openResult(1000, 5e6, { machine: m }), parseSlos('p50<1ms'));
    expect(v.limitReason).toMatch(/machine was disturbed \(other processes used 1.50 of 2 cores\)/);
  });
});

describe('kneeOf', () => {
  it('is the last point before latency exceeds twice its lowest', () => {
    const pts = [10, 20, 40, 80, 160].map((rate, i) => ({ rate, latencyNs: [100, 110, 150, 260, 5000][i]! }));
    expect(kneeOf(pts)).toEqual({ rate: 40, latencyNs: 150 });
    expect(kneeOf(pts.slice(0, 3))).toBeNull();
    expect(kneeOf([])).toBeNull();
  });
});
