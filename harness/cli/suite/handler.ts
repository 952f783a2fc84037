/**
 * `cachebench suite` handler: load and validate the suite, validate every cell before running
 * any, run them — each result written to `<out>/results/` as its cell ends, so a cut suite keeps
 * what finished and `--resume` runs only the rest — then write `<out>/report.html` and
 * `<out>/summary.md` over all of the suite's results, printing where the report is.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { renderHtmlReport, renderMarkdown, scalingFromResults } from '../../../reports/index.js';
import { readResult, removeStaleTempFiles, ResultFileError, writeFileAtomic, writeResult } from '../../results/files.js';
import { suiteCellOf, tagCells, type SuiteCellTag } from '../../suite/cell-key.js';
import type { RunResult } from '../../../shared/result-types.js';
import { DEFAULT_SUITE } from '../../suite/default-suite.js';
import { MAX_REPEAT, withRepeats } from '../../suite/repeats.js';
import { configPath, MAX_SUITE_CELLS, parseSuite, suiteCellSources, SuiteError, type CellOrigin } from '../../suite/suite.js';
import type { Suite } from '../../suite/suite-types.js';
import { EngineOptionError, resolveCell } from '../../cell/resolve-cell.js';
import { ConfigError, resolveConfig } from '../../runner/config.js';
import { ENGINE_FACTORIES } from '../../../engines/registry.js';
import { CapabilityError } from '../../../engines/types.js';
import { WorkloadParamError } from '../../../workloads/types.js';
import { exitCodeFor, outputFormat, runCells } from '../run/handler.js';
import { resolveShardSpec } from '../../shard/shard-spec.js';
import { parseStartAt } from '../../shard/start-at.js';
import { DEFAULT_CELL_GAP_MS, suiteStarts } from '../../shard/suite-schedule.js';
import type { CellSpec } from '../../cell/resolve-cell.js';
import { parseCount, parseDurationMs, UsageError } from '../parse-values.js';
import type { SuiteArgs } from './command.js';
import { printResults } from '../print-results.js';
import { placeLoadGenerator } from '../placement.js';

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

/**
 * Every cell of the suite, each resolved as `run` resolves its flags, before anything runs;
 * a bad value is a SuiteError naming its JSON path. Pure apart from reading the registries.
 */
export function validatedCells(suite: Suite, seed: number | undefined, repeat: number): CellSpec[] {
  const effective = seed === undefined ? suite : { ...suite, defaults: { ...suite.defaults, seed } };
  const sources = suiteCellSources(effective);
  if (sources.length * repeat > MAX_SUITE_CELLS) {
    throw new UsageError(`invalid --repeat: ${sources.length} cells × ${repeat} repeats is more than ${MAX_SUITE_CELLS} runs`);
  }
  return sources.map(({ cell, origin }) => {
    try {
      const shaped = withConnectionShape(cell, effective, origin);
      resolveCell(shaped);
      return shaped;
    } catch (err) {
      throw err instanceof SuiteError ? err : suiteErrorFor(err, effective, origin);
    }
  });
}

/**
 * memtier's shape in a suite, as `run` takes it from `--clients`/`--pipeline`: `clients` is the
 * engine's `connections` per load thread (set from it; an engine option saying otherwise is a
 * contradiction), and only real servers have connections.
 */
function withConnectionShape(cell: CellSpec, suite: Suite, origin: CellOrigin): CellSpec {
  const c = cell.config;
  if (c === undefined || (c.clients === undefined && c.pipeline === undefined)) return cell;
  const field = c.clients !== undefined ? 'clients' : 'pipeline';
  const ef = ENGINE_FACTORIES.get(cell.engine.name);
  if (ef !== undefined && ef.location === 'in-process') {
    throw new SuiteError(
      configPath(suite, origin, field),
      `clients and pipeline apply to real servers (redis, redis-server, memcached, memcached-server…); ${cell.engine.name} runs in process: use concurrency for operations in flight per thread`,
    );
  }
  const clients = resolveConfig(c).clients!;
  const given = cell.engine.options?.['connections'];
  if (given !== undefined && given !== clients) {
    throw new SuiteError(
      `cells[${origin.group}].engines[${origin.engine}].options.connections`,
      `${JSON.stringify(given)} contradicts clients ${clients} (${configPath(suite, origin, 'clients')}; clients is the connections per load thread): give one of them`,
    );
  }
  return { ...cell, engine: { ...cell.engine, options: { ...cell.engine.options, connections: clients } } };
}

