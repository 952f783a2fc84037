/**
 * `cachebench compare` handler: load both sides (folders searched recursively, other result
 * kinds skipped with a note, damaged files named with their field), compare, print, optionally
 * append the Markdown summary and write an HTML report, and set the gate's exit code
 * (1 regressed / failed head / missing, 2 bad input).
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { renderHtmlReport } from '../../../reports/index.js';
import { compareRuns, DEFAULT_MIN_EFFECT, gateExitCode, type Comparison } from '../../compare/compare.js';
import { comparisonToMarkdown, comparisonToTable } from '../../../reports/compare.js';
import { checkComparableFields } from '../../compare/result-fields.js';
import { writeFileAtomic } from '../../results/files.js';
import type { RunResult } from '../../../shared/result-types.js';
import { loadRunResults } from '../load-results.js';
import { parseEffect, UsageError } from '../parse-values.js';
import type { CompareArgs } from './command.js';

const COMPARE_FORMATS = ['table', 'markdown', 'json'] as const;

export async function loadSide(p: string, flag: string): Promise<{ results: readonly RunResult[]; notes: readonly string[] }> {
  const loaded = await loadRunResults([p], flag);
  loaded.results.forEach((r, i) => checkComparableFields(loaded.files[i]!, r));
  return loaded;
}

export interface ComparisonOutput {
  readonly format: (typeof COMPARE_FORMATS)[number];
  readonly markdown?: string | undefined;
  readonly report?: string | undefined;
}

export function compareFormat(raw: string | undefined): ComparisonOutput['format'] {
  const f = raw ?? 'table';
  if (!(COMPARE_FORMATS as readonly string[]).includes(f)) throw new UsageError(`invalid --format: got '${f}'; expected ${COMPARE_FORMATS.join(', ')}`);
  return f as ComparisonOutput['format'];
}

/** Prints the comparison and writes the Markdown summary (appended, as GitHub's step summary wants) and the HTML report. */
export async function emitComparison(c: Comparison, head: readonly RunResult[], notes: readonly string[], out: ComparisonOutput): Promise<void> {
  if (out.format === 'json') process.stdout.write(JSON.stringify({ ...c, notes }, null, 1) + '\n');
  else if (out.format === 'markdown') process.stdout.write(comparisonToMarkdown(c, notes) + '\n');
  else process.stdout.write(comparisonToTable(c, notes) + '\n');
  if (out.markdown) await appendFile(out.markdown, comparisonToMarkdown(c, notes) + '\n\n');
  if (out.report) {
    await writeFileAtomic(out.report, renderHtmlReport(head, { title: 'cachebench: base vs head', comparison: c }));
    process.stderr.write(`report: ${path.resolve(out.report)}\n`);
  }
}

export async function compareHandler(args: CompareArgs): Promise<void> {
  const format = compareFormat(args.format);
  const minEffect = args.minEffect === undefined ? DEFAULT_MIN_EFFECT : parseEffect('min-effect', args.minEffect);
  const base = await loadSide(args.base, 'base');
  const head = await loadSide(args.head, 'head');
  const c = compareRuns(base.results, head.results, { minEffect });
  await emitComparison(c, head.results, [...base.notes, ...head.notes], { format, markdown: args.markdown, report: args.report });
  process.exitCode = gateExitCode(c, { allowMissing: args.allowMissing === true, strict: args.strict === true });
}
