/**
 * Repeats built from a real result fixture (test/fixtures/results/null-kv-closed.json, written
 * by the harness): copies with the gate figures, status, label or settings a test needs, so
 * compare is exercised on the exact shape the runner writes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compareRuns, type Comparison } from '../../../harness/compare/compare.js';
import type { RunResult } from '../../../shared/result-types.js';
import { REAL_RESULTS_DIR } from '../../fixtures/load-results.js';

const TEMPLATE = JSON.parse(readFileSync(path.join(REAL_RESULTS_DIR, 'null-kv-closed.json'), 'utf8')) as RunResult;

export interface RepeatSpec {
  readonly label?: string;
  readonly ops: readonly number[];
  /** p50 per repeat (ns); defaults to 500 ns at 1M ops/s, scaled inversely with throughput. */
  readonly p50?: readonly number[];
  /** p99 per repeat (ns); defaults to 1000 ns at 1M ops/s, scaled inversely with throughput. */
  readonly p99?: readonly number[];
  readonly status?: (i: number) => RunResult['status'];
  readonly saturated?: (i: number) => boolean;
  readonly params?: Record<string, unknown>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function repeats(spec: RepeatSpec): RunResult[] {
  return spec.ops.map((ops, i) => {
    const r = structuredClone(TEMPLATE) as Mutable<RunResult>;
    const p50 = spec.p50?.[i] ?? Math.round(5e8 / ops);
    const p99 = spec.p99?.[i] ?? Math.round(1e9 / ops);
    r.label = spec.label ?? 'gate cell';
    r.id = `${r.id}-${r.label}-${i}`;
    // As a suite writes them: each repeat its own seed and its own cell tag.
    r.config = { ...r.config, seed: 1000 + i, extra: { ...r.config.extra, suiteCell: { suite: 's', index: i + 1, of: spec.ops.length, cellId: `${i + 1}-${i}abc` } } };
    r.repeat = { index: i + 1, of: spec.ops.length };
    r.summary = { ...r.summary, opsPerSec: ops, latency: { ...r.summary.latency, percentiles: { ...r.summary.latency.percentiles, p50, p99 } } };
    const status = spec.status?.(i) ?? 'ok';
    r.status = status;
    r.statusReasons = status === 'ok' ? [] : status === 'failed' ? ['check failed: values: 3 wrong'] : ['errors: timeout × 12'];
    if (spec.saturated?.(i)) {
      r.status = 'degraded';
      r.statusReasons = ['load generator saturated: achieved 80% of the target rate'];
      r.openLoop = { targetRate: ops, arrival: 'constant', lateOps: 10, lateThresholdNs: 1e6, lag: r.summary.latency, saturated: true, achievedRate: ops * 0.8 };
    }
    if (spec.params) r.workload = { ...r.workload, params: { ...r.workload.params, ...spec.params } };
    return r as RunResult;
  });
}

/** `n` values around `centre`, spread evenly over ±`halfWidth` (relative), in a shuffled order. */
export function around(centre: number, halfWidth: number, n = 7): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(centre * (1 + halfWidth * (n === 1 ? 0 : (2 * ((i * 3) % n)) / (n - 1) - 1)));
  return out;
}

export const EVIL = 'evil | <script>alert(1)</script> **bold** [link](http://x) `code`\nnext line';

/** One cell per verdict, from fixture repeats; the regressed one carries a hostile label. */
export function everyVerdict(): Comparison {
  const base = [
    ...repeats({ label: EVIL, ops: around(1e6, 0.02) }),
    ...repeats({ label: 'steady', ops: around(1e6, 0.02) }),
    ...repeats({ label: 'faster', ops: around(1e6, 0.02) }),
    ...repeats({ label: 'noisy', ops: around(1e6, 0.15) }),
    ...repeats({ label: 'gone', ops: around(1e6, 0.02) }),
  ];
  const head = [
    ...repeats({ label: EVIL, ops: around(0.75e6, 0.02) }),
    ...repeats({ label: 'steady', ops: around(1e6, 0.02) }),
    ...repeats({ label: 'faster', ops: around(1.4e6, 0.02) }),
    ...repeats({ label: 'noisy', ops: around(0.97e6, 0.15) }),
  ];
  return compareRuns(base, head);
}
