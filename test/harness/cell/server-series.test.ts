/**
 * Server-side series: the server's own command counter, sampled every interval of the measured
 * phase, adds up to what the client counted (within one interval: a sample is taken when the
 * timer fires, not at the exact boundary), and the stats delta covers the measured phase only —
 * a warm-up as long as the measured phase would double it otherwise.
 */
import { describe, expect, it } from 'vitest';
import { runCell } from '../../../harness/cell/run-cell.js';
import { SHARED_ENGINE } from '../../../harness/cell/server-series.js';
import type { RunResult } from '../../../shared/result-types.js';
import { serverAvailable } from '../../support/servers.js';

function commandsOverPhase(r: RunResult): { perInterval: number[]; total: number } {
  const series = r.engine.stats!.series!;
  let prev = series.start!['commands']!;
  const perInterval = series.points.map((p) => {
    const d = p.values['commands']! - prev;
    prev = p.values['commands']!;
    return d;
  });
  return { perInterval, total: perInterval.reduce((a, b) => a + b, 0) };
}

function expectSeriesMatchesClient(r: RunResult): void {
  const s = r.engine.stats!;
  expect(s.deltaCovers).toBe('measured');
  const { perInterval, total } = commandsOverPhase(r);
  expect(perInterval.length).toBeGreaterThanOrEqual(2);
  const oneInterval = Math.max(...r.timeSeries.points.map((p) => p.ops));
  // Per-interval sum of server commands ≈ the client's count, within one interval.
  expect(Math.abs(total - r.summary.ops)).toBeLessThanOrEqual(oneInterval);
  // The warm-up (as long as the measured phase) is not in the delta.
  const delta = r.engine.family === 'redis' ? s.delta['total_commands_processed']! : s.delta['cmd_get']! + (s.delta['cmd_set'] ?? 0);
  expect(Math.abs(delta - r.summary.ops)).toBeLessThanOrEqual(oneInterval);
  expect(delta).toBeLessThan(r.summary.ops * 1.5);
}

const cell = (engine: string, threads = 1) => ({
  engine: { name: engine },
  workload: { name: 'kv', params: { keys: 1000 } },
  config: { durationMs: 2000, warmupMs: 2500, seed: 11, concurrency: 4, threads },
});

describe('server series and the measured-phase delta', () => {
  it('in-process redis-style: sampled in this process', async () => {
    const r = await runCell(cell('redis-style'));
    expect(r.engine.stats!.series!.source).toBe('same process');
    expectSeriesMatchesClient(r);
  }, 30_000);

  it('redis-style behind worker threads: a session of its own on the engine thread', async () => {
    const r = await runCell(cell('redis-style', 2));
    expect(r.engine.stats!.series!.source).toBe(SHARED_ENGINE);
    expectSeriesMatchesClient(r);
  }, 30_000);

  it('memcached-style behind worker threads: the shared store read from the main thread', async () => {
    const r = await runCell(cell('memcached-style', 2));
    expect(r.engine.stats!.series!.source).toBe(SHARED_ENGINE);
    expectSeriesMatchesClient(r);
  }, 30_000);

  it.runIf(serverAvailable('redis-server'))('managed redis-server: INFO on a connection of its own', async () => {
    const r = await runCell(cell('redis-server'));
    expect(r.engine.stats!.series!.source).toBe('own connection');
    expect(Object.keys(r.engine.stats!.series!.points[0]!.values)).toEqual(expect.arrayContaining(['used_memory', 'keyspace_hits', 'used_cpu_user']));
    expectSeriesMatchesClient(r);
  }, 30_000);

  it.runIf(serverAvailable('memcached'))('managed memcached: stats on a connection of its own', async () => {
    const r = await runCell(cell('memcached-server'));
    expect(r.engine.stats!.series!.source).toBe('own connection');
    expectSeriesMatchesClient(r);
  }, 30_000);
});
