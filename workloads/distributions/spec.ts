/**
 * Key distribution specs: parsing the strings users type (`zipfian:0.99`, `hotspot:0.2:0.8`,
 * memtier's single letters) into a typed spec, and building the distribution for one thread.
 * Every malformed spec is refused with a `WorkloadParamError` naming the field and listing the
 * allowed forms.
 */
import type { Rng } from '../../shared/rng.js';
import { describeParam } from '../param-text.js';
import { WorkloadParamError } from '../types.js';
import { GaussianDistribution } from './gaussian.js';
import { HotspotDistribution } from './hotspot.js';
import type { KeyDistribution } from './key-distribution.js';
import { LatestDistribution } from './latest.js';
import { ScrambledZipfianDistribution } from './scrambled-zipfian.js';
import { SequentialDistribution } from './sequential.js';
import { UniformDistribution } from './uniform.js';
import { ZIPFIAN_CONSTANT } from './zipfian.js';

export type KeyDistributionSpec =
  | { readonly kind: 'uniform' }
  | { readonly kind: 'zipfian'; readonly theta: number }
  | { readonly kind: 'hotspot'; readonly hotKeyFraction: number; readonly hotOpFraction: number }
  /** Walks the whole key space in order, every thread from key 0. */
  | { readonly kind: 'sequential' }
  /** Walks in order within the thread's own slice of the key space (memtier's `P`). */
  | { readonly kind: 'partitioned' }
  | { readonly kind: 'latest'; readonly theta: number }
  | { readonly kind: 'gaussian'; readonly mean: number; readonly stddev: number };

/** The forms a spec may take, for `--help` and error messages. */
export const KEY_DISTRIBUTION_FORMS =
  'uniform, zipfian[:theta], hotspot[:hotKeyFraction:hotOpFraction], sequential, partitioned, ' +
  'latest[:theta], gaussian[:mean:stddev], or memtier letters R (uniform), Z (zipfian), ' +
  'G (gaussian), S (sequential), P (partitioned)';

/** YCSB's hotspot defaults (hotspotdatafraction, hotspotopnfraction). */
export const DEFAULT_HOTSPOT = { hotKeyFraction: 0.2, hotOpFraction: 0.8 } as const;
/** memtier's gaussian defaults: median in the middle, stddev a sixth of the key range. */
export const DEFAULT_GAUSSIAN = { mean: 0.5, stddev: 1 / 6 } as const;

const MEMTIER_LETTERS: ReadonlyMap<string, KeyDistributionSpec> = new Map<string, KeyDistributionSpec>([
  ['R', { kind: 'uniform' }],
  ['Z', { kind: 'zipfian', theta: ZIPFIAN_CONSTANT }],
  ['G', { kind: 'gaussian', ...DEFAULT_GAUSSIAN }],
  ['S', { kind: 'sequential' }],
  ['P', { kind: 'partitioned' }],
]);

/**
 * Parse a key distribution spec. `field` names the parameter in error messages
 * (`keyPattern`, `requestdistribution`…).
 */
