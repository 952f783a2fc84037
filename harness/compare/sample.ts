/** Centre and spread of one side's repeats: the median, and the median absolute deviation. */

export interface SampleSummary {
  readonly n: number;
  readonly median: number;
  /** Median absolute deviation from the median, relative to the median (0.03 = ±3%). */
  readonly spread: number;
  readonly min: number;
  readonly max: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

export function summarizeSample(values: readonly number[]): SampleSummary {
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  return { n: values.length, median: m, spread: m === 0 ? 0 : mad / Math.abs(m), min: Math.min(...values), max: Math.max(...values) };
}
