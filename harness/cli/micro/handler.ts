/**
 * `cachebench micro` handler: validate flags (exit 2 naming the flag), measure each engine,
 * write and print the results like `run`, plus tinybench's own figures per command.
 */
import { randomSeed } from '../../../shared/rng.js';
import type { RunResult } from '../../../shared/result-types.js';
import { MICRO_ENGINES } from '../../micro/engines.js';
import { runMicro, type MicroSpec } from '../../micro/run-micro.js';
import { removeStaleTempFiles, writeResult } from '../../results/files.js';
import { DEFAULT_RESULTS_DIR, emit, exitCodeFor, outputFormat } from '../run/handler.js';
import { parseCount, parseDurationMs, UsageError } from '../parse-values.js';
import type { MicroArgs } from './command.js';

const MAX_TIME_MS = 60_000;
const MAX_BATCH = 100_000;

export function microSpecsFrom(args: MicroArgs): MicroSpec[] {
  const engines = args.engine && args.engine.length > 0 ? args.engine : [...MICRO_ENGINES];
  for (const e of engines) {
    if (!(MICRO_ENGINES as readonly string[]).includes(e)) throw new UsageError(`invalid --engine: got '${e}'; expected one of ${MICRO_ENGINES.join(', ')} (micro measures in-process engines)`);
  }
  const timeMs = args.time === undefined ? 500 : parseDurationMs('time', args.time);
  if (!(timeMs > 0 && timeMs <= MAX_TIME_MS)) throw new UsageError(`invalid --time: got '${args.time}'; expected a duration > 0 and ≤ 60s like 500ms`);
  const warmupMs = args.warmup === undefined ? 100 : parseDurationMs('warmup', args.warmup);
  if (!(warmupMs >= 0 && warmupMs <= MAX_TIME_MS)) throw new UsageError(`invalid --warmup: got '${args.warmup}'; expected a duration from 0 to 60s`);
  const batch = args.batch === undefined ? 64 : parseCount('batch', args.batch, { integer: true, min: 1 });
  if (batch > MAX_BATCH) throw new UsageError(`invalid --batch: got '${args.batch}'; expected an integer from 1 to ${MAX_BATCH}`);
  const seed = args.seed === undefined ? randomSeed() : parseCount('seed', args.seed, { integer: true, min: 0 });
  return engines.map((engine) => ({ engine, timeMs, warmupMs, batch, seed }));
}

export async function microHandler(args: MicroArgs): Promise<void> {
  const specs = microSpecsFrom(args);
  const format = outputFormat(args.format);
  const save = args.save !== false;
  const out = args.out ?? DEFAULT_RESULTS_DIR;
  if (save) await removeStaleTempFiles(out);
  const results: RunResult[] = [];
  for (const spec of specs) {
    const result = await runMicro(spec);
    if (save) process.stderr.write(`result: ${await writeResult(out, result)}\n`);
    results.push(result);
  }
  await emit(results, { format, report: args.report });
  process.exitCode = exitCodeFor(results, args.strict === true);
}
