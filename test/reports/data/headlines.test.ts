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
