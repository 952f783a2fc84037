/**
 * Run comparison for CI gates, pure: match baseline and candidate results by engine, workload
 * and label; compare throughput and p99; call a change a regression only beyond both the
 * configured threshold and the noise seen between repeated baseline runs of the same cell
 * (twice their relative spread), so a flaky machine does not fail builds on its own.
 */
import type { RunResult } from '../../shared/result-types.js';

export interface CompareThresholds {
  /** Largest tolerated throughput drop, as a fraction (0.1 = 10%). @default 0.10 */
  readonly maxThroughputDrop: number;
  /** Largest tolerated p99 increase, as a fraction (0.2 = 20%). @default 0.20 */
  readonly maxP99Increase: number;
}

export const DEFAULT_THRESHOLDS: CompareThresholds = { maxThroughputDrop: 0.1, maxP99Increase: 0.2 };

export type Verdict = 'ok' | 'improved' | 'regressed' | 'missing-baseline' | 'missing-candidate' | 'failed';

export interface ComparisonRow {
  readonly key: string;
  readonly verdict: Verdict;
  readonly baselineOpsPerSec: number | null;
  readonly candidateOpsPerSec: number | null;
  /** Relative change (candidate / baseline − 1). */
  readonly throughputChange: number | null;
  readonly baselineP99Ns: number | null;
  readonly candidateP99Ns: number | null;
  readonly p99Change: number | null;
  /** Tolerances actually applied after widening for noise. */
  readonly throughputTolerance: number;
  readonly p99Tolerance: number;
  readonly reasons: readonly string[];
}

export interface Comparison {
  readonly rows: readonly ComparisonRow[];
  readonly regressed: boolean;
}

export function cellKey(r: RunResult): string {
  return `${r.engine.name} · ${r.workload.name} · ${r.label}`;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Relative spread (max − min) / mean of repeated runs; 0 for a single run. */
function spread(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return m === 0 ? 0 : (Math.max(...xs) - Math.min(...xs)) / m;
}

function group(results: readonly RunResult[]): Map<string, RunResult[]> {
  const m = new Map<string, RunResult[]>();
  for (const r of results) {
    const k = cellKey(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export function compareRuns(
  baseline: readonly RunResult[],
  candidate: readonly RunResult[],
  thresholds: CompareThresholds = DEFAULT_THRESHOLDS,
): Comparison {
  const base = group(baseline);
  const cand = group(candidate);
  const keys = [...new Set([...base.keys(), ...cand.keys()])].sort();
  const rows: ComparisonRow[] = keys.map((key) => {
    const b = base.get(key);
    const c = cand.get(key);
    const bOps = b ? mean(b.map((r) => r.summary.opsPerSec)) : null;
    const cOps = c ? mean(c.map((r) => r.summary.opsPerSec)) : null;
    const bP99 = b ? mean(b.map((r) => r.summary.latency.percentiles.p99)) : null;
    const cP99 = c ? mean(c.map((r) => r.summary.latency.percentiles.p99)) : null;
    const throughputTolerance = Math.max(thresholds.maxThroughputDrop, b ? 2 * spread(b.map((r) => r.summary.opsPerSec)) : 0);
    const p99Tolerance = Math.max(thresholds.maxP99Increase, b ? 2 * spread(b.map((r) => r.summary.latency.percentiles.p99)) : 0);
    const throughputChange = bOps !== null && cOps !== null && bOps > 0 ? cOps / bOps - 1 : null;
    const p99Change = bP99 !== null && cP99 !== null && bP99 > 0 ? cP99 / bP99 - 1 : null;
    const reasons: string[] = [];
    let verdict: Verdict;
    if (!b) verdict = 'missing-baseline';
    else if (!c) verdict = 'missing-candidate';
    else if (c.some((r) => r.status === 'failed')) {
      verdict = 'failed';
      reasons.push(...c.flatMap((r) => r.statusReasons));
    } else {
      if (throughputChange !== null && throughputChange < -throughputTolerance) {
        reasons.push(`throughput ${pct(throughputChange)} (tolerance −${pct(throughputTolerance, false)})`);
      }
      if (p99Change !== null && p99Change > p99Tolerance) reasons.push(`p99 ${pct(p99Change)} (tolerance +${pct(p99Tolerance, false)})`);
      const better =
        (throughputChange !== null && throughputChange > throughputTolerance) || (p99Change !== null && p99Change < -p99Tolerance);
      verdict = reasons.length > 0 ? 'regressed' : better ? 'improved' : 'ok';
    }
    return {
      key,
      verdict,
      baselineOpsPerSec: bOps,
      candidateOpsPerSec: cOps,
      throughputChange,
      baselineP99Ns: bP99,
      candidateP99Ns: cP99,
      p99Change,
      throughputTolerance,
      p99Tolerance,
      reasons,
    };
  });
  return { rows, regressed: rows.some((r) => r.verdict === 'regressed' || r.verdict === 'failed') };
}

/** A relative change as a percentage with one decimal, signed by default (`+12.5%`, `-3.0%`). */
export function pct(x: number, signed = true): string {
  const s = (x * 100).toFixed(1) + '%';
  return signed && x > 0 ? '+' + s : s;
}
