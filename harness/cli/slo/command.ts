/**
 * `cachebench slo`: the highest open-loop rate at which every latency SLO holds, found by a
 * coarse geometric sweep, a bisection and a confirming repeat (harness/slo/search.ts). Takes
 * the same engine, workload, load and output options as `run`.
 */
import type { Argv, CommandModule } from 'yargs';
import { SEARCH_DEFAULTS } from '../../slo/search.js';
import { runBuilder, type RunArgs } from '../run/command.js';

export const DEFAULT_RATE_MIN = 1000;
export const DEFAULT_RATE_MAX = 10_000_000;

export interface SloArgs extends RunArgs {
  slo?: string;
  rateMin?: string;
  rateMax?: string;
  resolution?: string;
}

export const sloCommand: CommandModule<object, SloArgs> = {
  command: 'slo',
  describe: 'find the highest rate meeting latency SLOs (open loop, coordinated-omission corrected)',
  builder: (y) =>
    (runBuilder(y) as unknown as Argv<SloArgs>)
      .option('slo', { type: 'string', group: 'Search:', describe: "latency SLOs, comma-separated: p50|p90|p99|p99.9|p99.99 < duration, e.g. 'p99<1ms,p99.9<5ms' (required)" })
      .option('rate-min', { type: 'string', group: 'Search:', describe: `lowest rate tried, ops/s (k/M suffixes) [default: ${DEFAULT_RATE_MIN}]` })
      .option('rate-max', { type: 'string', group: 'Search:', describe: `highest rate tried, ops/s [default: ${DEFAULT_RATE_MAX / 1e6}M]` })
      .option('resolution', { type: 'string', group: 'Search:', describe: `stop bisecting when the bracket is this narrow: 5% or 0.05 [default: ${SEARCH_DEFAULTS.resolution * 100}%]` })
      .example("$0 slo -e redis-server --slo 'p99<1ms' --workload kv -d 5s", 'highest rate with p99 under 1 ms')
      .example("$0 slo -e redis-style memcached-style --slo 'p99<200us,p99.9<1ms' --report out/slo.html", 'two engines, two SLOs, a report') as never,
  handler: async (args) => {
    const { sloHandler } = await import('./handler.js');
    await sloHandler(args);
  },
};
