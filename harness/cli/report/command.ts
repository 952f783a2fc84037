/** `cachebench report`: turn result files into one self-contained HTML page (and Markdown). */
import type { CommandModule } from 'yargs';

export interface ReportArgs {
  files: string[];
  output: string;
  markdown?: string;
  title?: string;
  scaling?: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <files..>',
  describe: 'write an HTML report (opens offline) from result files or folders of them',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'result JSON files or folders holding them' })
      .option('output', { alias: 'o', type: 'string', default: 'out/report.html', describe: 'HTML file to write' })
      .option('markdown', { type: 'string', describe: 'also write a Markdown summary (for a CI step summary) here' })
      .option('title', { type: 'string', describe: 'page title [default: cachebench report]' })
      .option('scaling', { type: 'string', describe: 'a scaling JSON from bench/scaling to chart ops/s vs threads' })
      .example('$0 report out/results/*.json -o out/report.html', '')
      .example('$0 report out/results --markdown out/summary.md', 'a folder works too') as never,
  handler: async (args) => {
    const { reportHandler } = await import('./handler.js');
    await reportHandler(args);
  },
};
