/**
 * `cachebench sweep`: one open-loop run per given rate, and the latency–throughput curve they
 * make; with `--slo`, the highest given rate that met it. Same options as `run`.
 */
import type { Argv, CommandModule } from 'yargs';
import { runBuilder, type RunArgs } from '../run/command.js';

export interface SweepArgs extends RunArgs {
  rates?: string;
  slo?: string;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep',
  describe: 'run a list of open-loop rates and chart latency against throughput',
  builder: (y) =>
    (runBuilder(y) as unknown as Argv<SweepArgs>)
      .option('rates', { type: 'string', group: 'Search:', describe: 'target rates, comma-separated ops/s with k/M suffixes, e.g. 10k,20k,50k (required)' })
      .option('slo', { type: 'string', group: 'Search:', describe: "optional latency SLOs, e.g. 'p99<1ms': the answer is the highest given rate meeting them" })
      .example('$0 sweep -e memcached-server --rates 10k,20k,50k,100k,200k --report out/sweep.html', 'five rates, one curve') as never,
  handler: async (args) => {
    const { sweepHandler } = await import('./handler.js');
    await sweepHandler(args);
  },
};
