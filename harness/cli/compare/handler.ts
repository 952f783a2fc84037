/** `cachebench compare` handler. Exit code 1 on regression, 2 on bad input. */
import { compareRuns, DEFAULT_THRESHOLDS } from '../../compare/compare.js';
import { comparisonToMarkdown, comparisonToTable } from '../../../reports/compare.js';
import { writeFileAtomic } from '../../results/files.js';
import { loadResults } from '../load-results.js';
import { UsageError } from '../parse-values.js';
import type { CompareArgs } from './command.js';

/** `10%`, `0.1` → 0.1. */
export function parseFraction(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(raw.trim());
  if (!m) throw new UsageError(`invalid --${flag}: got '${raw}'; expected a percentage like 10% or a fraction like 0.1`);
  const v = m[2] ? Number(m[1]) / 100 : Number(m[1]);
  if (v < 0 || v > 10) throw new UsageError(`invalid --${flag}: got '${raw}'; expected between 0% and 1000%`);
  return v;
}

export async function compareHandler(args: CompareArgs): Promise<void> {
  const format = args.format ?? 'table';
  if (!['table', 'markdown', 'json'].includes(format)) throw new UsageError(`invalid --format: got '${format}'; expected table, markdown or json`);
  const thresholds = {
    maxThroughputDrop: parseFraction('max-throughput-drop', args.maxThroughputDrop, DEFAULT_THRESHOLDS.maxThroughputDrop),
    maxP99Increase: parseFraction('max-p99-increase', args.maxP99Increase, DEFAULT_THRESHOLDS.maxP99Increase),
  };
  const [baseline, candidate] = await Promise.all([loadResults([args.baseline], 'baseline'), loadResults([args.candidate], 'candidate')]);
  const c = compareRuns(baseline, candidate, thresholds);
  if (format === 'json') process.stdout.write(JSON.stringify(c, null, 1) + '\n');
  else if (format === 'markdown') process.stdout.write(comparisonToMarkdown(c) + '\n');
  else process.stdout.write(comparisonToTable(c) + '\n');
  if (args.markdown) await writeFileAtomic(args.markdown, comparisonToMarkdown(c) + '\n');
  process.exitCode = c.regressed ? 1 : 0;
}
