/**
 * Shards' per-interval series on one wall-clock grid. Interval k of a shard covers
 * [measureStart + k·I, measureStart + (k+1)·I) on that shard's clock; every shard's intervals
 * are placed by their start on the merged grid, which begins at the earliest shard start.
 * With `--start-at` every shard starts on the grid (late ones on a later boundary), so the
 * placement is exact; without it, each interval goes to the nearest merged interval.
 */
import { mergeEncoded } from '../../shared/histogram.js';
import type { RunResult, TimeSeriesPoint } from '../../shared/result-types.js';

export interface SeriesInput {
  readonly result: RunResult;
  readonly measureStartEpochMs: number;
}

export function mergeSeries(
  inputs: readonly SeriesInput[],
  measuredMs: number,
): { intervalMs: number; points: TimeSeriesPoint[]; alignment: 'exact' | 'nearest' } {
  const intervalMs = inputs[0]!.result.timeSeries.intervalMs;
  const base = Math.min(...inputs.map((s) => s.measureStartEpochMs));
  let alignment: 'exact' | 'nearest' = 'exact';
  const slots = new Map<number, { ops: number; errors: number; encoded: string[]; maxNs: number }>();
  for (const s of inputs) {
    const shift = (s.measureStartEpochMs - base) / intervalMs;
    if (Math.abs(shift - Math.round(shift)) > 1e-6) alignment = 'nearest';
    for (const p of s.result.timeSeries.points) {
      const index = intervalIndex(p.t, intervalMs) + Math.round(shift);
      let slot = slots.get(index);
      if (!slot) slots.set(index, (slot = { ops: 0, errors: 0, encoded: [], maxNs: 0 }));
      slot.ops += p.ops;
      slot.errors += p.errors;
      slot.maxNs = Math.max(slot.maxNs, p.maxNs);
      if (p.histogram) slot.encoded.push(p.histogram);
    }
  }
  const points: TimeSeriesPoint[] = [];
  for (const index of [...slots.keys()].sort((a, b) => a - b)) {
    const slot = slots.get(index)!;
    const h = slot.encoded.length > 0 ? mergeEncoded(slot.encoded) : null;
    points.push({
      t: Math.min((index + 1) * intervalMs, Math.max(measuredMs, index * intervalMs)) / 1000,
      ops: slot.ops,
      errors: slot.errors,
      p50Ns: h?.percentiles.p50 ?? 0,
      p99Ns: h?.percentiles.p99 ?? 0,
      maxNs: h?.max ?? slot.maxNs,
      ...(h && h.count > 0 ? { histogram: h.histogram } : {}),
    });
  }
  return { intervalMs, points, alignment };
}

/** The interval a point belongs to: its `t` is the interval's end, or the phase end for the last, partial one. */
function intervalIndex(t: number, intervalMs: number): number {
  return Math.max(0, Math.ceil(Math.round(t * 1e6) / 1e3 / intervalMs) - 1);
}
