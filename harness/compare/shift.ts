/**
 * How much did head move relative to base? The Hodges–Lehmann estimate of the shift between
 * the two samples on a log scale (the median of every log(head) − log(base) pair), with its
 * distribution-free 95% interval (Moses: order statistics of the same pairwise differences at
 * the Mann–Whitney critical count) and the Mann–Whitney p-value, all turned back into relative
 * changes (head / base − 1).
 *
 * Why this and not a bootstrap of the median difference: with 5–10 repeats a bootstrap of a
 * median can only produce a handful of distinct values and its percentile interval undercovers;
 * the rank interval's coverage is exact for any continuous distribution of the same shape
 * (at least 95%, the achieved level is reported), needs no random draws (the same results
 * always give the same verdict), and it pairs with the U test Google benchmark's compare.py
 * uses. Logs make a shift a ratio, so "−20%" means the same on a 1M ops/s and a 1k ops/s cell
 * and a multiplicative slowdown is one shift.
 */
import { intervalRank, mannWhitneyP } from './rank-sum.js';

export interface ShiftEstimate {
  /** Hodges–Lehmann estimate as a relative change: head / base − 1. */
  readonly change: number;
  /** Lower end of the interval, as a relative change. */
  readonly low: number;
  /** Upper end of the interval, as a relative change. */
  readonly high: number;
  /** Achieved coverage of [low, high] (≥ 0.95; exact for up to 50 repeats per side). */
  readonly coverage: number;
  /** Two-sided Mann–Whitney U p-value. */
  readonly p: number;
}

/**
 * `null` when no 95% interval can be formed (too few values: fewer than 4 per side for equal
 * sides). Every value must be > 0 (the caller checks and says which is not).
 */
export function estimateShift(base: readonly number[], head: readonly number[]): ShiftEstimate | null {
  const rank = intervalRank(base.length, head.length);
  if (rank === null) return null;
  const logBase = base.map(Math.log);
  const logHead = head.map(Math.log);
  const diffs = new Float64Array(base.length * head.length);
  let i = 0;
  for (const h of logHead) for (const b of logBase) diffs[i++] = h - b;
  diffs.sort();
  const n = diffs.length;
  const mid = n % 2 === 1 ? diffs[(n - 1) / 2]! : (diffs[n / 2 - 1]! + diffs[n / 2]!) / 2;
  return {
    change: Math.expm1(mid),
    low: Math.expm1(diffs[rank.k - 1]!),
    high: Math.expm1(diffs[n - rank.k]!),
    coverage: rank.coverage,
    p: mannWhitneyP(base, head),
  };
}
