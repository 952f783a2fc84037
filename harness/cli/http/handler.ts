/**
 * `cachebench http` handler: every flag and every engine × route pairing validated before any
 * API starts (bad input exits 2 naming the flag), then one cell per engine, results written and
 * printed like `run`'s; `--check` runs only the routes' correctness checks.
 */
import { engineFactory } from '../../../engines/registry.js';
import { rememberSecrets } from '../../../engines/secrets.js';
import { randomSeed } from '../../../shared/rng.js';
import { resolveApiParams } from '../../../workloads/http/params.js';
import { removeStaleTempFiles, writeResult } from '../../results/files.js';
import type { RunResult } from '../../../shared/result-types.js';
import { parseRouteMix } from './route-flag.js';
import { runHttpCell, runHttpChecks, type HttpCellSpec } from '../../http/run-http.js';
import { outputFormat, emit, exitCodeFor, DEFAULT_RESULTS_DIR } from '../run/handler.js';
import { parseCount, parseDurationMs, parsePairs, UsageError } from '../parse-values.js';
import type { HttpArgs } from './command.js';
import { HTTP_ENGINE_NAMES, NO_CACHE } from './engines.js';

const MAX_CONNECTIONS = 10_000;
const MAX_PIPELINING = 256;
const MAX_LISTENERS = 1000;
/** Session TTL of `--check` runs (memcached's clock needs ≥ 2 s to be exact). */
const CHECK_SESSION_TTL_MS = 2000;

function count(flag: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = parseCount(flag, raw, { integer: true, min: 1 });
  if (n > max) throw new UsageError(`invalid --${flag}: got '${raw}'; expected an integer from 1 to ${max}`);
  return n;
}

/** Flags → one validated cell per engine. */
export function httpCellsFrom(args: HttpArgs): HttpCellSpec[] {
  const engines = args.engine && args.engine.length > 0 ? args.engine : ['redis-style'];
  const mix = parseRouteMix(args.route ?? 'users');
  const params = parsePairs('param', args.param);
  // A check waits for a session to expire: give it a TTL it can wait for unless one was chosen.
  if (args.check && params.sessionTtlMs === undefined) params.sessionTtlMs = CHECK_SESSION_TTL_MS;
  resolveApiParams(params);
  const durationMs = args.duration === undefined ? 10_000 : parseDurationMs('duration', args.duration);
  if (!(durationMs > 0)) throw new UsageError(`invalid --duration: got '${args.duration}'; expected a duration > 0 like 10s`);
  const warmupMs = args.warmup === undefined ? 1000 : parseDurationMs('warmup', args.warmup);
  const timeoutMs = args.timeout === undefined ? 10_000 : parseDurationMs('timeout', args.timeout);
  if (!(timeoutMs >= 1000)) throw new UsageError(`invalid --timeout: got '${args.timeout}'; expected a duration of at least 1s (autocannon counts whole seconds)`);
  const connections = count('connections', args.connections, 10, MAX_CONNECTIONS);
  const pipelining = count('pipelining', args.pipelining, 1, MAX_PIPELINING);
  const amount = args.amount === undefined ? null : count('amount', args.amount, 0, 1e9);
  if (amount !== null && amount < connections) throw new UsageError(`invalid --amount: got ${amount}; expected at least --connections (${connections}) requests`);
  const rate = args.rate === undefined ? null : count('rate', args.rate, 0, 1e7);
  const listeners = count('listeners', args.listeners, 5, MAX_LISTENERS);
  const seed = args.seed === undefined ? randomSeed() : parseCount('seed', args.seed, { integer: true, min: 0 });
  if (seed > 0xffffffff) throw new UsageError(`invalid --seed: got '${args.seed}'; expected an integer from 0 to 4294967295`);
  const engineOptions = parsePairs('engine-opt', args.engineOpt);
  if (args.url !== undefined) engineOptions.url = args.url;
  if (args.client !== undefined) engineOptions.client = args.client;
  // Before anything can fail: messages printed from here on are scrubbed of these.
  rememberSecrets([engineOptions, params]);
  return engines.map((name) => {
    if (!HTTP_ENGINE_NAMES.includes(name)) throw new UsageError(`invalid --engine: got '${name}'; expected one of ${HTTP_ENGINE_NAMES.join(', ')}`);
    const ef = name === NO_CACHE ? undefined : engineFactory(name)!;
    if ((!ef || ef.location === 'in-process') && (args.url !== undefined || args.client !== undefined)) {
      throw new UsageError(`--url and --client apply to real servers (redis, redis-server, memcached, memcached-server), not to ${name}`);
    }
    for (const { route } of mix) {
      if (name === NO_CACHE && !route.withoutCache) throw new UsageError(`invalid --route: '${route.name}' needs a cache (${route.needs}); engine none has none`);
      if (ef && route.needs && !ef.capabilities.has(route.needs)) throw new UsageError(`invalid --route: '${route.name}' needs ${route.needs}, which engine ${name} does not have`);
    }
    if (ef) {
      try {
        ef.validateOptions?.(ef.location === 'in-process' ? parsePairs('engine-opt', args.engineOpt) : engineOptions);
      } catch (err) {
        throw new UsageError(`invalid engine option for ${name} (--url, --client, --engine-opt): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const options = ef && ef.location !== 'in-process' ? engineOptions : parsePairs('engine-opt', args.engineOpt);
    return {
      engine: name,
      engineOptions: options,
      mix,
      params,
      connections,
      pipelining,
      durationMs,
      amount,
      rate,
      warmupMs,
      seed,
      timeoutMs,
      listeners,
      ...(args.label !== undefined ? { label: engines.length > 1 ? `${args.label} ${name}` : args.label } : {}),
    };
  });
}

export async function httpHandler(args: HttpArgs): Promise<void> {
  const cells = httpCellsFrom(args);
  if (args.check) {
    let failed = false;
    for (const cell of cells) {
      const checks = await runHttpChecks(cell);
      for (const c of checks) {
        failed ||= !c.passed;
        process.stdout.write(`${c.passed ? 'ok  ' : 'FAIL'} ${cell.engine}: ${c.name} — ${c.detail}\n`);
      }
    }
    process.exitCode = failed ? 1 : 0;
    return;
  }
  const format = outputFormat(args.format);
  const save = args.save !== false;
  const out = args.out ?? DEFAULT_RESULTS_DIR;
  if (save) await removeStaleTempFiles(out);
  const results: RunResult[] = [];
  for (const [i, cell] of cells.entries()) {
    if (process.stderr.isTTY) process.stderr.write(`[${i + 1}/${cells.length}] ${cell.engine}: API up, autocannon ${cell.connections} connections…\n`);
    const result = await runHttpCell(cell);
    // Each result is on disk as soon as its cell ends, as with `run`.
    if (save) process.stderr.write(`result: ${await writeResult(out, result)}\n`);
    results.push(result);
  }
  await emit(results, { format, report: args.report });
  process.exitCode = exitCodeFor(results, args.strict === true);
}
