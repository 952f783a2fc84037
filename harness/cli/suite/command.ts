/** `cachebench suite`: run a suite file (or the default quick suite) and write results + report. */
import type { Argv, CommandModule } from 'yargs';
import { withOutputOptions, type OutputArgs } from '../options.js';

export interface SuiteArgs extends OutputArgs {
  file?: string;
  default?: boolean;
  seed?: string;
  resume?: boolean;
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
        .option('resume', { type: 'boolean', describe: 'run only the cells whose results are not yet in <out>/results (a cut suite continues)' }),
    )
      .example('$0 suite --default --out out', 'what `npm run bench` does')
      .example('$0 suite suites/nightly.json --out out/nightly --strict', 'a CI gate')
      .example('$0 suite suites/nightly.json --out out/nightly --resume', 'continue a suite that was cut') as never,
  handler: async (args) => {
    const { suiteHandler } = await import('./handler.js');
    await suiteHandler(args);
  },
};
