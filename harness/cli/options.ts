/**
 * Option groups shared by commands (`run` and `suite` both take load and output options).
 * Defaults shown in --help come from the same constants the runner uses.
 */
import type { Argv } from 'yargs';
import { CONFIG_DEFAULTS, DEFAULT_CLIENTS } from '../runner/config.js';

export const FORMATS = ['table', 'json', 'markdown'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface LoadArgs {
  concurrency?: number | string;
  requests?: number | string;
  duration?: string;
  warmup?: string;
  rate?: number | string;
  arrival?: string;
  threads?: number | string;
  clients?: number | string;
  pipeline?: number | string;
  seed?: number | string;
  timeout?: string;
}

export function withLoadOptions<T>(y: Argv<T>): Argv<T & LoadArgs> {
  return y
    .option('concurrency', {
      alias: 'c',
      type: 'string',
      group: 'Load:',
      describe: `closed loop: operations in flight per thread [default: ${CONFIG_DEFAULTS.concurrency}]`,
    })
    .option('requests', { alias: 'n', type: 'string', group: 'Load:', describe: 'measured operations (all threads), instead of --duration' })
    .option('duration', {
      alias: 'd',
      type: 'string',
      group: 'Load:',
      describe: `measured phase length: 500ms, 10s, 2m [default: ${CONFIG_DEFAULTS.durationMs / 1000}s]`,
    })
    .option('warmup', { type: 'string', group: 'Load:', describe: `excluded warm-up before measuring [default: ${CONFIG_DEFAULTS.warmupMs}ms]` })
    .option('rate', { type: 'string', group: 'Load:', describe: 'open loop: target ops/s over all threads, e.g. 50000, 50k, 1e6 (latency from intended send time; ops not sent by the end count as missed)' })
    .option('arrival', { type: 'string', group: 'Load:', describe: 'open loop arrivals: constant | poisson [default: constant]' })
    .option('threads', { alias: 't', type: 'string', group: 'Load:', describe: `load-generating threads, each with its own connections (memtier -t) [default: ${CONFIG_DEFAULTS.threads}]` })
    .option('clients', {
      type: 'string',
      group: 'Load:',
      describe: `real servers: connections per load thread (memtier -c); in flight per thread = clients × pipeline, instead of --concurrency [default: ${DEFAULT_CLIENTS} with --pipeline]`,
    })
    .option('pipeline', {
      type: 'string',
      group: 'Load:',
      describe: 'real servers: requests in flight per connection (memtier --pipeline, redis-benchmark -P) [default: 1 with --clients]',
    })
    .option('seed', { type: 'string', group: 'Load:', describe: 'seed of every random choice [default: random, recorded]' })
    .option('timeout', { type: 'string', group: 'Load:', describe: `per-operation timeout [default: ${CONFIG_DEFAULTS.timeoutMs}ms]` }) as Argv<
    T & LoadArgs
  >;
}

export interface OutputArgs {
  out?: string;
  save?: boolean;
  format?: string;
  report?: string;
  progress?: boolean;
  strict?: boolean;
}

export function withOutputOptions<T>(y: Argv<T>): Argv<T & OutputArgs> {
  return y
    .option('out', { alias: 'o', type: 'string', group: 'Output:', describe: 'folder for result JSON files [default: out/results]' })
    .option('save', { type: 'boolean', group: 'Output:', default: true, describe: 'write result files (--no-save to skip)' })
    .option('format', { type: 'string', group: 'Output:', describe: `what to print on stdout: ${FORMATS.join(' | ')} [default: table]` })
    .option('report', { type: 'string', group: 'Output:', describe: 'also write an HTML report of these results to this path' })
    .option('progress', { type: 'boolean', group: 'Output:', describe: 'progress on stderr [default: when stderr is a TTY]' })
    .option('strict', { type: 'boolean', group: 'Output:', default: false, describe: 'exit 1 when a result is degraded (errors, saturated load generator)' }) as Argv<
    T & OutputArgs
  >;
}