export function parseKeyDistribution(spec: unknown, field: string): KeyDistributionSpec {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new WorkloadParamError(field, `expected a key distribution (${KEY_DISTRIBUTION_FORMS}), got ${describeParam(spec)}`);
  }
  const text = spec.trim();
  const letter = MEMTIER_LETTERS.get(text);
  if (letter) return letter;
  const [name = '', ...args] = text.split(':');
  const bad = (why: string): WorkloadParamError =>
    new WorkloadParamError(field, `${why} in '${text}'; allowed: ${KEY_DISTRIBUTION_FORMS}`);
  const arity = (max: number): void => {
    if (args.length > max) throw bad(`'${name}' takes at most ${max} argument${max === 1 ? '' : 's'}`);
  };
  const fraction = (index: number, what: string, fallback: number, open = false): number => {
    const raw = args[index];
    if (raw === undefined) return fallback;
    const value = strictNumber(raw);
    const ok = open ? value > 0 && value < 1 : value >= 0 && value <= 1;
    if (!ok) throw bad(`${what} must be a number in ${open ? '(0, 1)' : '[0, 1]'}, got '${raw}'`);
    return value;
  };
  switch (name.toLowerCase()) {
    case 'uniform':
      arity(0);
      return { kind: 'uniform' };
    case 'sequential':
      arity(0);
      return { kind: 'sequential' };
    case 'partitioned':
      arity(0);
      return { kind: 'partitioned' };
    case 'zipfian':
      arity(1);
      return { kind: 'zipfian', theta: fraction(0, 'zipfian theta', ZIPFIAN_CONSTANT, true) };
    case 'latest':
      arity(1);
      return { kind: 'latest', theta: fraction(0, 'latest theta', ZIPFIAN_CONSTANT, true) };
    case 'hotspot': {
      if (args.length === 1) throw bad('hotspot takes both fractions (hotKeyFraction:hotOpFraction) or none');
      arity(2);
      const hotKeyFraction = fraction(0, 'hotspot key fraction', DEFAULT_HOTSPOT.hotKeyFraction);
      const hotOpFraction = fraction(1, 'hotspot op fraction', DEFAULT_HOTSPOT.hotOpFraction);
      if (hotKeyFraction === 0) throw bad('hotspot key fraction must be above 0');
      return { kind: 'hotspot', hotKeyFraction, hotOpFraction };
    }
    case 'gaussian': {
      if (args.length === 1) throw bad('gaussian takes both mean and stddev (mean:stddev) or none');
      arity(2);
      const mean = fraction(0, 'gaussian mean', DEFAULT_GAUSSIAN.mean);
      const stddevRaw = args[1];
      const stddev = stddevRaw === undefined ? DEFAULT_GAUSSIAN.stddev : strictNumber(stddevRaw);
      if (!(stddev > 0) || !Number.isFinite(stddev)) {
        throw bad(`gaussian stddev must be a positive number (a fraction of the key space), got '${stddevRaw}'`);
      }
      return { kind: 'gaussian', mean, stddev };
    }
    default:
      throw bad(`unknown key distribution '${name}'`);
  }
}

export interface DistributionPlacement {
  /** This thread's index and the run's thread count, for `partitioned`. */
  readonly threadIndex: number;
  readonly threadCount: number;
}

/** This thread's share [first, end) of `total` items; the threads' shares tile [0, total) exactly. */
export function threadSlice(total: number, placement: DistributionPlacement): { first: number; end: number } {
  const { threadIndex, threadCount } = placement;
  return {
    first: Math.floor((threadIndex * total) / threadCount),
    end: Math.floor(((threadIndex + 1) * total) / threadCount),
  };
}

/**
 * Build one thread's key distribution over [0, keyCount). `spec` is a string (parsed and
 * checked) or an already parsed spec; `field` names it in errors.
 */
export function createKeyDistribution(
  spec: string | KeyDistributionSpec,
  keyCount: number,
  rng: Rng,
  placement: DistributionPlacement = { threadIndex: 0, threadCount: 1 },
  field = 'keyPattern',
): KeyDistribution {
  if (!Number.isSafeInteger(keyCount) || keyCount < 1) {
    throw new WorkloadParamError('keys', `the key space must be a positive integer, got ${keyCount}`);
  }
  const parsed = typeof spec === 'string' ? parseKeyDistribution(spec, field) : spec;
  switch (parsed.kind) {
    case 'uniform':
      return new UniformDistribution(keyCount, rng);
    case 'zipfian':
      return new ScrambledZipfianDistribution(keyCount, parsed.theta, rng);
    case 'hotspot':
      return new HotspotDistribution(keyCount, parsed.hotKeyFraction, parsed.hotOpFraction, rng);
    case 'sequential':
      return new SequentialDistribution(keyCount);
    case 'partitioned': {
      const { first, end } = threadSlice(keyCount, placement);
      // More threads than keys: a thread whose slice is empty shares its neighbour's key.
      return end > first
        ? new SequentialDistribution(keyCount, first, end - first, 'partitioned')
        : new SequentialDistribution(keyCount, Math.min(first, keyCount - 1), 1, 'partitioned');
    }
    case 'latest':
      return new LatestDistribution(keyCount, parsed.theta, rng);
    case 'gaussian':
      return new GaussianDistribution(keyCount, parsed.mean, parsed.stddev, rng);
  }
}

/** A spec back in its canonical string form (recorded in results). */
export function formatKeyDistribution(spec: KeyDistributionSpec): string {
  switch (spec.kind) {
    case 'uniform':
    case 'sequential':
    case 'partitioned':
      return spec.kind;
    case 'zipfian':
    case 'latest':
      return `${spec.kind}:${spec.theta}`;
    case 'hotspot':
      return `hotspot:${spec.hotKeyFraction}:${spec.hotOpFraction}`;
    case 'gaussian':
      return `gaussian:${spec.mean}:${spec.stddev}`;
  }
}

/** `Number()` accepts '', ' ', '0x10'; a spec wants a plain decimal. NaN when it is not one. */
function strictNumber(text: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
}
