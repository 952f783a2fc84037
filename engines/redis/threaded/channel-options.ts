/**
 * Engine options of the engine-thread path, as data: the factory parses them, `resolveConfig`
 * leaves them to it (they are not CONFIG settings). The spin budgets are how long each side
 * polls before it sleeps in `Atomics.wait`; their defaults come from the measurements in
 * engines/redis/README.md ("Through the engine thread").
 */
export interface ChannelOptions {
  /** Route even one load thread through the engine thread. */
  readonly threaded: boolean;
  /** The idle engine thread's poll before it sleeps on the doorbell, µs. */
  readonly engineSpinUs: number;
  /** A lane client's poll for replies before it sleeps on its reply ring, µs. */
  readonly laneSpinUs: number;
  /** The nice value the engine thread asks for (thread-priority.ts); 0 leaves it as the process's. */
  readonly engineNice: number;
}

export const DEFAULT_ENGINE_SPIN_US = 50;
export const DEFAULT_LANE_SPIN_US = 20;
export const MAX_SPIN_US = 10_000;
/** The engine thread's nice: a server's priority over its own load threads, as `nice -n -10 redis-server` would give. */
export const DEFAULT_ENGINE_NICE = -10;

/** The option names this file owns (resolveConfig skips them). */
export const CHANNEL_OPTION_NAMES: readonly string[] = ['threaded', 'engine-spin-us', 'lane-spin-us', 'engine-nice'];

function spin(options: Record<string, unknown>, name: string, fallback: number): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_SPIN_US) {
    throw new Error(`redis-style option '${name}': must be an integer number of µs from 0 to ${MAX_SPIN_US} (got '${String(raw)}')`);
  }
  return n;
}

function niceValue(raw: unknown): number {
  if (raw === undefined) return DEFAULT_ENGINE_NICE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < -20 || n > 19) throw new Error(`redis-style option 'engine-nice': must be an integer from -20 to 19 (got '${String(raw)}')`);
  return n;
}

export function channelOptions(options: Record<string, unknown>): ChannelOptions {
  const t = options['threaded'];
  if (t !== undefined && t !== true && t !== false && t !== 'true' && t !== 'false') {
    throw new Error(`redis-style option 'threaded': must be true or false (got '${String(t)}')`);
  }
  return {
    threaded: t === true || t === 'true',
    engineSpinUs: spin(options, 'engine-spin-us', DEFAULT_ENGINE_SPIN_US),
    laneSpinUs: spin(options, 'lane-spin-us', DEFAULT_LANE_SPIN_US),
    engineNice: niceValue(options['engine-nice']),
  };
}
