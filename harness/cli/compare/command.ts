/** `cachebench compare`: base vs head results → per-cell verdicts, a Markdown summary, an exit code for CI. */
import type { CommandModule } from 'yargs';

export interface CompareArgs {
  base: string;
  head: string;
  minEffect?: string;
  markdown?: string;
  report?: string;
  format?: string;
  allowMissing?: boolean;
  strict?: boolean;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <base> <head>',
  describe: 'compare two sets of repeated results per cell (change with a 95% interval); exit 1 when a cell regressed beyond the minimum effect',
  builder: (y) =>
    y
      .positional('base', { type: 'string', demandOption: true, describe: 'base result file or folder (searched recursively)' })
      .positional('head', { type: 'string', demandOption: true, describe: 'head result file or folder (searched recursively)' })
      .option('min-effect', { type: 'string', describe: 'smallest change worth a verdict, as 5% or 0.05 [default: 5%]' })
      .option('format', { type: 'string', describe: 'stdout: table | markdown | json [default: table]' })
      .option('markdown', { type: 'string', describe: 'also write the Markdown summary to this file (appended: e.g. "$GITHUB_STEP_SUMMARY")' })
      .option('report', { type: 'string', describe: 'also write an HTML report of the head results with a comparison section (forest plot)' })
      .option('allow-missing', { type: 'boolean', default: false, describe: 'cells present on one side only do not fail the gate' })
      .option('strict', { type: 'boolean', default: false, describe: 'exit 1 when any cell is inconclusive' })
      .example('$0 compare out/base out/head --min-effect 5% --markdown "$GITHUB_STEP_SUMMARY"', 'CI gate')
      .epilogue(
        'Verdicts: regressed | improved | no change | inconclusive | missing. Exit 1 on regressed, on a failed head check, and on missing ' +
          '(unless --allow-missing); inconclusive exits 0 unless --strict. Run each side with `suite --repeat 7` (at least 4 per side for an interval).',
      ) as never,
  handler: async (args) => {
    const { compareHandler } = await import('./handler.js');
    await compareHandler(args);
  },
};
