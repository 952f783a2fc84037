import { describe, expect, it } from 'vitest';
import type { DurabilityResult } from '../../../../harness/durability/types.js';
import { persistenceComparisons } from '../../../../reports/data/persistence-modes.js';
import { renderHtmlReport } from '../../../../reports/html/page.js';
import type { RunResult } from '../../../../shared/result-types.js';
import { buildFixtureResult } from '../../../fixtures/build-fixture.js';

function mode(persistence: string | undefined, ops: number, medianNs: number): RunResult {
  const r = buildFixtureResult({
    seed: ops,
    label: `redis-style kv ${persistence ?? 'none'}`,
    engine: { name: 'redis-style', family: 'redis' },
    workload: { name: 'kv' },
    kinds: [{ name: 'set', count: ops, medianNs, sigma: 0.1 }],
    durationMs: 1000,
  });
  return { ...r, engine: { ...r.engine, options: persistence === undefined ? {} : { persistence } } };
}

const durability = {
  kind: 'cachebench.durability',
  startedAt: '2026-12-01T00:00:00Z',
  modes: [
    { engine: 'redis-style', mode: 'aof-everysec', acked: 1000, lost: 0, lostFraction: 0 },
    { engine: 'redis-style', mode: 'none', acked: 1000, lost: 1000, lostFraction: 1 },
  ],
} as unknown as DurabilityResult;

describe('persistence modes side by side', () => {
  it('gives each mode its cost relative to none, with the writes a durability run lost beside it', () => {
    const results = [mode(undefined, 20_000, 1000), mode('aof-always', 5_000, 4000), mode('aof-everysec', 18_000, 1100)];
    const [c] = persistenceComparisons(results, [durability]);
    expect(c!.baseline).toBe('none');
    expect(c!.rows.map((r) => r.mode)).toEqual(['none', 'aof-always', 'aof-everysec']);
    const always = c!.rows[1]!;
    expect(always.throughputVsBase).toBeCloseTo(0.25, 2);
    expect(always.p50VsBase).toBeGreaterThan(3);
    expect(always.loss).toBeNull();
    expect(c!.rows[2]!.loss).toEqual({ acked: 1000, lost: 0, lostFraction: 0 });
    expect(c!.rows[0]!.loss).toMatchObject({ lost: 1000 });
    const page = renderHtmlReport(results, { durability: [durability] });
    expect(page).toContain('<h2>Persistence modes side by side</h2>');
    expect(page).toContain('0.25×');
    expect(page).toContain('1,000 of 1,000 (100%)');
  });

  it('needs two modes of one cell, and ignores engines that do not persist', () => {
    expect(persistenceComparisons([mode(undefined, 1000, 1000)])).toEqual([]);
    const mc = buildFixtureResult({ seed: 1, label: 'mc', engine: { name: 'memcached-style', family: 'memcached' }, workload: { name: 'kv' }, kinds: [{ name: 'get', count: 100, medianNs: 100 }] });
    expect(persistenceComparisons([mc, mc])).toEqual([]);
  });
});
