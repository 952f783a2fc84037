/**
 * A scaling document derived from run results: cells that differ only in their thread count
 * (same engine, workload, parameters, loop and concurrency) become one line of ops/s against
 * threads. Lets `cachebench report` and `suite` draw the scaling chart from ordinary runs, with
 * no separate benchmark file.
 */
import type { RunResult } from '../../shared/result-types.js';
import type { ScalingPoint, ScalingReport } from './scaling.js';

function cellShape(r: RunResult): string {
  return JSON.stringify([r.engine.name, r.workload.name, r.workload.params, r.config.loop, r.config.concurrency, r.config.rate]);
}

/** Null when no cell was run at two or more thread counts. */
export function scalingFromResults(results: readonly RunResult[]): ScalingReport | null {
  const groups = new Map<string, Map<number, RunResult>>();
  for (const r of results) {
    if (r.status === 'failed' || r.config.loop !== 'closed') continue;
    const key = cellShape(r);
    let byThreads = groups.get(key);
    if (!byThreads) groups.set(key, (byThreads = new Map()));
    const prev = byThreads.get(r.config.threads);
    if (!prev || prev.summary.opsPerSec < r.summary.opsPerSec) byThreads.set(r.config.threads, r);
  }
  const lines = [...groups.values()].filter((g) => g.size >= 2);
  if (lines.length === 0) return null;
  const workloads = new Set(lines.map((g) => [...g.values()][0]!.workload.name));
  const points: ScalingPoint[] = [];
  for (const g of lines) {
    for (const [threads, r] of [...g.entries()].sort((a, b) => a[0] - b[0])) {
      const engine = workloads.size > 1 ? `${r.engine.name} · ${r.workload.name}` : r.engine.name;
      points.push({ engine, threads, opsPerSec: r.summary.opsPerSec });
    }
  }
  return { schemaVersion: 1, kind: 'cachebench.scaling', points, env: [...lines[0]!.values()][0]!.env };
}
