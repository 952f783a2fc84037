/** `cachebench ci`: base commit vs this checkout, interleaved on one machine in one job, then compare. */
import type { CommandModule } from 'yargs';

export interface CiArgs {
  suite: string;
  baselineRef: string;
  repeat?: string;
  seed?: string;
  minEffect?: string;
  out?: string;
  markdown?: string;
  build?: string;
  allowMissing?: boolean;
  strict?: boolean;
  keepWorktree?: boolean;
}

export const ciCommand: CommandModule<object, CiArgs> = {
  command: 'ci <suite>',
  describe: 'run a suite on the base commit (a git worktree) and on this checkout, interleaved cell by cell, then compare; exit 1 on a regression',
  builder: (y) =>
    y
      .positional('suite', { type: 'string', demandOption: true, describe: 'suite JSON file (from this checkout; both sides run it)' })
      .option('baseline-ref', { type: 'string', demandOption: true, describe: 'git ref of the base side: origin/main, a tag, a commit' })
      .option('repeat', { type: 'string', describe: 'repeats per cell and side [default: the suite’s repeat, else 7]' })
      .option('seed', { type: 'string', describe: 'seed for cells that set none, the same on both sides [default: random, printed]' })
      .option('min-effect', { type: 'string', describe: 'smallest change worth a verdict, as 5% or 0.05 [default: 5%]' })
      .option('out', { alias: 'o', type: 'string', describe: 'folder for base/ and head/ results, report.html and summary.md [default: out/ci]' })
      .option('markdown', { type: 'string', describe: 'also append the Markdown summary here (e.g. "$GITHUB_STEP_SUMMARY")' })
      .option('build', { type: 'string', describe: 'shell command that builds the base checkout [default: npm run build --if-present]' })
      .option('allow-missing', { type: 'boolean', default: false, describe: 'cells on one side only (a new cell the base cannot run) do not fail the gate' })
      .option('strict', { type: 'boolean', default: false, describe: 'exit 1 when any cell is inconclusive' })
      .option('keep-worktree', { type: 'boolean', default: false, describe: 'keep the base worktree (its path is printed) instead of removing it' })
      .example('$0 ci suites/ci.json --baseline-ref origin/main --markdown "$GITHUB_STEP_SUMMARY"', 'the CI gate of docs/ci.md')
      .epilogue(
        'Head is the cachebench running this command (build it first); base is --baseline-ref checked out in a temporary git worktree, ' +
          'its node_modules linked when package-lock.json is identical (npm ci otherwise), then built. Each repeat of each cell runs on ' +
          'both sides back to back, alternating which goes first, with the same seed. Exit codes as `compare`.',
      ) as never,
  handler: async (args) => {
    const { ciHandler } = await import('./handler.js');
    await ciHandler(args);
  },
};
