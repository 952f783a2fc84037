import { describe, expect, it } from 'vitest';
import { headlines } from '../../../reports/data/headlines.js';
import type { RunResult } from '../../../shared/result-types.js';
import { buildFixtureResult } from '../../fixtures/build-fixture.js';

function run(engine: string, workload: string, ops: number, medianNs: number, over: Partial<Parameters<typeof buildFixtureResult>[0]> = {}): RunResult {
  return buildFixtureResult({
    seed: ops,
    label: `${engine} ${workload}`,
    engine: { name: engine, family: engine.startsWith('redis') ? 'redis' : 'memcached' },
    workload: { name: workload },
    kinds: [{ name: 'get', count: ops, medianNs, sigma: 0.2 }],
    durationMs: 1000,
    ...over,
  });
}

describe('headlines', () => {
  it('names the winner, the ratio and both p99s', () => {
    const [h] = headlines([run('redis-style', 'kv', 19_000, 1500), run('memcached-style', 'kv', 10_000, 1900)]);
    expect(h!.sentence).toMatch(/^redis-style served kv at 1\.9× memcached-style's throughput \(19k ops\/s vs 10k ops\/s\) with a p99 of .+ vs .+\.$/);
    expect(h!.clean).toBe(true);
    expect(h!.caveats).toEqual([]);
  });

  it('calls throughputs within 5% a tie', () => {
    const [h] = headlines([run('redis-style', 'kv', 10_300, 1500), run('memcached-style', 'kv', 10_000, 1500)]);
    expect(h!.sentence).toMatch(/^redis-style and memcached-style served kv at the same throughput within 5% \(10\.3k ops\/s vs 10k ops\/s\)/);
  });

  it('carries the caveats of a degraded run and an emulation, and never lets a failed run win', () => {
    const degraded = run('redis-style', 'leaderboard', 30_000, 900, { status: 'degraded', statusReasons: ['12 failed operations (12 timeout)'] });
    const emulated = run('memcached-style', 'leaderboard', 4_000, 200_000, { workload: { name: 'leaderboard', mode: 'emulated: CAS loop over a serialized board' } });
    const failed = run('redis-server', 'leaderboard', 90_000, 100, { status: 'failed', statusReasons: ['check failed: ranks'] });
    const [h] = headlines([degraded, emulated, failed]);
    expect(h!.sentence).toMatch(/^redis-style served leaderboard at 7\.5× memcached-style's throughput/);
    expect(h!.clean).toBe(false);
    expect(h!.caveats).toEqual([
      "redis-style's run was degraded: 12 failed operations (12 timeout)",
      'memcached-style ran it emulated (CAS loop over a serialized board)',
      "redis-server's run failed: check failed: ranks",
    ]);
  });

  it('one engine alone: its figures, one headline per workload', () => {
    const hs = headlines([run('redis-style', 'kv', 20_000, 1000), run('redis-style', 'session', 5_000, 3000)]);
    expect(hs.map((h) => h.workload)).toEqual(['kv', 'session']);
    expect(hs[1]!.sentence).toMatch(/^redis-style served session at 5k ops\/s with a p99 of /);
  });
});

describe('headlines at one setting', () => {
  it('compares engines at the setting both ran, names it, and folds machine noise into one caveat', () => {
    const busy = (r: RunResult): RunResult => ({
      ...r,
      machine: { loadAvg1: { start: 3, end: 3 }, cpuCount: 2, stealShare: 0, machineBusyShare: 0.9, processCpuCores: 0.3, otherCpuCores: 1.5, disturbed: true, reasons: ['other processes used 1.50 of 2 cores'] },
    });
    const open = run('redis-style', 'kv', 30_000, 1000, { openLoop: { rate: 50_000, arrival: 'constant' } });
    const hs = headlines([busy(run('redis-style', 'kv', 20_000, 1000)), busy(run('memcached-style', 'kv', 10_000, 1000)), open]);
    expect(hs[0]!.sentence).toMatch(/^redis-style served kv at 2\.0× memcached-style's throughput \(20k ops\/s vs 10k ops\/s\)/);
    expect(hs[0]!.caveats).toEqual(['2 of 2 runs shared a busy machine (other processes used up to 1.50 of 2 cores)', 'compared at closed c=1; 1 other setting in the summary']);
  });
});
