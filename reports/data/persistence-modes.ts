/**
 * Persistence modes side by side: results that differ only in persistence mode (the engine's
 * `persistence` / `appendfsync` options, one vocabulary for redis-style and redis-server:
 * engines/persistence-mode.ts) make one comparison, each mode's throughput and p50/p99 given as
 * a cost relative to `none` (or to the first mode when `none` did not run), with the
 * acknowledged writes a durability experiment lost in the same mode on the same engine beside
 * it. Answers "what does appendfsync always cost me, and what does everysec risk?". Pure.
 */
import { resolvePersistence } from '../../engines/persistence-mode.js';
import type { DurabilityResult } from '../../harness/durability/types.js';
import type { RunResult } from '../../shared/result-types.js';

const PERSISTENCE_KEYS = new Set(['persistence', 'appendfsync']);

export interface PersistenceRow {
  readonly mode: string;
  readonly resultIndex: number;
  readonly opsPerSec: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  /** This mode's throughput ÷ the baseline's (1 = same; 0.4 = 60% slower). */
  readonly throughputVsBase: number;
  /** This mode's p50 ÷ the baseline's (2 = twice as slow). */
  readonly p50VsBase: number;
  readonly p99VsBase: number;
  /** From a durability result of the same engine and mode (the most recent), when given. */
  readonly loss: { readonly acked: number; readonly lost: number; readonly lostFraction: number } | null;
}

export interface PersistenceComparison {
  readonly engine: string;
  readonly workload: string;
  readonly baseline: string;
  readonly rows: readonly PersistenceRow[];
}

/** The mode a result ran in, or null when its engine does not persist. */
export function persistenceModeOf(r: RunResult): string | null {
  if (r.engine.family !== 'redis') return null;
  try {
    return resolvePersistence(r.engine.options['persistence'], r.engine.options['appendfsync'], r.engine.name).mode;
  } catch {
    return typeof r.engine.options['persistence'] === 'string' ? (r.engine.options['persistence'] as string) : null;
  }
}

function cellKey(r: RunResult): string {
  const options = Object.fromEntries(Object.entries(r.engine.options).filter(([k]) => !PERSISTENCE_KEYS.has(k) && k !== 'dir'));
  const c = r.config;
  return JSON.stringify([r.engine.name, options, r.workload.name, r.workload.params, c.loop, c.rate, c.concurrency, c.threads, c.arrival]);
}

export function persistenceComparisons(results: readonly RunResult[], durability: readonly DurabilityResult[] = []): PersistenceComparison[] {
  const groups = new Map<string, { index: number; mode: string }[]>();
  results.forEach((r, index) => {
    const mode = persistenceModeOf(r);
    if (mode === null || r.status === 'failed') return;
    const key = cellKey(r);
    const list = groups.get(key);
    if (list) list.push({ index, mode });
    else groups.set(key, [{ index, mode }]);
  });
  const out: PersistenceComparison[] = [];
  for (const members of groups.values()) {
    // One result per mode: the latest run of it.
    const byMode = new Map<string, number>();
    for (const m of members) {
      const prev = byMode.get(m.mode);
      if (prev === undefined || results[m.index]!.timing.startedAt >= results[prev]!.timing.startedAt) byMode.set(m.mode, m.index);
    }
    if (byMode.size < 2) continue;
    const first = results[members[0]!.index]!;
    const baseline = byMode.has('none') ? 'none' : members[0]!.mode;
    const base = results[byMode.get(baseline)!]!;
    const rows = [...byMode].map(([mode, index]): PersistenceRow => {
      const r = results[index]!;
      const p = r.summary.latency.percentiles;
      const bp = base.summary.latency.percentiles;
      return {
        mode,
        resultIndex: index,
        opsPerSec: r.summary.opsPerSec,
        p50Ns: p.p50,
        p99Ns: p.p99,
        throughputVsBase: base.summary.opsPerSec > 0 ? r.summary.opsPerSec / base.summary.opsPerSec : NaN,
        p50VsBase: bp.p50 > 0 ? p.p50 / bp.p50 : NaN,
        p99VsBase: bp.p99 > 0 ? p.p99 / bp.p99 : NaN,
        loss: lossOf(durability, first.engine.name, mode),
      };
    });
    rows.sort((a, b) => (a.mode === baseline ? -1 : b.mode === baseline ? 1 : a.mode.localeCompare(b.mode)));
    out.push({ engine: first.engine.name, workload: first.workload.name, baseline, rows });
  }
  return out;
}

function lossOf(durability: readonly DurabilityResult[], engine: string, mode: string): PersistenceRow['loss'] {
  const runs = [...durability].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  for (const d of runs) {
    const m = d.modes.find((x) => (x.engine ?? 'redis-server') === engine && x.mode === mode);
    if (m) return { acked: m.acked, lost: m.lost, lostFraction: m.lostFraction };
  }
  return null;
}
