/** `cachebench suite`: run a suite file (or the default quick suite) and write results + report. */
import type { Argv, CommandModule } from 'yargs';
import { withOutputOptions, type OutputArgs } from '../options.js';

export interface SuiteArgs extends OutputArgs {
  file?: string;
  default?: boolean;
  seed?: string;
  repeat?: string;
  shard?: string;
  startAt?: string;
  cellGap?: string;
  resume?: boolean;
  cpus?: string;
}

export const suiteCommand: CommandModule<object, SuiteArgs> = {
  command: 'suite [file]',
  describe: 'run every cell of a suite file (JSON) and write results, an HTML report and a Markdown summary',
  builder: (y: Argv) =>
    withOutputOptions(
      y
        .positional('file', { type: 'string', describe: 'suite JSON file (see ARCHITECTURE.md, "Suites")' })
        .option('default', { type: 'boolean', describe: 'run the built-in quick suite over the embedded engines (≈1 minute)' })
        .option('seed', { type: 'string', describe: 'seed for cells that do not set one [default: the suite’s, else random]' })
        .option('resume', { type: 'boolean', describe: 'run only the cells whose results are not yet in <out>/results (a cut suite continues)' })
        .option('repeat', { type: 'string', describe: 'run every cell N times, interleaved across cells (repeat 1 of each, then 2…) [default: the suite’s repeat, else 1]' })
        .option('cpus', { type: 'string', describe: 'pin the load generator to these CPUs for every cell (as run --cpus); a managed server\'s own goes in its engine options (cpus) [default: unpinned]' })
        .option('shard', { type: 'string', group: 'Distributed:', describe: 'run part I of N of every cell (as run --shard); default from JOB_COMPLETION_INDEX and CACHEBENCH_SHARDS' })
        .option('start-at', { type: 'string', group: 'Distributed:', describe: 'ISO time at which the first cell measures on every shard; later cells follow --cell-gap after the previous end' })
        .option('cell-gap', { type: 'string', group: 'Distributed:', describe: 'with --start-at: time between one cell\'s planned end and the next cell\'s start (setup, preload, warm-up) [default: 15s]' }),
    )
      .example('$0 suite --default --out out', 'what `npm run bench` does')
      .example('$0 suite suites/nightly.json --out out/nightly --strict', 'a CI gate')
      .example('$0 suite suites/ci.json --repeat 7 --out out/head', 'repeats for `compare`')
      .example('$0 suite suites/nightly.json --out out/nightly --resume', 'continue a suite that was cut')
      .example('$0 suite /suite/suite.json --start-at 2026-12-01T12:00:00Z --out /results', 'one shard of every cell (an Indexed Job pod); join with merge --group') as never,
  handler: async (args) => {
    const { suiteHandler } = await import('./handler.js');
    await suiteHandler(args);
  },
};
