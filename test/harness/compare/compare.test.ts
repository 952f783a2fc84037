import { beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../../harness/compare/compare.js';
import { comparisonToMarkdown, comparisonToTable } from '../../../reports/compare.js';
import type { RunResult } from '../../../shared/result-types.js';
import { runCell } from '../../../harness/cell/run-cell.js';

/** A copy of a real result with its headline figures scaled: the candidate of a comparison. */
function scaled(r: RunResult, opsFactor: number, p99Factor: number): RunResult {
  const copy = structuredClone(r) as { -readonly [K in keyof RunResult]: RunResult[K] };
  copy.summary = {
    ...r.summary,
    opsPerSec: r.summary.opsPerSec * opsFactor,
    latency: { ...r.summary.latency, percentiles: { ...r.summary.latency.percentiles, p99: r.summary.latency.percentiles.p99 * p99Factor } },
  };
  return copy as RunResult;
}

let base: RunResult;
beforeAll(async () => {
  base = await runCell({
    engine: { name: 'null' },
    workload: { name: 'kv', params: { keys: 100 } },
    config: { requests: 20_000, warmupMs: 0, seed: 1, concurrency: 1 },
    label: 'gate',
  });
});

describe('compareRuns', () => {
  it('a throughput drop or a p99 rise beyond tolerance is a regression; within it, ok', () => {
    expect(compareRuns([base], [scaled(base, 0.95, 1.1)]).regressed).toBe(false);
    const slower = compareRuns([base], [scaled(base, 0.8, 1)]);
    expect(slower.regressed).toBe(true);
    expect(slower.rows[0]!.verdict).toBe('regressed');
    expect(slower.rows[0]!.reasons.join()).toMatch(/throughput -20\.0%/);
    const tail = compareRuns([base], [scaled(base, 1, 1.5)], { maxThroughputDrop: 0.1, maxP99Increase: 0.2 });
    expect(tail.rows[0]!.reasons.join()).toMatch(/p99 \+50\.0%/);
    expect(compareRuns([base], [scaled(base, 1.5, 0.5)]).rows[0]!.verdict).toBe('improved');
  });

  it('noise between repeated baseline runs widens the tolerance', () => {
    // Baselines 30% apart: a 20% drop is within twice their spread.
    const noisy = [scaled(base, 1.15, 1), scaled(base, 0.85, 1)];
    const c = compareRuns(noisy, [scaled(base, 0.8, 1)]);
    expect(c.rows[0]!.throughputTolerance).toBeGreaterThan(0.5);
    expect(c.regressed).toBe(false);
  });

  it('cells present on one side only are reported, not failed', () => {
    const other = { ...base, label: 'other' } as RunResult;
    const c = compareRuns([base], [other]);
    expect(c.rows.map((r) => r.verdict).sort()).toEqual(['missing-baseline', 'missing-candidate']);
    expect(c.regressed).toBe(false);
  });

  it('prints a table and a Markdown table with a verdict line', () => {
    const c = compareRuns([base], [scaled(base, 0.5, 1)]);
    expect(comparisonToTable(c)).toMatch(/verdict: REGRESSED/);
    expect(comparisonToMarkdown(c)).toMatch(/\| regressed \|/);
  });
});
