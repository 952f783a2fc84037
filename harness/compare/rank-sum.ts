/**
 * The Mann–Whitney U (Wilcoxon rank-sum) statistic, pure: its exact null distribution for small
 * samples, a two-sided p-value, and the critical count behind the distribution-free interval of
 * `shift.ts`. U counts the pairs (base, head) where head is larger, ties counted half.
 *
 * Exact (no-ties) distribution up to `EXACT_MAX_PER_SIDE` repeats per side — a recursion over
 * "is the largest value from the first sample?" — and the normal approximation (tie and
 * continuity corrected) beyond, or for the p-value when values tie (HDR percentiles do: three
 * significant digits). Only a 95% level is offered, the level Google benchmark's compare.py uses.
 */

/** Two-sided level of the interval and of the p-value threshold. */
export const ALPHA = 0.05;
/** The standard normal quantile at 1 − ALPHA/2. */
const Z_975 = 1.959963984540054;
/** Above this many values on either side the normal approximation is used. */
export const EXACT_MAX_PER_SIDE = 50;

const distributions = new Map<string, Float64Array>();

/** P(U = u), u = 0 … m·n, under "both samples from one distribution" with no ties. Cached. */
export function uDistribution(m: number, n: number): Float64Array {
  const a = Math.min(m, n);
  const b = Math.max(m, n);
  const key = `${a},${b}`;
  const cached = distributions.get(key);
  if (cached) return cached;
  // rows[i] = distribution of U for (i, j) at the current j; P(i, j, u) = i/(i+j)·P(i−1, j, u−j) + j/(i+j)·P(i, j−1, u).
  let rows: Float64Array[] = Array.from({ length: a + 1 }, () => Float64Array.of(1));
  for (let j = 1; j <= b; j++) {
    const next: Float64Array[] = [Float64Array.of(1)];
    for (let i = 1; i <= a; i++) {
      const d = new Float64Array(i * j + 1);
      const fromLeft = next[i - 1]!; // (i−1, j): the largest value is from sample 1, beating all j
      const fromUp = rows[i]!; // (i, j−1): the largest value is from sample 2
      const wl = i / (i + j);
      const wu = j / (i + j);
      for (let u = 0; u < fromLeft.length; u++) d[u + j]! += wl * fromLeft[u]!;
      for (let u = 0; u < fromUp.length; u++) d[u]! += wu * fromUp[u]!;
      next.push(d);
    }
    rows = next;
  }
  const out = rows[a]!;
  distributions.set(key, out);
  return out;
}

/** P(U ≤ u) under the null (exact, no ties). */
function lowerTail(dist: Float64Array, u: number): number {
  let s = 0;
  for (let k = 0; k <= u && k < dist.length; k++) s += dist[k]!;
  return s;
}

/**
 * The order-statistic index k (1-based) for the interval [d₍ₖ₎, d₍ₘₙ₊₁₋ₖ₎] of the m·n pairwise
 * differences, covering at least 95%: the largest k with P(U ≤ k−1) ≤ α/2. `null` when even
 * k = 1 (the whole range of differences) covers less, i.e. there are too few values.
 */
export function intervalRank(m: number, n: number): { k: number; coverage: number } | null {
  if (m < 1 || n < 1) return null;
  if (m <= EXACT_MAX_PER_SIDE && n <= EXACT_MAX_PER_SIDE) {
    const dist = uDistribution(m, n);
    let k = 0;
    let tail = 0; // P(U ≤ k−1) for the next k
    while (k < dist.length && tail + dist[k]! <= ALPHA / 2) {
      tail += dist[k]!;
      k++;
    }
    // k is now the largest with P(U ≤ k−1) ≤ α/2; k = 0 means even P(U = 0) is too likely.
    if (k === 0) return null;
    return { k, coverage: 1 - 2 * lowerTail(dist, k - 1) };
  }
  const sd = Math.sqrt((m * n * (m + n + 1)) / 12);
  const k = Math.floor((m * n) / 2 - Z_975 * sd);
  return k >= 1 ? { k, coverage: 1 - ALPHA } : null;
}

/** The fewest repeats per side (equal sides) for which a 95% interval exists. */
export function minimumRepeatsPerSide(): number {
  let n = 1;
  while (intervalRank(n, n) === null) n++;
  return n;
}

/** U = #(head > base) + ½·#(head = base), counted over all pairs; O(m·n), fine for repeats. */
export function uStatistic(base: readonly number[], head: readonly number[]): { u: number; ties: boolean } {
  let u = 0;
  let ties = false;
  for (const b of base) {
    for (const h of head) {
      if (h > b) u += 1;
      else if (h === b) {
        u += 0.5;
        ties = true;
      }
    }
  }
  return { u, ties };
}

/** Two-sided p-value of "base and head come from one distribution". */
export function mannWhitneyP(base: readonly number[], head: readonly number[]): number {
  const m = base.length;
  const n = head.length;
  if (m === 0 || n === 0) return 1;
  const { u, ties } = uStatistic(base, head);
  if (!ties && m <= EXACT_MAX_PER_SIDE && n <= EXACT_MAX_PER_SIDE) {
    const dist = uDistribution(m, n);
    const lo = lowerTail(dist, Math.floor(u));
    const hi = 1 - lowerTail(dist, Math.ceil(u) - 1);
    return Math.min(1, 2 * Math.min(lo, hi));
  }
  const all = [...base, ...head].sort((x, y) => x - y);
  const total = m + n;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j] === all[i]) j++;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  const variance = ((m * n) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  if (variance <= 0) return 1; // every value equal
  const z = Math.max(0, Math.abs(u - (m * n) / 2) - 0.5) / Math.sqrt(variance);
  return Math.min(1, 2 * normalUpperTail(z));
}

/** P(Z > z) for a standard normal Z (Abramowitz & Stegun 7.1.26, |error| < 1.5e−7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}
