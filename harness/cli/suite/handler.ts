/**
 * `cachebench suite` handler: load and validate the suite, validate every cell before running
 * any, run them, then write results to `<out>/results/`, `<out>/report.html` and
 * `<out>/summary.md`, printing where the report is.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { renderHtmlReport, renderMarkdown, renderTable, scalingFromResults } from '../../../reports/index.js';
import { writeFileAtomic, writeResult } from '../../results/files.js';
import { DEFAULT_SUITE } from '../../suite/default-suite.js';
import { resolveCell } from '../../cell/resolve-cell.js';
import { expandSuite, parseSuite, SuiteError } from '../../suite/suite.js';
import type { Suite } from '../../suite/suite-types.js';
import { exitCodeFor, outputFormat, runCells } from '../run/handler.js';
import { parseCount, UsageError } from '../parse-values.js';
import type { SuiteArgs } from './command.js';

async function loadSuite(args: SuiteArgs): Promise<Suite> {
  if (args.default && args.file) throw new UsageError('give either a suite file or --default, not both');
  if (args.default) return DEFAULT_SUITE;
  if (!args.file) throw new UsageError('missing suite: give a suite JSON file or --default');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(args.file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read suite ${args.file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseSuite(raw);
}

export async function suiteHandler(args: SuiteArgs): Promise<void> {
  const suite = await loadSuite(args);
  const format = outputFormat(args.format);
  const seed = args.seed === undefined ? undefined : parseCount('seed', args.seed, { integer: true, min: 0 });
  const specs = expandSuite(seed === undefined ? suite : { ...suite, defaults: { ...suite.defaults, seed } });
  const cells = specs.map((c, i) => {
    try {
      return resolveCell(c);
    } catch (err) {
      throw new SuiteError(`cell ${i + 1} (${c.engine.name} × ${c.workload.name})`, err instanceof Error ? err.message : String(err));
    }
  });
  const out = args.out ?? 'out';
  process.stderr.write(`suite '${suite.name}': ${cells.length} cells\n`);
  const results = await runCells(cells, { progress: args.progress ?? process.stderr.isTTY === true });
  if (args.save !== false) for (const r of results) await writeResult(path.join(out, 'results'), r);
  if (format === 'json') process.stdout.write(JSON.stringify(results, null, 1) + '\n');
  else if (format === 'markdown') process.stdout.write(renderMarkdown(results) + '\n');
  else for (const r of results) process.stdout.write(renderTable(r) + '\n');
  const reportPath = args.report ?? path.join(out, 'report.html');
  const scaling = scalingFromResults(results);
  await writeFileAtomic(reportPath, renderHtmlReport(results, { title: `cachebench: ${suite.name}`, ...(scaling ? { scaling } : {}) }));
  await writeFileAtomic(path.join(out, 'summary.md'), renderMarkdown(results) + '\n');
  process.stderr.write(`\n${results.length} results in ${path.resolve(out, 'results')}\nreport: ${path.resolve(reportPath)}\n`);
  process.exitCode = exitCodeFor(results, args.strict === true);
}
