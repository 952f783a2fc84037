/** `cachebench suite`: run a suite file (or the default quick suite) and write results + report. */
import type { Argv, CommandModule } from 'yargs';
import { withOutputOptions, type OutputArgs } from '../options.js';

export interface SuiteArgs extends OutputArgs {
  file?: string;
  default?: boolean;
  seed?: string;
  repeat?: string;
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
        .option('repeat', { type: 'string', describe: 'run every cell N times, interleaved across cells (repeat 1 of each, then 2…) [default: the suite’s repeat, else 1]' }),
    )
      .example('$0 suite --default --out out', 'what `npm run bench` does')
      .example('$0 suite suites/nightly.json --out out/nightly --strict', 'a CI gate')
      .example('$0 suite suites/ci.json --repeat 7 --out out/head', 'repeats for `compare`') as never,
  handler: async (args) => {
    const { suiteHandler } = await import('./handler.js');
    await suiteHandler(args);
  },
};
