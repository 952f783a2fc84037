/** `cachebench merge`: join the result files of a run's shards (`run --shard I/N`) into one result, exactly. */
import type { CommandModule } from 'yargs';
import { FORMATS } from '../options.js';

export interface MergeArgs {
  files: string[];
  out?: string;
  format?: string;
  report?: string;
  strict?: boolean;
  group?: boolean;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <files..>',
  describe: "join shards' result files (run --shard I/N) into one result: HDR histograms merged exactly",
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'shard result JSON files or folders holding them' })
      .option('out', { alias: 'o', type: 'string', describe: 'merged result: a .json file, or a folder to write <id>.json into [default: out/results]' })
      .option('format', { type: 'string', describe: `what to print on stdout: ${FORMATS.join(' | ')} [default: table]` })
      .option('report', { type: 'string', describe: 'also write an HTML report of the merged result here' })
      .option('group', { type: 'boolean', default: false, describe: 'files of several runs (a sharded suite): merge each run\'s shards on its own, into the --out folder' })
      .option('strict', { type: 'boolean', default: false, describe: 'exit 1 when the merged result is degraded (missing or late shards, errors)' })
      .example('$0 merge /results/*.json -o merged.json', 'every shard of one run')
      .example('$0 merge /results -o out/merged --report out/report.html', 'a folder works too')
      .example('$0 merge --group /results/shard-*/results -o /results/merged', 'a sharded suite: one merged result per cell') as never,
  handler: async (args) => {
    const { mergeHandler } = await import('./handler.js');
    await mergeHandler(args);
  },
};
