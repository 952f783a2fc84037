/**
 * Run configuration: defaults, validation and the one error type for bad settings. The CLI,
 * suite files and `runCell` all go through `resolveConfig`, so a bad value gets the same message
 * (naming the field and what is allowed) wherever it came from.
 */
import { randomSeed } from '../../shared/rng.js';
import type { RunConfig } from '../../shared/result-types.js';

/** A setting that cannot be used; `field` is the flag or suite key, `allowed` what would be. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly allowed: string,
    got: unknown,
  ) {
    super(`invalid ${field}: got ${JSON.stringify(got)}; expected ${allowed}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigInput {
  /** @default 'closed', or 'open' when `rate` is set */
  loop?: 'closed' | 'open';
  /** Operations in flight per thread (closed loop). @default 50 (redis-benchmark's -c) */
  concurrency?: number;
  /** Target ops/s over all threads; implies open loop. @default null */
  rate?: number | null;
  /** @default 'constant' */
  arrival?: 'constant' | 'poisson';
  /** Load-generating threads. @default 1 */
  threads?: number;
  /**
   * Real servers, memtier's shape: connections per load thread (`-c`). Sets `concurrency` to
   * clients × pipeline. @default 50 when `pipeline` is set
   */
  clients?: number;
  /** Requests in flight per connection (memtier `--pipeline`, redis-benchmark `-P`). @default 1 when `clients` is set */
  pipeline?: number;
  /** Measured phase length. @default 10000 unless `requests` is set */
  durationMs?: number | null;
  /** Measured phase operation budget (all threads). @default null */
  requests?: number | null;
  /** Excluded warm-up before measuring. @default 1000 */
  warmupMs?: number;
  /** @default a random seed, recorded in the result */
  seed?: number;
  /** Per-operation timeout for remote engines and the open loop's drain. @default 5000 */
  timeoutMs?: number;
  /** Anything else worth recording verbatim. */
  extra?: Record<string, unknown>;
}

export const CONFIG_DEFAULTS = {
  concurrency: 50,
  threads: 1,
  durationMs: 10_000,
  warmupMs: 1000,
  timeoutMs: 5000,
  arrival: 'constant',
} as const;

/**
 * Upper bounds that keep a typo from launching something absurd on a laptop (engines add their
 * own, lower thread limits: `EngineFactory.maxThreads`). Durations stay below Node's timer
 * limit (2^31 − 1 ms ≈ 24.8 days, beyond which setTimeout fires at once with a warning).
 */
export const MAX_THREADS = 128;
export const MAX_CONCURRENCY = 100_000;
export const MAX_DURATION_MS = 24 * 3_600_000;

function positiveInt(field: string, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw new ConfigError(field, `an integer from 1 to ${max}`, v);
  }
  return v;
}

function nonNegativeMs(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_DURATION_MS) {
    throw new ConfigError(field, 'a duration from 0 to 24h (e.g. 500ms, 10s, 2m)', v);
  }
  return v;
}

/** memtier's default `-c`. */
export const DEFAULT_CLIENTS = 50;

/**
 * `clients × pipeline` when either is set. `concurrency` is the same quantity (operations in
 * flight per thread) for engines without connections; giving both with different values
 * contradicts itself, and the error names both.
 */
function connectionShape(input: ConfigInput): { clients: number; pipeline: number } | null {
  if (input.clients === undefined && input.pipeline === undefined) return null;
  const clients = positiveInt('clients', input.clients ?? DEFAULT_CLIENTS, MAX_CONCURRENCY);
  const pipeline = positiveInt('pipeline', input.pipeline ?? 1, MAX_CONCURRENCY);
  if (clients * pipeline > MAX_CONCURRENCY) {
    throw new ConfigError('pipeline', `clients × pipeline ≤ ${MAX_CONCURRENCY} (got ${clients} × ${pipeline})`, pipeline);
  }
  if (input.concurrency !== undefined && input.concurrency !== clients * pipeline) {
    throw new ConfigError(
      'concurrency',
      `no --concurrency with --clients/--pipeline, or ${clients * pipeline} (= --clients ${clients} × --pipeline ${pipeline}); ` +
        'the flags contradict each other',
      input.concurrency,
    );
  }
  return { clients, pipeline };
}

export function resolveConfig(input: ConfigInput = {}): RunConfig {
  const rate = input.rate ?? null;
  // No upper bound: an impossible rate is a legitimate saturation test (the open loop counts what it missed).
  if (rate !== null && (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0)) {
    throw new ConfigError('rate', 'a number of operations per second > 0', rate);
  }
  const loop = input.loop ?? (rate !== null ? 'open' : 'closed');
  if (loop !== 'closed' && loop !== 'open') throw new ConfigError('loop', "'closed' or 'open'", loop);
  if (loop === 'open' && rate === null) throw new ConfigError('rate', 'a target rate (ops/s) for an open-loop run', rate);
  const arrival = input.arrival ?? CONFIG_DEFAULTS.arrival;
  if (arrival !== 'constant' && arrival !== 'poisson') throw new ConfigError('arrival', 'constant | poisson', arrival);
  // An arrival process in a closed loop would be silently ignored: say so instead.
  if (input.arrival !== undefined && loop === 'closed') {
    throw new ConfigError('arrival', 'a rate as well (arrivals exist only in an open loop)', input.arrival);
  }
  const threads = positiveInt('threads', input.threads ?? CONFIG_DEFAULTS.threads, MAX_THREADS);
  const shape = connectionShape(input);
  const concurrency = shape
    ? shape.clients * shape.pipeline
    : positiveInt('concurrency', input.concurrency ?? CONFIG_DEFAULTS.concurrency, MAX_CONCURRENCY);
  const requests = input.requests ?? null;
  if (requests !== null) positiveInt('requests', requests, Number.MAX_SAFE_INTEGER);
  let durationMs = input.durationMs === undefined ? null : input.durationMs;
  if (durationMs !== null) {
    nonNegativeMs('duration', durationMs);
    if (durationMs === 0) throw new ConfigError('duration', 'a duration > 0 (e.g. 10s)', durationMs);
  }
  if (durationMs === null && requests === null) durationMs = CONFIG_DEFAULTS.durationMs;
  const warmupMs = nonNegativeMs('warmup', input.warmupMs ?? CONFIG_DEFAULTS.warmupMs);
  const timeoutMs = nonNegativeMs('timeout', input.timeoutMs ?? CONFIG_DEFAULTS.timeoutMs);
  if (timeoutMs === 0) throw new ConfigError('timeout', 'a duration > 0', timeoutMs);
  const seed = input.seed ?? randomSeed();
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigError('seed', 'an integer from 0 to 4294967295', seed);
  }
  return {
    loop,
    concurrency,
    rate: loop === 'open' ? rate : null,
    arrival: loop === 'open' ? arrival : null,
    threads,
    ...(shape ? { clients: shape.clients, pipeline: shape.pipeline } : {}),
    durationMs,
    requests,
    warmupMs,
    seed,
    timeoutMs,
    extra: input.extra ?? {},
  };
}
