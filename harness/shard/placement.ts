/**
 * How a run splits into shards. The run's flags describe the whole run (threads, rate and
 * operation budget over all shards); each shard runs a contiguous range of the run's load
 * threads, numbered as in one unsplit run, so every thread keeps its seed streams, its key
 * slice and its share of the rate. The union of the shards therefore issues what one process
 * with all those threads would — the single-run distribution, and writes that never collide
 * where the workload partitions keys by thread.
 *
 * Decisions: `--threads` defaults to the shard count (one thread per shard) and may not be
 * smaller than it; connections and concurrency are per thread, so they split with the threads.
 * A shared seed is required: `--seed`, or one derived from `--start-at` (the same on every
 * shard), because a random seed per shard would make every shard's keys and choices unrelated.
 */
import { createHash } from 'node:crypto';
import type { RunConfig } from '../../shared/result-types.js';
import { ConfigError, resolveConfig, type ConfigInput } from '../runner/config.js';
import { splitEvenly } from '../runner/plan.js';
import type { ShardSpec } from './shard-spec.js';

export interface ShardPlacement {
  readonly shard: ShardSpec;
  /** The whole run's settings. */
  readonly run: RunConfig;
  /** This shard's share: its threads, rate and operation budget (what its own result reports). */
  readonly local: RunConfig;
  readonly firstThread: number;
}

export function placeShard(shard: ShardSpec, input: ConfigInput, startAt: string | null): ShardPlacement {
  const threads = input.threads ?? shard.count;
  if (typeof threads === 'number' && threads < shard.count) {
    throw new ConfigError('threads', `at least the shard count (${shard.count}): every shard runs one load thread or more`, threads);
  }
  let seed = input.seed;
  if (seed === undefined) {
    if (startAt === null) throw new ConfigError('seed', 'a seed shared by every shard (--seed N), or --start-at to derive one from', undefined);
    seed = seedFromStartAt(startAt);
  }
  const run = resolveConfig({ ...input, threads, seed });
  const firstThread = firstOf(run.threads, shard);
  const count = splitEvenly(run.threads, shard.count, shard.index);
  let requests: number | null = null;
  if (run.requests !== null) {
    requests = 0;
    for (let g = firstThread; g < firstThread + count; g++) requests += splitEvenly(run.requests, run.threads, g);
    if (requests === 0) throw new ConfigError('requests', `at least one operation per load thread (${run.threads})`, run.requests);
  }
  const local: RunConfig = {
    ...run,
    threads: count,
    rate: run.rate === null ? null : (run.rate * count) / run.threads,
    requests,
  };
  return { shard, run, local, firstThread };
}

/** Shards must share one server; an in-process or managed engine would give each shard its own. */
export function checkShardEngine(name: string, location: 'in-process' | 'managed' | 'remote'): void {
  if (location !== 'remote') {
    throw new ConfigError('shard', `a server every shard reaches (-e redis or -e memcached with --url); ${name} would give each shard its own`, name);
  }
}

/** The run's thread index of this shard's first thread (threads split as evenly as `splitEvenly`). */
function firstOf(threads: number, shard: ShardSpec): number {
  let first = 0;
  for (let i = 0; i < shard.index; i++) first += splitEvenly(threads, shard.count, i);
  return first;
}

/** A 32-bit seed every shard derives alike from the shared start time. */
export function seedFromStartAt(startAt: string): number {
  return createHash('sha256').update(`cachebench start-at ${startAt}`).digest().readUInt32BE(0);
}
