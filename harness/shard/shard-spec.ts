/**
 * Which part of a split run this process is: `--shard I/N`, or — in a Kubernetes Indexed Job —
 * the index from `JOB_COMPLETION_INDEX` and the count from `CACHEBENCH_SHARDS` (the Job sets
 * both; Kubernetes injects only the index, so the manifest passes the count).
 *
 * Decision: `JOB_COMPLETION_INDEX` alone does not make a run a shard (Indexed Jobs run other
 * things too); the count must be given, by flag or `CACHEBENCH_SHARDS`.
 */
import { ConfigError } from '../runner/config.js';

export interface ShardSpec {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

/** Environment variables read for shard defaults. */
export const SHARD_INDEX_ENV = 'JOB_COMPLETION_INDEX';
export const SHARD_COUNT_ENV = 'CACHEBENCH_SHARDS';

/** A typo guard: more shards than this is not a plausible run. */
export const MAX_SHARDS = 10_000;

const ALLOWED = `I/N with 0 ≤ I < N ≤ ${MAX_SHARDS} (e.g. 2/8), or ${SHARD_INDEX_ENV} and ${SHARD_COUNT_ENV} in the environment`;

/**
 * `raw` is the flag's value (`2/8`, or `2` with the count from the environment); null when the
 * run is not sharded. Throws `ConfigError('shard', …)` naming what is allowed.
 */
export function resolveShardSpec(raw: string | undefined, env: NodeJS.ProcessEnv = process.env): ShardSpec | null {
  const envCount = env[SHARD_COUNT_ENV];
  const envIndex = env[SHARD_INDEX_ENV];
  if (raw === undefined && (envCount === undefined || envCount === '')) return null;
  let indexText: string | undefined;
  let countText: string | undefined;
  if (raw !== undefined) {
    const m = /^\s*(\d+)\s*(?:\/\s*(\d+)\s*)?$/.exec(raw);
    if (!m) throw new ConfigError('shard', ALLOWED, raw);
    indexText = m[1];
    countText = m[2] ?? envCount;
  } else {
    indexText = envIndex;
    countText = envCount;
  }
  if (indexText === undefined || indexText === '') {
    throw new ConfigError('shard', `${ALLOWED}; ${SHARD_COUNT_ENV}=${envCount} is set but ${SHARD_INDEX_ENV} is not`, raw ?? null);
  }
  if (countText === undefined || !/^\d+$/.test(countText)) throw new ConfigError('shard', ALLOWED, raw ?? `${SHARD_COUNT_ENV}=${countText}`);
  const index = Number(indexText);
  const count = Number(countText);
  if (!/^\d+$/.test(indexText) || count < 1 || count > MAX_SHARDS || index >= count) {
    throw new ConfigError('shard', ALLOWED, raw ?? `${SHARD_INDEX_ENV}=${indexText} ${SHARD_COUNT_ENV}=${countText}`);
  }
  return { index, count };
}
