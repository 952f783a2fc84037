/**
 * `cachebench micro`: per-command cost of the in-process engines with tinybench statistics,
 * written as ordinary result files. Typed args, builder and examples here; the handler is
 * imported only when the command runs.
 */
import type { Argv, CommandModule } from 'yargs';
import { MICRO_ENGINES } from '../../micro/engines.js';
import { withOutputOptions, type OutputArgs } from '../options.js';

export interface MicroArgs extends OutputArgs {
  engine?: string[];
  time?: string;
  warmup?: string;
  batch?: string;
  seed?: string;
}

function builder(y: Argv): Argv<MicroArgs> {
  const withFlags = y
    .option('engine', { alias: 'e', type: 'string', array: true, describe: `in-process engine(s): ${MICRO_ENGINES.join(' | ')} [default: both]` })
    .option('time', { type: 'string', describe: 'tinybench time budget per command, e.g. 500ms [default: 500ms]' })
    .option('warmup', { type: 'string', describe: 'tinybench warm-up per command [default: 100ms]' })
    .option('batch', { type: 'string', describe: 'calls per sample (one clock pair per batch) [default: 64]' })
    .option('seed', { type: 'string', describe: 'recorded with the result [default: random]' });
  return withOutputOptions(withFlags) as unknown as Argv<MicroArgs>;
}

export const microCommand: CommandModule<object, MicroArgs> = {
  command: 'micro',
  describe: 'per-command cost of the in-process engines (GET, SET, INCR, ZADD, … and the memcached commands) with tinybench statistics',
  builder: (y) =>
    builder(y)
      .example('$0 micro -e redis-style memcached-style', 'per-command cost, tinybench statistics, result files')
      .example('$0 micro -e redis-style --time 2s --report out/micro.html', 'longer, with an HTML report'),
  handler: async (args) => {
    const { microHandler } = await import('./handler.js');
    await microHandler(args);
  },
};
