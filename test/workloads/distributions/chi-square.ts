/**
 * Pearson's chi-square statistic and its critical value, for tests that hold a sampler's
 * frequencies to an exact law. Cells whose expected count is below 5 are pooled, as the
 * approximation by the chi-square distribution needs.
 */

/** Upper critical value of χ² with `df` degrees of freedom at normal quantile `z` (Wilson–Hilferty). */
export function chiSquareCritical(df: number, z: number): number {
  const a = 2 / (9 * df);
  return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
}

/** χ² of observed counts against probabilities (summing to 1), with its degrees of freedom. */
export function chiSquare(counts: Uint32Array, probabilities: Float64Array): { statistic: number; df: number } {
  let draws = 0;
  for (const c of counts) draws += c;
  let statistic = 0;
  let cells = 0;
  let pooledExpected = 0;
  let pooledObserved = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = probabilities[i]! * draws;
    if (expected < 5) {
      pooledExpected += expected;
      pooledObserved += counts[i]!;
      continue;
    }
    statistic += (counts[i]! - expected) ** 2 / expected;
    cells++;
  }
  if (pooledExpected > 0) {
    statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    cells++;
  }
  return { statistic, df: cells - 1 };
}
