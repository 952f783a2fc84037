/**
 * Merging per-thread domain figures into a run's: counters add, curves add point by point
 * (same x) or keep the maximum, and ratios are recomputed from the added counters by the
 * scenario itself.
 */
import type { DomainFigures, DomainSeries } from '../../../shared/result-types.js';

/** Sum a numeric figure over threads (missing counts as 0). */
export function sumFigure(parts: readonly DomainFigures[], name: string): number {
  let total = 0;
  for (const part of parts) {
    const value = part.figures[name];
    if (typeof value === 'number') total += value;
  }
  return total;
}

/** The maximum of a numeric figure over threads. */
export function maxFigure(parts: readonly DomainFigures[], name: string): number {
  let best = 0;
  for (const part of parts) {
    const value = part.figures[name];
    if (typeof value === 'number' && value > best) best = value;
  }
  return best;
}

/** Add a curve over threads point by point. */
export function sumSeries(parts: readonly DomainFigures[], name: string): DomainSeries | undefined {
  return mergeSeries(parts, name, (total, y) => total + y);
}

/** Curves whose points are maxima (gauges such as queue depth) merge by taking the maximum per x. */
export function maxSeries(parts: readonly DomainFigures[], name: string): DomainSeries | undefined {
  return mergeSeries(parts, name, Math.max);
}

/** One curve over threads, points of the same x combined (missing counts as 0), in x order. */
function mergeSeries(parts: readonly DomainFigures[], name: string, combine: (merged: number, y: number) => number): DomainSeries | undefined {
  let labels: DomainSeries | undefined;
  const byX = new Map<number, number>();
  for (const part of parts) {
    const series = part.series?.[name];
    if (!series) continue;
    labels ??= series;
    for (const p of series.points) byX.set(p.x, combine(byX.get(p.x) ?? 0, p.y));
  }
  if (!labels) return undefined;
  const points = [...byX].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
  return { xLabel: labels.xLabel, yLabel: labels.yLabel, points };
}

/** Divide two counters, 0 when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Notes of every thread, each once. */
export function mergeNotes(parts: readonly DomainFigures[]): string[] {
  return [...new Set(parts.flatMap((p) => p.notes ?? []))];
}
