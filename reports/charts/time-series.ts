/**
 * Rows of the per-interval time series shared by the throughput-over-time and p99-over-time
 * charts. Each interval's length is taken from consecutive `t` values, so a short final interval
 * shows its true rate instead of a dip. Slivers shorter than a quarter interval (the last few
 * operations completing after the measured phase's end) are left out: one operation in half a
 * millisecond is not a rate, and its "p99" is one sample.
 *
 * Workload curves over time (hit ratio, queue depth: `wholeIntervalPoints`) carry only bucket
 * ends, not the measured phase's end, so a trailing bucket that runs past the end is partial
 * and is dropped: its count covers part of an interval, its ratio a few late operations.
 */
import type { RunResult } from '../../shared/result-types.js';

export interface TimeSeriesRow {
  readonly series: string;
  /** Seconds since the start of the measured phase (end of the interval). */
  readonly t: number;
  readonly opsPerSec: number;
  readonly errorsPerSec: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly maxNs: number;
}

/** Intervals shorter than this share of `intervalMs` are not drawn. */
export const MIN_INTERVAL_SHARE = 0.25;

export function timeSeriesRows(results: readonly RunResult[], names: readonly string[]): TimeSeriesRow[] {
  const rows: TimeSeriesRow[] = [];
  results.forEach((result, i) => {
    const fallbackSeconds = result.timeSeries.intervalMs / 1000;
    let previousT = 0;
    for (const point of result.timeSeries.points) {
      const seconds = point.t - previousT > 0 ? point.t - previousT : fallbackSeconds;
      previousT = point.t;
      if (seconds < fallbackSeconds * MIN_INTERVAL_SHARE) continue;
      rows.push({
        series: names[i]!,
        t: point.t,
        opsPerSec: seconds > 0 ? point.ops / seconds : 0,
        errorsPerSec: seconds > 0 ? point.errors / seconds : 0,
        p50Ns: point.p50Ns,
        p99Ns: point.p99Ns,
        maxNs: point.maxNs,
      });
    }
  });
  return rows;
}

/** Share of an interval a workload bucket may run past the measured end and still count as whole (start-time jitter). */
export const BUCKET_END_TOLERANCE = 0.05;

/**
 * A workload curve over time (x = bucket ends, s) without buckets that end after the measured
 * phase (`measuredMs`): those are partial. The bucket length is the curve's own grid (its
 * smallest step; the first bucket ends one step after the start).
 */
export function wholeIntervalPoints<P extends { readonly x: number }>(points: readonly P[], measuredMs: number): P[] {
  if (points.length === 0 || !Number.isFinite(measuredMs)) return [...points];
  const xs = points.map((p) => p.x).sort((a, b) => a - b);
  let step = xs[0]! > 0 ? xs[0]! : Infinity;
  for (let i = 1; i < xs.length; i++) if (xs[i]! - xs[i - 1]! > 0) step = Math.min(step, xs[i]! - xs[i - 1]!);
  if (!Number.isFinite(step)) return [...points];
  const end = measuredMs / 1000 + step * BUCKET_END_TOLERANCE;
  return points.filter((p) => p.x <= end);
}