export async function suiteHandler(args: SuiteArgs): Promise<void> {
  const suite = await loadSuite(args);
  const format = outputFormat(args.format);
  const seed = args.seed === undefined ? undefined : parseCount('seed', args.seed, { integer: true, min: 0 });
  const repeat = args.repeat === undefined ? (suite.repeat ?? 1) : parseCount('repeat', args.repeat, { integer: true, min: 1 });
  if (repeat > MAX_REPEAT) throw new UsageError(`invalid --repeat: got '${args.repeat}'; expected an integer from 1 to ${MAX_REPEAT}`);
  const expanded = validatedCells(suite, seed, repeat);
  // Repeats before shard start times, so every repeat gets its own planned start.
  const cells = shardCells(withRepeats(expanded, repeat), args);
  const out = args.out ?? 'out';
  const save = args.save !== false;
  if (args.resume && !save) throw new UsageError('--resume reads the results a cut suite wrote; it cannot be combined with --no-save');
  const resultsDir = path.join(out, 'results');
  const tagged = tagCells(suite.name, cells);
  if (save) {
    const stale = await removeStaleTempFiles(resultsDir);
    if (stale.length > 0) process.stderr.write(`removed ${stale.length} temp file(s) a killed run left in ${path.resolve(resultsDir)}\n`);
  }
  const done = args.resume ? await finishedCells(resultsDir, tagged) : new Map<number, RunResult>();
  // Every cell still to run, resolved as it will run (shard part and start included) before the first starts.
  const todo = tagged.flatMap((c, i) => {
    if (done.has(i)) return [];
    try {
      return [resolveCell(c)];
    } catch (err) {
      const which = c.repeat ? `, repeat ${c.repeat.index}/${c.repeat.of}` : '';
      throw new SuiteError(`cell ${i + 1} (${c.engine.name} × ${c.workload.name}${which})`, err instanceof Error ? err.message : String(err));
    }
  });
  placeLoadGenerator(args.cpus);
  process.stderr.write(
    args.resume
      ? `suite '${suite.name}': ${cells.length} cells, ${done.size} already in ${path.resolve(resultsDir)}, running ${todo.length}\n`
      : `suite '${suite.name}': ${expanded.length} cells${repeat > 1 ? ` × ${repeat} repeats, interleaved` : ''}\n`,
  );
  const fresh: RunResult[] = [];
  let written = 0;
  try {
    fresh.push(
      ...(await runCells(todo, {
        progress: args.progress ?? process.stderr.isTTY === true,
        ...(save
          ? {
              onResult: async (r: RunResult) => {
                await writeResult(resultsDir, r);
                written++;
              },
            }
          : {}),
      })),
    );
  } catch (err) {
    if (done.size + written > 0) {
      process.stderr.write(`the finished cells' results are in ${path.resolve(resultsDir)}; run again with --resume to run only the rest\n`);
    }
    throw err;
  }
  // Suite order, whether a cell ran now or before the cut.
  const byKey = new Map(fresh.map((r) => [suiteCellOf(r)?.cellId, r]));
  const results = tagged.flatMap((c, i) => done.get(i) ?? byKey.get((c.config!.extra!['suiteCell'] as SuiteCellTag).cellId) ?? []);
  printResults(results, format, { jsonList: true });
  const reportPath = args.report ?? path.join(out, 'report.html');
  const scaling = scalingFromResults(results);
  await writeFileAtomic(reportPath, renderHtmlReport(results, { title: `cachebench: ${suite.name}`, ...(scaling ? { scaling } : {}) }));
  await writeFileAtomic(path.join(out, 'summary.md'), renderMarkdown(results) + '\n');
  process.stderr.write(`\n${save ? `${results.length} results in ${path.resolve(resultsDir)}\n` : ''}report: ${path.resolve(reportPath)}\n`);
  process.exitCode = exitCodeFor(results, args.strict === true);
}

/**
 * Results already in `dir` that belong to these cells (by `config.extra.suiteCell.cellId`), by
 * cell index. Files that are not results of this suite are left alone; a damaged one is named
 * and its cell runs again.
 */
async function finishedCells(dir: string, cells: readonly CellSpec[]): Promise<Map<number, RunResult>> {
  const indexByKey = new Map(cells.map((c, i) => [(c.config!.extra!['suiteCell'] as SuiteCellTag).cellId, i]));
  const done = new Map<number, RunResult>();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return done;
  }
  for (const name of names) {
    let result: RunResult;
    try {
      result = await readResult(path.join(dir, name));
    } catch (err) {
      if (err instanceof ResultFileError) process.stderr.write(`warning: ignoring ${err.message}\n`);
      continue;
    }
    const tag = suiteCellOf(result);
    const index = tag ? indexByKey.get(tag.cellId) : undefined;
    // A shard's folder holds its own part only: another shard's result of the cell is not this one done.
    if (index !== undefined && result.shard?.index === cells[index]!.shard?.index) done.set(index, result);
  }
  return done;
}

/** Config error fields that are not the suite key itself. */
const CONFIG_KEYS: Readonly<Record<string, string>> = { duration: 'durationMs', warmup: 'warmupMs', timeout: 'timeoutMs' };

/**
 * A cell's validation error as a SuiteError naming the JSON path the bad value came from
 * (`defaults.durationMs`, `cells[1].matrix.threads[2]`, `cells[0].engines[1].options`,
 * `cells[2].params.keys`), with the allowed values from the original message.
 */
function suiteErrorFor(err: unknown, suite: Suite, origin: CellOrigin): Error {
  const g = `cells[${origin.group}]`;
  if (err instanceof ConfigError) {
    return new SuiteError(configPath(suite, origin, CONFIG_KEYS[err.field] ?? err.field), err.message.replace(/^invalid \S+: /, ''));
  }
  if (err instanceof WorkloadParamError) return new SuiteError(`${g}.params.${err.field}`, err.message.replace(/^\S+: /, ''));
  if (err instanceof EngineOptionError) {
    const e = suite.cells[origin.group]!.engines[origin.engine];
    return new SuiteError(`${g}.engines[${origin.engine}]${typeof e === 'string' ? '' : '.options'}`, err.reason);
  }
  if (err instanceof CapabilityError) return new SuiteError(`${g}.workload`, err.message);
  return new SuiteError(g, err instanceof Error ? err.message : String(err));
}
