import { describe, expect, it } from 'vitest';
import { CapabilityError } from '../../../engines/types.js';
import { mergeEncoded } from '../../../shared/histogram.js';
import { ConfigError } from '../../../harness/runner/config.js';
import { runCell } from '../../../harness/cell/run-cell.js';

describe('runCell', () => {
  it('an operation budget is exact and warm-up operations are excluded', async () => {
    const r = await runCell({
      engine: { name: 'null' },
      workload: { name: 'kv', params: { keys: 1000, ratio: '1:1' } },
      config: { requests: 50_000, warmupMs: 200, seed: 5, concurrency: 4 },
    });
    expect(r.summary.ops + r.summary.errors).toBe(50_000);
    expect(r.status).toBe('ok');
    expect(Object.keys(r.ops).sort()).toEqual(['get', 'set']);
    // About half SETs with a 1:1 ratio.
    expect(r.ops.set!.count / r.summary.ops).toBeGreaterThan(0.45);
    expect(r.ops.set!.count / r.summary.ops).toBeLessThan(0.55);
  });

  it('two worker threads: histograms merge exactly into the totals', async () => {
    const r = await runCell({
      engine: { name: 'null' },
      workload: { name: 'kv', params: { keys: 1000 } },
      config: { requests: 40_000, warmupMs: 0, seed: 5, threads: 2, concurrency: 1 },
    });
    expect(r.config.threads).toBe(2);
    expect(r.summary.ops).toBe(40_000);
    const merged = mergeEncoded(Object.values(r.ops).map((o) => o.latency.histogram));
    expect(merged.count).toBe(r.summary.latency.count);
    expect(merged.percentiles).toEqual(r.summary.latency.percentiles);
  });

  it('a short run gets sub-second intervals, chosen by rule and recorded; the workload curve shares them', async () => {
    const r = await runCell({
      engine: { name: 'null' },
      workload: { name: 'kv', params: { keys: 1000 } },
      config: { durationMs: 2200, warmupMs: 0, seed: 5, concurrency: 1 },
    });
    // 2.2 s: the longest interval on the ladder that still gives ten of them is 200 ms.
    expect(r.timeSeries.intervalMs).toBe(200);
    const pts = r.timeSeries.points;
    expect(pts.length).toBeGreaterThanOrEqual(11);
    expect(pts.slice(0, 11).map((p) => p.t)).toEqual([0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8, 2, 2.2]);
    expect(pts.reduce((a, p) => a + p.ops, 0)).toBe(r.summary.ops);
    // The hit-ratio curve is bucketed on the same grid (its x values are interval ends).
    const curve = r.domain!.series!['hit ratio']!.points.map((p) => p.x);
    expect(curve.slice(0, 3)).toEqual([0.2, 0.4, 0.6]);
  });

  it('refuses unknown names and bad settings before starting anything', async () => {
    await expect(runCell({ engine: { name: 'nope' }, workload: { name: 'kv' } })).rejects.toThrow(ConfigError);
    await expect(runCell({ engine: { name: 'null' }, workload: { name: 'kv' }, config: { threads: 0 } })).rejects.toThrow(/threads/);
    await expect(runCell({ engine: { name: 'null' }, workload: { name: 'kv' }, config: { loop: 'open' } })).rejects.toThrow(/rate/);
  });

  it('refuses a workload whose capabilities the engine lacks, naming them', async () => {
    await expect(runCell({ engine: { name: 'null' }, workload: { name: 'leaderboard' }, config: { requests: 10 } })).rejects.toThrow(CapabilityError);
  });
});
