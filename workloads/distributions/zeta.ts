/**
 * The generalised harmonic number ζ(n, θ) = Σ_{i=1..n} i^−θ that zipfian generators normalise
 * by. Exact summation where it is cheap; beyond that an Euler–Maclaurin tail, so the 10^10
 * items of YCSB's scrambled zipfian cost microseconds instead of minutes. Results are cached
 * per (n, θ) because every thread of a run builds the same generators.
 */

/** Above this many items the tail is summed in closed form (error far below 1e-12 relative). */
const EXACT_LIMIT = 200_000;
/** Terms summed exactly before the Euler–Maclaurin tail takes over. */
const HEAD = 10_000;

const cache = new Map<string, number>();

/** ζ(n, θ) = Σ_{i=1..n} 1/i^θ, for θ in (0, 1) ∪ (1, ∞) and n ≥ 0. */
export function zeta(n: number, theta: number): number {
  if (n <= 0) return 0;
  const cacheKey = `${n}:${theta}`;
  const known = cache.get(cacheKey);
  if (known !== undefined) return known;
  const value = n <= EXACT_LIMIT ? zetaRange(0, n, theta, 0) : zetaEulerMaclaurin(n, theta);
  cache.set(cacheKey, value);
  return value;
}

/**
 * Extend a partial sum: `initial` is ζ(from, θ); returns ζ(to, θ). Used when a generator's item
 * count grows (YCSB's latest distribution after inserts), so growth costs O(added items).
 */
export function zetaRange(from: number, to: number, theta: number, initial: number): number {
  if (to - from > EXACT_LIMIT) return zeta(to, theta);
  let sum = initial;
  for (let i = from + 1; i <= to; i++) sum += 1 / Math.pow(i, theta);
  return sum;
}

function zetaEulerMaclaurin(n: number, theta: number): number {
  const m = HEAD;
  let sum = 0;
  for (let i = 1; i < m; i++) sum += 1 / Math.pow(i, theta);
  // Σ_{i=m..n} f(i) ≈ ∫_m^n f + (f(m)+f(n))/2 + (f'(n)−f'(m))/12 − (f'''(n)−f'''(m))/720, f(x) = x^−θ.
  const f = (x: number): number => Math.pow(x, -theta);
  const f1 = (x: number): number => -theta * Math.pow(x, -theta - 1);
  const f3 = (x: number): number => -theta * (theta + 1) * (theta + 2) * Math.pow(x, -theta - 3);
  const integral = theta === 1 ? Math.log(n / m) : (Math.pow(n, 1 - theta) - Math.pow(m, 1 - theta)) / (1 - theta);
  return sum + integral + (f(m) + f(n)) / 2 + (f1(n) - f1(m)) / 12 - (f3(n) - f3(m)) / 720;
}
