/**
 * The rate search, as an algorithm over a probe: `probe(rate)` runs one open-loop step and says
 * whether it met every SLO and, if not, which side limited it. Nothing here measures or
 * writes; the probe does, so the algorithm is tested with synthetic probes.
 *
 * 1. Coarse: rates rateMin, rateMin·factor, … up to rateMax (always probed last), ascending
 *    until the first step that fails.
 * 2. Bisection between the highest passing rate and the lowest failing one, at their geometric
 *    mean, until they are within `resolution` of each other (hi/lo ≤ 1 + resolution).
 * 3. Confirmation: the highest passing rate is run again. When the repeat fails, that rate is
 *    treated as failing and the search resumes below it (at most `maxConfirmations` times),
 *    so a lucky step is never the answer.
 *
 * The answer is the confirmed highest passing rate. When the lowest failing step was limited
 * by the load generator, the server was never pushed to its limit: the answer is "at least"
 * that rate. When rateMax passed, the answer is "at least rateMax" (the range limited it).
 */

export type StepPhase = 'coarse' | 'bisect' | 'confirm';

export interface ProbeVerdict {
  readonly meets: boolean;
  /** Which side limited a failing step; null when it met its SLOs. */
  readonly limit: 'server' | 'generator' | null;
}

export type Probe<V extends ProbeVerdict> = (rate: number, phase: StepPhase) => Promise<V>;

export interface SearchOptions {
  readonly rateMin: number;
  readonly rateMax: number;
  /** Relative width at which bisection stops: 0.05 = the answer is within 5% of the boundary. @default 0.05 */
  readonly resolution?: number;
  /** Ratio between coarse steps. @default 2 */
  readonly factor?: number;
  /** Repeats of the answer before giving up on confirming it. @default 3 */
  readonly maxConfirmations?: number;
}

/** Checked before every step: true ends the search with what was measured (Ctrl-C). */
export type ShouldStop = () => boolean;

export const SEARCH_DEFAULTS = { resolution: 0.05, factor: 2, maxConfirmations: 3 } as const;

export interface SearchStep<V extends ProbeVerdict> {
  readonly rate: number;
  readonly phase: StepPhase;
  readonly verdict: V;
}

/**
 * `exact`: the server's limit, within the resolution; `at-least`: the generator (or rateMax)
 * stopped the search first; `none`: not even rateMin met the SLOs.
 */
export type AnswerBound = 'exact' | 'at-least' | 'none';

export interface SearchAnswer {
  /** Highest rate that met every SLO (and its repeat); null when none did. */
  readonly rate: number | null;
  readonly bound: AnswerBound;
  /** What stopped the rate from going higher: the server, the generator, or `range` (rateMax passed). */
  readonly limitedBy: 'server' | 'generator' | 'range';
  /** Lowest rate that failed (null when none did). */
  readonly firstFailingRate: number | null;
  /** Whether the answer's repeat met the SLOs too. */
  readonly confirmed: boolean;
  readonly resolution: number;
  /** The search was stopped before it finished; the answer is what the steps so far support. */
  readonly interrupted: boolean;
}

export interface SearchOutcome<V extends ProbeVerdict> {
  readonly steps: readonly SearchStep<V>[];
  readonly answer: SearchAnswer;
}

export function validateSearchOptions(o: SearchOptions): Required<SearchOptions> {
  const resolution = o.resolution ?? SEARCH_DEFAULTS.resolution;
  const factor = o.factor ?? SEARCH_DEFAULTS.factor;
  const maxConfirmations = o.maxConfirmations ?? SEARCH_DEFAULTS.maxConfirmations;
  if (!(o.rateMin > 0) || !Number.isFinite(o.rateMin)) throw new RangeError(`rateMin must be > 0 (got ${o.rateMin})`);
  if (!(o.rateMax > o.rateMin) || !Number.isFinite(o.rateMax)) throw new RangeError(`rateMax must be > rateMin (got ${o.rateMax} ≤ ${o.rateMin})`);
  if (!(resolution > 0 && resolution < 1)) throw new RangeError(`resolution must be between 0 and 1 (got ${resolution})`);
  if (!(factor > 1 + resolution)) throw new RangeError(`factor must exceed 1 + resolution (got ${factor})`);
  if (!(Number.isInteger(maxConfirmations) && maxConfirmations >= 1)) throw new RangeError(`maxConfirmations must be an integer ≥ 1`);
  return { rateMin: o.rateMin, rateMax: o.rateMax, resolution, factor, maxConfirmations };
}

class Stopped extends Error {}

export async function searchRate<V extends ProbeVerdict>(
  options: SearchOptions,
  probe: Probe<V>,
  shouldStop: ShouldStop = () => false,
): Promise<SearchOutcome<V>> {
  const o = validateSearchOptions(options);
  const steps: SearchStep<V>[] = [];
  const run = async (rate: number, phase: StepPhase): Promise<V> => {
    if (shouldStop()) throw new Stopped();
    const verdict = await probe(rate, phase);
    steps.push({ rate, phase, verdict });
    return verdict;
  };

  // Rates known to pass, and the lowest failing rate with its verdict.
  const passed: number[] = [];
  let hi: { rate: number; verdict: V } | null = null;

  let confirmed = false;
  let interrupted = false;
  try {
    for (let rate = o.rateMin; ; rate = Math.min(o.rateMax, roundRate(rate * o.factor))) {
      const v = await run(rate, 'coarse');
      if (!v.meets) {
        hi = { rate, verdict: v };
        break;
      }
      passed.push(rate);
      if (rate >= o.rateMax) break;
    }
    confirmed = await bisectAndConfirm();
  } catch (err) {
    if (!(err instanceof Stopped)) throw err;
    interrupted = true;
  }

  async function bisectAndConfirm(): Promise<boolean> {
    for (let attempt = 0; attempt < o.maxConfirmations && passed.length > 0; attempt++) {
      let lo = Math.max(...passed);
      while (hi !== null && hi.rate / lo > 1 + o.resolution) {
        const mid = roundRate(Math.sqrt(lo * hi.rate));
        if (mid <= lo || mid >= hi.rate) break;
        const v = await run(mid, 'bisect');
        if (v.meets) {
          passed.push(mid);
          lo = mid;
        } else hi = { rate: mid, verdict: v };
      }
      const repeat = await run(lo, 'confirm');
      if (repeat.meets) return true;
      // The boundary did not hold: this rate fails too; search again below it.
      passed.splice(0, passed.length, ...passed.filter((r) => r < lo));
      hi = { rate: lo, verdict: repeat };
    }
    return false;
  }

  const rate = passed.length > 0 ? Math.max(...passed) : null;
  const base = { firstFailingRate: hi?.rate ?? null, confirmed, resolution: o.resolution, interrupted };
  if (rate === null) return { steps, answer: { rate: null, bound: 'none', limitedBy: hi?.verdict.limit ?? 'server', ...base } };
  if (hi === null) return { steps, answer: { rate, bound: 'at-least', limitedBy: 'range', ...base } };
  const limitedBy = hi.verdict.limit ?? 'server';
  return { steps, answer: { rate, bound: limitedBy === 'generator' ? 'at-least' : 'exact', limitedBy, ...base } };
}

/** Rates are whole operations per second, at most 4 significant digits (84 213 → 84 210). */
export function roundRate(rate: number): number {
  if (rate < 1) return 1;
  const digits = Math.floor(Math.log10(rate)) + 1;
  const unit = digits > 4 ? 10 ** (digits - 4) : 1;
  return Math.round(rate / unit) * unit;
}
