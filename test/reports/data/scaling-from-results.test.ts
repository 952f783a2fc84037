import { describe, expect, it } from 'vitest';
import { runCell } from '../../../harness/cell/run-cell.js';
import { parseScalingReport } from '../../../reports/data/scaling.js';
import { scalingFromResults } from '../../../reports/data/scaling-from-results.js';

describe('scalingFromResults', () => {
  it('turns cells that differ only in thread count into one line per engine', async () => {
    const cell = (threads: number, keys = 1000) =>
      runCell({
        engine: { name: 'null' },
        workload: { name: 'kv', params: { keys } },
        config: { requests: 20_000, warmupMs: 0, seed: 3, threads, concurrency: 1 },
      });
    const results = [await cell(1), await cell(2), await cell(1, 500)];
    const scaling = scalingFromResults(results)!;
    expect(() => parseScalingReport(JSON.parse(JSON.stringify(scaling)))).not.toThrow();
    // The 500-key cell has no partner at another thread count, so it draws no line.
    expect(scaling.points.map((p) => [p.engine, p.threads])).toEqual([
      ['null', 1],
      ['null', 2],
    ]);
    expect(scaling.points[1]!.opsPerSec).toBe(results[1]!.summary.opsPerSec);
  });

  it('is null when nothing ran at two thread counts', async () => {
    const r = await runCell({ engine: { name: 'null' }, workload: { name: 'kv', params: { keys: 10 } }, config: { requests: 1000, warmupMs: 0, seed: 1 } });
    expect(scalingFromResults([r])).toBeNull();
  });
});
