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
import { MAX_REPEAT, withRepeats } from '../../suite/repeats.js';
import { expandSuite, parseSuite, SuiteError } from '../../suite/suite.js';
import type { Suite } from '../../suite/suite-types.js';
import { resolveCell } from '../../cell/resolve-cell.js';
import { exitCodeFor, outputFormat, runCells } from '../run/handler.js';
import { resolveShardSpec } from '../../shard/shard-spec.js';
import { parseStartAt } from '../../shard/start-at.js';
import { DEFAULT_CELL_GAP_MS, suiteStarts } from '../../shard/suite-schedule.js';
import type { CellSpec } from '../../cell/resolve-cell.js';
import { parseCount, parseDurationMs, UsageError } from '../parse-values.js';
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

/** Every cell as this shard's part, each with its own shared start when --start-at is given. */
function shardCells(cells: CellSpec[], args: SuiteArgs): CellSpec[] {
  const shard = resolveShardSpec(args.shard);
  if (args.cellGap !== undefined && args.startAt === undefined) throw new UsageError('--cell-gap needs --start-at (it spaces the cells\' shared starts)');
  if (args.startAt === undefined) return shard ? cells.map((c) => ({ ...c, shard })) : cells;
  const gapMs = args.cellGap === undefined ? DEFAULT_CELL_GAP_MS : parseDurationMs('cell-gap', args.cellGap);
  const starts = suiteStarts(cells, parseStartAt(args.startAt).epochMs, gapMs);
  return cells.map((c, i) => ({ ...c, ...(shard ? { shard } : {}), startAt: starts[i]! }));
}

export async function suiteHandler(args: SuiteArgs): Promise<void> {
  const suite = await loadSuite(args);
  const format = outputFormat(args.format);
  const seed = args.seed === undefined ? undefined : parseCount('seed', args.seed, { integer: true, min: 0 });
  const repeat = args.repeat === undefined ? (suite.repeat ?? 1) : parseCount('repeat', args.repeat, { integer: true, min: 1 });
  if (repeat > MAX_REPEAT) throw new UsageError(`invalid --repeat: got '${args.repeat}'; expected an integer from 1 to ${MAX_REPEAT}`);
  const expanded = expandSuite(seed === undefined ? suite : { ...suite, defaults: { ...suite.defaults, seed } });
  // Repeats before shard start times, so every repeat gets its own planned start. Every cell is
  // resolved as it will run (shard part and start included) before the first one starts.
  const cells = shardCells(withRepeats(expanded, repeat), args).map((c, i) => {
    try {
      return resolveCell(c);
    } catch (err) {
      const which = c.repeat ? `, repeat ${c.repeat.index}/${c.repeat.of}` : '';
      throw new SuiteError(`cell ${i + 1} (${c.engine.name} × ${c.workload.name}${which})`, err instanceof Error ? err.message : String(err));
    }
  });
  const out = args.out ?? 'out';
  process.stderr.write(`suite '${suite.name}': ${expanded.length} cells${repeat > 1 ? ` × ${repeat} repeats, interleaved` : ''}\n`);
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
