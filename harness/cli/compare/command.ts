/** `cachebench compare`: baseline vs candidate results → verdict table and exit code for CI. */
import type { CommandModule } from 'yargs';

export interface CompareArgs {
  baseline: string;
  candidate: string;
  maxThroughputDrop?: string;
  maxP99Increase?: string;
  markdown?: string;
  format?: string;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <baseline> <candidate>',
  describe: 'compare two sets of results; exit 1 when throughput or p99 regressed beyond tolerance and noise',
  builder: (y) =>
    y
      .positional('baseline', { type: 'string', demandOption: true, describe: 'baseline result file or folder' })
      .positional('candidate', { type: 'string', demandOption: true, describe: 'candidate result file or folder' })
      .option('max-throughput-drop', { type: 'string', describe: 'tolerated throughput drop [default: 10%]' })
      .option('max-p99-increase', { type: 'string', describe: 'tolerated p99 increase [default: 20%]' })
      .option('format', { type: 'string', describe: 'table | markdown | json [default: table]' })
      .option('markdown', { type: 'string', describe: 'also write the Markdown table to this file' })
      .example('$0 compare baseline/ out/results/ --max-p99-increase 15%', 'CI gate') as never,
  handler: async (args) => {
    const { compareHandler } = await import('./handler.js');
    await compareHandler(args);
  },
};
