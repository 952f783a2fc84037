/**
 * The latency percentile spectrum of one `LatencySummary`: the full curve decoded from its HDR
 * histogram, not only the seven percentiles of its table. Points sit at percentiles that halve
 * the remaining tail (`ticksPerHalf` points per halving, as HdrHistogram's own percentile output
 * does), so the curve is as dense at 99.99% as it is at 50%. Each point carries
 * `1/(1−p)`, the x coordinate of the usual log-scale spectrum plot.
 */
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { PERCENTILES, type LatencySummary } from '../../shared/result-types.js';

export interface SpectrumPoint {
  /** Percentile, 0..100. */
  readonly percentile: number;
  /** `1 / (1 − percentile/100)`: 1 at the minimum, 100 at p99, 1000 at p99.9. */
  readonly inverseTail: number;
  /** Latency at that percentile, nanoseconds. */
  readonly valueNs: number;
}

/** Points per halving of the tail; 5 gives ~100 points for a million samples. */
export const DEFAULT_TICKS_PER_HALF = 5;

/**
 * The spectrum of `summary`. Percentiles finer than the sample count can resolve are left out
 * (with 1,000 samples there is no p99.99); the last point is the maximum, placed at
 * `1/(1−p) = count` because it is the one sample beyond every resolved percentile.
 * Tail percentiles are computed as `(100 − p)/100` so that p99.9 lands on x = 1000 exactly.
 * Falls back to the percentile table when the histogram is missing or unreadable, so a result
 * from an aborted run still draws.
 */
export function spectrumPoints(summary: LatencySummary, ticksPerHalf: number = DEFAULT_TICKS_PER_HALF): SpectrumPoint[] {
  if (summary.count <= 0) return [];
  const histogram = decodeOrNull(summary.histogram);
  if (histogram === null) return spectrumFromTable(summary);
  try {
    const count = histogram.totalCount;
    if (count <= 0) return [];
    // A decoded histogram knows the maximum only to its bucket's precision; the summary holds the
    // exact recorded one. No sample exceeds it, so no point of the curve may either.
    const maxNs = summary.max > 0 ? summary.max : histogram.maxValue;
    const points: SpectrumPoint[] = [];
    for (const tail of tailGrid(count, ticksPerHalf)) {
      const percentile = 100 * (1 - tail);
      points.push({ percentile, inverseTail: 1 / tail, valueNs: Math.min(histogram.getValueAtPercentile(percentile), maxNs) });
    }
    points.push({ percentile: 100 * (1 - 1 / count), inverseTail: count, valueNs: maxNs });
    return points;
  } finally {
    histogram.destroy();
  }
}

/**
 * Tail fractions (share of samples above a point) from 1 down to just above 1/count: the halving
 * grid, plus the recorded percentiles (p50 … p99.99) exactly, so the curve passes through the
 * same values as the summary table and the axis ticks.
 */
function tailGrid(count: number, ticksPerHalf: number): number[] {
  const tails = new Set<number>();
  for (let i = 0; ; i++) {
    const tail = Math.pow(0.5, i / ticksPerHalf);
    if (1 / tail >= count) break;
    tails.add(tail);
  }
  for (const [, p] of PERCENTILES) {
    const tail = (100 - p) / 100;
    if (1 / tail < count) tails.add(tail);
  }
  // Drop grid points within 0.1% of a recorded percentile: they would draw as a duplicate.
  const sorted = [...tails].sort((a, b) => b - a);
  return sorted.filter((t, i) => i === 0 || Math.abs(sorted[i - 1]! - t) / t > 1e-3);
}

function decodeOrNull(encoded: string): ReturnType<typeof decodeFromCompressedBase64> | null {
  if (typeof encoded !== 'string' || encoded.length === 0) return null;
  try {
    // 64-bit buckets as the recorder writes them; the JS build so no WebAssembly init is needed.
    return decodeFromCompressedBase64(encoded, 64, false);
  } catch {
    return null;
  }
}

/** The coarse spectrum from the percentile table alone (min, p50 … p99.99 as resolvable, max). */
export function spectrumFromTable(summary: LatencySummary): SpectrumPoint[] {
  if (summary.count <= 0) return [];
  const points: SpectrumPoint[] = [{ percentile: 0, inverseTail: 1, valueNs: summary.min }];
  for (const [key, p] of PERCENTILES) {
    const inverseTail = 1 / (1 - p / 100);
    if (inverseTail > summary.count) break;
    points.push({ percentile: p, inverseTail, valueNs: summary.percentiles[key] });
  }
  points.push({ percentile: 100 * (1 - 1 / summary.count), inverseTail: Math.max(summary.count, 1), valueNs: summary.max });
  return points;
}
