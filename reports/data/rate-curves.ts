/**
 * Latency–throughput curves from results: results of the same cell (engine, options, workload,
 * parameters, threads, loop, arrival, duration) at several offered loads — open-loop rates or
 * closed-loop concurrencies — make one curve, points in order of achieved rate. Any set of
 * results qualifies, not only `slo`/`sweep` output. Pure.
 */
import type { RunResult } from '../../shared/result-types.js';

export interface RatePoint {
  readonly resultIndex: number;
  /** Offered load: the open loop's target rate, or the closed loop's concurrency. */
  readonly offered: number;
  readonly achievedRate: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly p99_9Ns: number;
  readonly status: RunResult['status'];
}

export interface RateCurve {
  /** Legend name: the engine, with what else tells curves apart. */
  readonly name: string;
  readonly engine: string;
  readonly workload: string;
  readonly loop: 'open' | 'closed';
  readonly points: readonly RatePoint[];
}

function cellKey(r: RunResult): string {
  const c = r.config;
  return JSON.stringify([r.engine.name, r.engine.options, r.workload.name, r.workload.params, c.threads, c.loop, c.arrival, c.durationMs]);
}

/** Curves of ≥ 2 distinct offered loads; results alone at their cell draw no curve. */
export function rateCurves(results: readonly RunResult[]): RateCurve[] {
  const groups = new Map<string, number[]>();
  results.forEach((r, i) => {
    const key = cellKey(r);
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  const raw: Omit<RateCurve, 'name'>[] = [];
  for (const indexes of groups.values()) {
    const first = results[indexes[0]!]!;
    const open = first.config.loop === 'open';
    const points = indexes.map((i): RatePoint => {
      const r = results[i]!;
      const p = r.summary.latency.percentiles;
      return {
        resultIndex: i,
        offered: open ? (r.config.rate ?? 0) : r.config.concurrency,
        achievedRate: r.openLoop?.achievedRate ?? r.summary.opsPerSec,
        p50Ns: p.p50,
        p99Ns: p.p99,
        p99_9Ns: p.p99_9,
        status: r.status,
      };
    });
    if (new Set(points.map((p) => p.offered)).size < 2) continue;
    points.sort((a, b) => a.achievedRate - b.achievedRate || a.offered - b.offered);
    raw.push({ engine: first.engine.name, workload: first.workload.name, loop: first.config.loop, points });
  }
  return nameCurves(raw, results);
}

/** The engine name, plus workload / loop / threads when those tell two curves apart. */
function nameCurves(raw: readonly Omit<RateCurve, 'name'>[], results: readonly RunResult[]): RateCurve[] {
  const workloads = new Set(raw.map((c) => c.workload)).size > 1;
  const loops = new Set(raw.map((c) => c.loop)).size > 1;
  const taken = new Map<string, number>();
  return raw.map((c) => {
    const r = results[c.points[0]!.resultIndex]!;
    let name = c.engine;
    if (workloads) name += ` ${c.workload}`;
    if (loops) name += c.loop === 'open' ? ' open' : ' closed';
    if (r.config.threads > 1) name += ` t=${r.config.threads}`;
    const n = (taken.get(name) ?? 0) + 1;
    taken.set(name, n);
    return { ...c, name: n === 1 ? name : `${name} #${n}` };
  });
}
