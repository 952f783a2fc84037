import { describe, expect, it } from 'vitest';
import { renderTable } from '../../reports/table.js';
import { nsToHuman } from '../../reports/format.js';
import { buildFixtureResult, standardFixtures } from '../fixtures/build-fixture.js';

const [redis, , openLoop, , leaderboard, degraded] = standardFixtures();

function rowOf(text: string, kind: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`${kind} `));
  if (line === undefined) throw new Error(`no row ${kind} in\n${text}`);
  return line.trim().split(/\s{2,}/);
}

describe('renderTable', () => {
  it('prints a row per op kind and a merged row, latencies in the unit that suits each', () => {
    const text = renderTable(redis!);
    expect(text.split('\n')[0]).toBe('redis-style kv 1:10 closed c=1  [ok]');
    expect(text).toMatch(/^kind\s+ops\/s\s+p50\s+p90\s+p99\s+p99\.9\s+max\s+errors$/m);
    const get = rowOf(text, 'get');
    const l = redis!.ops['get']!.latency;
    expect(get).toEqual([
      'get',
      '4k',
      nsToHuman(l.percentiles.p50),
      nsToHuman(l.percentiles.p90),
      nsToHuman(l.percentiles.p99),
      nsToHuman(l.percentiles.p99_9),
      nsToHuman(l.max),
      '0',
    ]);
    expect(rowOf(text, 'all')[1]).toBe('4.4k');
    expect(rowOf(text, 'set')).toHaveLength(8);
  });

  it('aligns every column', () => {
    const lines = renderTable(redis!).split('\n').filter((l) => /^(kind|get|set|all) /.test(l));
    const ends = lines.map((l) => l.length);
    expect(new Set(ends).size).toBe(1); // right-aligned last column ends at the same place
  });

  it('shows open-loop schedule figures, the uncorrected row and saturation', () => {
    const text = renderTable(openLoop!);
    expect(text).toContain('open loop at 2k ops/s (poisson)');
    expect(text).toContain('all (uncorrected)');
    expect(text).toMatch(/schedule: target 2k ops\/s \(poisson\), achieved [\d.]+k ops\/s/);
    expect(text).toMatch(/missed \d+, \d+ ops late by/);
    expect(text).toContain('WARNING: the load generator fell behind its schedule');
    // The stall shows in the corrected tail but not in the uncorrected one.
    const corrected = openLoop!.summary.latency.percentiles.p99;
    const uncorrected = openLoop!.summary.uncorrectedLatency!.percentiles.p99;
    expect(corrected).toBeGreaterThan(100e6);
    expect(uncorrected).toBeLessThan(1e6);
    expect(rowOf(text, 'all')[4]).toBe(nsToHuman(corrected));
  });

  it('lists errors, status reasons and failed checks', () => {
    const text = renderTable(degraded!);
    expect(text).toContain('[DEGRADED]');
    expect(text).toContain('errors: timeout 15');
    expect(text).toContain('DEGRADED: 15 operations timed out');
    const failed = renderTable(leaderboard!);
    expect(failed).toContain('(emulated: CAS read-modify-write loop over a JSON board)');
    expect(failed).toContain('check failed: top 10 equals ground truth — rank 3: expected player-17');
  });

  it('keeps terminal control characters in labels from reaching the terminal', () => {
    const r = buildFixtureResult({
      seed: 3,
      label: 'evil\u001b[2Jlabel\nsecond line',
      engine: { name: 'redis-style', family: 'redis' },
      workload: { name: 'kv' },
      kinds: [{ name: 'get\u001b[31m', count: 100, medianNs: 1000 }],
    });
    const text = renderTable(r);
    expect(text).not.toContain('\u001b');
    expect(text.split('\n')[0]).toBe('evil [2Jlabel second line  [ok]');
  });
});

describe('renderTable with an aborted run', () => {
  it('prints dashes for latencies that do not exist', () => {
    const aborted = buildFixtureResult({
      seed: 12,
      label: 'aborted',
      engine: { name: 'redis-server', family: 'redis' },
      workload: { name: 'kv' },
      kinds: [{ name: 'get', count: 0, medianNs: 1000 }],
      status: 'failed',
      statusReasons: ['server exited'],
    });
    const text = renderTable(aborted);
    expect(rowOf(text, 'get')).toEqual(['get', '0', '-', '-', '-', '-', '-', '0']);
    expect(text).toContain('FAILED: server exited');
  });
});
