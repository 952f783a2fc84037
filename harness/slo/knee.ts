/**
 * The knee of a latency–throughput curve: the highest rate before latency takes off. Rule:
 * the baseline is the lowest latency seen on the curve; the knee is the last point before the
 * first one whose latency exceeds `KNEE_FACTOR` × the baseline (points in order of achieved
 * rate). No point beyond it → no knee in the measured range (null). Simple on purpose: a reader
 * can check it against the chart, and it does not need a smooth curve.
 */

export const KNEE_FACTOR = 2;

export interface CurvePoint {
  /** Achieved ops/s. */
  readonly rate: number;
  readonly latencyNs: number;
}

export function kneeOf(points: readonly CurvePoint[]): CurvePoint | null {
  const sorted = [...points].filter((p) => p.latencyNs > 0).sort((a, b) => a.rate - b.rate);
  if (sorted.length < 2) return null;
  const baseline = Math.min(...sorted.map((p) => p.latencyNs));
  const firstHigh = sorted.findIndex((p) => p.latencyNs > KNEE_FACTOR * baseline);
  if (firstHigh <= 0) return null;
  return sorted[firstHigh - 1]!;
}
