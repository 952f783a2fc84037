/**
 * `cachebench ci` handler: validate the suite with this (head) cachebench, check out and build
 * the base commit, run every step of the interleaved plan with the side's own CLI, then compare
 * the two result folders exactly as `compare` does, writing `<out>/summary.md` and
 * `<out>/report.html`, and set the gate's exit code.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distUrl } from '../../../shared/dist-url.js';
import { randomSeed } from '../../../shared/rng.js';
import { checkOutBase, CiInputError, git, repositoryRoot, resolveCommit } from '../../ci/base-checkout.js';
import { planCiSteps, type Side } from '../../ci/plan.js';
import { runStep } from '../../ci/run-step.js';
import { compareRuns, DEFAULT_MIN_EFFECT, gateExitCode } from '../../compare/compare.js';
import { writeFileAtomic } from '../../results/files.js';
import { suiteCellSources, parseSuite, SuiteError } from '../../suite/suite.js';
import { MAX_REPEAT } from '../../suite/repeats.js';
import { comparisonToMarkdown } from '../../../reports/compare.js';
import { emitComparison, loadSide } from '../compare/handler.js';
import { parseCount, parseEffect, UsageError } from '../parse-values.js';
import { resolveCell } from '../../cell/resolve-cell.js';
import type { CiArgs } from './command.js';

/** Repeats when neither the suite nor `--repeat` says: enough for a 95% interval with room for noise. */
export const DEFAULT_CI_REPEAT = 7;
/** Builds the base checkout; a repository without a build script (one that depends on cachebench) skips it. */
export const DEFAULT_BUILD = 'npm run build --if-present';

export async function ciHandler(args: CiArgs): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(args.suite, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read suite ${args.suite}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const suite = parseSuite(raw);
  const repeat = args.repeat === undefined ? (suite.repeat ?? DEFAULT_CI_REPEAT) : parseCount('repeat', args.repeat, { integer: true, min: 1 });
  if (repeat > MAX_REPEAT) throw new UsageError(`invalid --repeat: got '${args.repeat}'; expected an integer from 1 to ${MAX_REPEAT}`);
  const seed = args.seed === undefined ? randomSeed() : parseCount('seed', args.seed, { integer: true, min: 0 });
  const minEffect = args.minEffect === undefined ? DEFAULT_MIN_EFFECT : parseEffect('min-effect', args.minEffect);
  const sources = suiteCellSources(suite);
  sources.forEach((s, i) => {
    try {
      resolveCell(s.cell); // validate every cell before the baseline is built
    } catch (err) {
      throw new SuiteError(`cell ${i + 1} (${s.cell.engine.name} × ${s.cell.workload.name})`, err instanceof Error ? err.message : String(err));
    }
  });
  const out = path.resolve(args.out ?? path.join('out', 'ci'));
  let repo: string;
  let baseCommit: string;
  try {
    repo = await repositoryRoot(process.cwd());
    baseCommit = await resolveCommit(repo, args.baselineRef);
  } catch (err) {
    throw err instanceof CiInputError ? new UsageError(err.message) : err;
  }
  const headCommit = await git(repo, ['rev-parse', 'HEAD']).catch(() => 'unknown');
  const dirty = (await git(repo, ['status', '--porcelain', '--untracked-files=no']).catch(() => '')) !== '';
  await rm(path.join(out, 'base'), { recursive: true, force: true });
  await rm(path.join(out, 'head'), { recursive: true, force: true });

  const log = (line: string): void => void process.stderr.write(line + '\n');
  log(`ci: base ${args.baselineRef} (${baseCommit.slice(0, 12)}) vs head ${headCommit.slice(0, 12)}${dirty ? ' + uncommitted changes' : ''}`);
  const buildLog = path.join(out, 'base-build.log');
  await writeFileAtomic(buildLog, '');
  log(`ci: checking out and building the base (log: ${buildLog})`);
  const base = await checkOutBase({ repo, commit: baseCommit, build: args.build ?? DEFAULT_BUILD, logFile: buildLog });
  try {
    log(`ci: base ready in ${base.dir} (dependencies ${base.install})`);
    const clis: Record<Side, string> = { base: base.cli, head: fileURLToPath(distUrl('harness/cli/main.js')) };
    const steps = planCiSteps(sources, repeat, seed);
    log(`ci: ${sources.length} cell${sources.length === 1 ? "" : "s"} × ${repeat} repeats × 2 sides = ${steps.length} runs, interleaved; seed ${seed}`);
    const refused = new Set<string>();
    const notes: string[] = [];
    for (const [k, step] of steps.entries()) {
      const key = `${step.side}:${step.cell}`;
      if (refused.has(key)) continue;
      const outcome = await runStep(step, clis[step.side], out);
      log(`[${k + 1}/${steps.length}] ${step.side.padEnd(4)} ${step.label} (repeat ${step.repeat}/${repeat}, seed ${step.seed}): ${outcome.code === 0 ? 'ok' : `exit ${outcome.code}`}`);
      if (outcome.results === 0) {
        // A side that cannot run a cell (exit 2: the base does not know a new workload) is not retried.
        refused.add(key);
        const why = outcome.stderrTail.trim().split('\n').slice(-1)[0] ?? '';
        notes.push(`${step.side} could not run '${step.label}' (exit ${outcome.code}): ${why}`);
        log(`ci: ${step.side} could not run '${step.label}'; skipping its other repeats:\n${outcome.stderrTail}`);
      }
    }
    await rm(path.join(out, '.scratch'), { recursive: true, force: true });
    notes.unshift(`base ${args.baselineRef} (${baseCommit.slice(0, 12)}), head ${headCommit.slice(0, 12)}${dirty ? ' + uncommitted changes' : ''}; ${repeat} repeats per side, interleaved, seed ${seed}`);
    const baseResults = await loadSide(path.join(out, 'base'), 'base').catch(() => ({ results: [], notes: [] }));
    const headResults = await loadSide(path.join(out, 'head'), 'head').catch(() => ({ results: [], notes: [] }));
    const c = compareRuns(baseResults.results, headResults.results, { minEffect });
    await writeFileAtomic(path.join(out, 'summary.md'), comparisonToMarkdown(c, notes) + '\n');
    await emitComparison(c, headResults.results, notes, { format: 'table', markdown: args.markdown, report: path.join(out, 'report.html') });
    log(`ci: results in ${path.join(out, 'base')} and ${path.join(out, 'head')}, summary ${path.join(out, 'summary.md')}`);
    process.exitCode = gateExitCode(c, { allowMissing: args.allowMissing === true, strict: args.strict === true });
  } finally {
    if (args.keepWorktree) log(`ci: base worktree kept at ${base.dir}`);
    else await base.remove();
  }
}
