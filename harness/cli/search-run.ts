/**
 * What `slo` and `sweep` share: flags → cells (the `run` flags, minus the ones the search
 * sets), one search per engine with a progress line per step, then the step results and the
 * search records written, the table (or JSON) printed, and the report.
 */
import path from 'node:path';
import { renderHtmlReport, renderSearchTable } from '../../reports/index.js';
import { writeFileAtomic, writeResult } from '../results/files.js';
import type { RunResult } from '../../shared/result-types.js';
import { resolveCell, type CellSpec } from '../cell/resolve-cell.js';
import type { SearchRecord } from '../slo/record.js';
import { writeSearchRecord } from '../slo/record-file.js';
import type { SearchHooks, SearchRun } from '../slo/run-search.js';
import { countToHuman } from '../../reports/format.js';
import { placeLoadGenerator } from './placement.js';
import { Progress } from './progress.js';
import { parseCount, UsageError } from './parse-values.js';
import type { RunArgs } from './run/command.js';
import { cellSpecsFromArgs, DEFAULT_RESULTS_DIR, exitCodeFor, interruptible, outputFormat } from './run/handler.js';

/** The `run` cells without a rate: each step sets its own. `--arrival` is kept for the steps. */
export function searchCellsFromArgs(args: RunArgs, command: 'slo' | 'sweep'): CellSpec[] {
  const ratesFlag = command === 'slo' ? '--rate-min/--rate-max' : '--rates';
  if (args.rate !== undefined) throw new UsageError(`--rate does not apply to ${command}: each step sets its own rate (use ${ratesFlag})`);
  if (args.requests !== undefined) throw new UsageError(`--requests does not apply to ${command}: every step is timed (use --duration)`);
  const { arrival, ...rest } = args;
  if (arrival !== undefined && arrival !== 'constant' && arrival !== 'poisson') {
    throw new UsageError(`invalid --arrival: got '${arrival}'; expected constant | poisson`);
  }
  return cellSpecsFromArgs(rest as RunArgs).map((cell) => {
    resolveCell(cell); // every engine's cell is valid before the first search starts (each step resolves its own)
    return { ...cell, config: { ...cell.config, ...(arrival !== undefined ? { arrival: arrival as 'constant' | 'poisson' } : {}) } };
  });
}

/** `10k,20k,50k` → [10000, 20000, 50000], ascending, no duplicates. */
export function parseRates(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === '') throw new UsageError('sweep needs --rates, e.g. --rates 10k,20k,50k');
  const rates = raw.split(',').map((r) => parseCount('rates', r.trim(), { positive: true }));
  return [...new Set(rates)].sort((a, b) => a - b);
}

export async function runSearches(
  cells: readonly CellSpec[],
  search: (cell: CellSpec, hooks: SearchHooks) => Promise<SearchRun>,
  args: RunArgs,
  command: 'slo' | 'sweep',
): Promise<void> {
  const format = outputFormat(args.format);
  if (format === 'markdown') throw new UsageError(`invalid --format for ${command}: got 'markdown'; expected table or json`);
  placeLoadGenerator(args.cpus);
  const showProgress = args.progress ?? process.stderr.isTTY === true;
  const out = args.out ?? DEFAULT_RESULTS_DIR;
  const save = args.save !== false;
  const runs = await interruptible(async (signal) => {
    const done: SearchRun[] = [];
    for (const cell of cells) {
      if (signal.aborted) break;
      let progress: Progress | null = null;
      const hooks: SearchHooks = {
        run: { signal, onPhase: (phase, detail) => progress?.onPhase(phase, detail), onInterval: (f) => progress?.onInterval(f) },
        onStepStart: (rate, phase, index) => {
          progress = showProgress ? new Progress(`${command} ${cell.engine.name} step ${index + 1} (${phase}) ${countToHuman(rate)} ops/s`) : null;
        },
        onStep: async (step, result) => {
          progress?.end();
          progress = null;
          // Each step is written as soon as it ends, so an interrupted search keeps its steps.
          if (save) await writeResult(out, result);
          if (showProgress) {
            const verdict = step.meets === null ? '' : step.meets ? ' met' : ` missed (${step.reasons.join(', ')})`;
            process.stderr.write(`${command} ${cell.engine.name}: ${countToHuman(step.rate)} ops/s → ${countToHuman(step.achievedRate)} achieved${verdict}\n`);
          }
        },
      };
      try {
        done.push(await search(cell, hooks));
      } finally {
        (progress as Progress | null)?.end();
      }
    }
    return done;
  });
  const results: RunResult[] = runs.flatMap((r) => [...r.results]);
  const records: SearchRecord[] = runs.map((r) => r.record);
  if (save) {
    process.stderr.write(`results: ${results.length} step results in ${path.resolve(out)}\n`);
    for (const rec of records) process.stderr.write(`search: ${await writeSearchRecord(out, rec)}\n`);
  }
  if (format === 'json') process.stdout.write(JSON.stringify(records.length === 1 ? records[0] : records, null, 1) + '\n');
  else for (const rec of records) process.stdout.write(renderSearchTable(rec) + '\n');
  if (args.report) {
    await writeFileAtomic(args.report, renderHtmlReport(results, { searches: records }));
    process.stderr.write(`report: ${path.resolve(args.report)}\n`);
  }
  process.exitCode = exitCodeFor(results.filter((r) => r.status === 'failed'), false);
}
