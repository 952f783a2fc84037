/**
 * `cachebench run` handler: turns flags into cells, validates every cell before running any,
 * runs them one after another, writes result files, prints the chosen format and sets the exit
 * code (1 when a result failed, or is degraded under --strict).
 */
import path from 'node:path';
import { ENGINE_FACTORIES } from '../../../engines/registry.js';
import { WORKLOAD_FACTORIES } from '../../../workloads/registry.js';
import { renderHtmlReport } from '../../../reports/index.js';
import { removeStaleTempFiles, writeFileAtomic, writeResult } from '../../results/files.js';
import type { RunResult } from '../../../shared/result-types.js';
import { resolveShardSpec } from '../../shard/shard-spec.js';
import { resolveCell, type CellSpec, type ResolvedCell } from '../../cell/resolve-cell.js';
import { runCell } from '../../cell/run-cell.js';
import { resolveConfig } from '../../runner/config.js';
import { loadConfigFromArgs } from '../load-config.js';
import { FORMATS, type OutputFormat } from '../options.js';
import { parseCount, parseDurationMs, parsePairs, UsageError } from '../parse-values.js';
import { Progress } from '../progress.js';
import { renderPairingDetail, renderPairings } from '../list/pairings.js';
import type { RunArgs, WorkloadArgs } from './command.js';
import { printResults } from '../print-results.js';
import { placeLoadGenerator } from '../placement.js';

export const DEFAULT_ENGINE = 'redis-style';
export const DEFAULT_WORKLOAD = 'kv';
export const DEFAULT_RESULTS_DIR = path.join('out', 'results');

export async function runHandler(args: RunArgs): Promise<void> {
  if (args.list) {
    process.stdout.write(args.workload || args.engine ? renderPairingDetail(args.engine ?? [], args.workload) : renderPairings());
    return;
  }
  const cells = cellsFromArgs(args);
  const format = outputFormat(args.format);
  placeLoadGenerator(args.cpus);
  const save = args.save !== false;
  const out = args.out ?? DEFAULT_RESULTS_DIR;
  if (save) await removeStaleTempFiles(out);
  // Each result is on disk as soon as its cell ends: a later cell failing or a kill loses nothing before it.
  const results = await runCells(cells, {
    progress: args.progress ?? process.stderr.isTTY === true,
    ...(save ? { onResult: async (r: RunResult) => void process.stderr.write(`result: ${await writeResult(out, r)}\n`) } : {}),
  });
  await emit(results, { format, report: args.report });
  process.exitCode = exitCodeFor(results, args.strict === true);
}

export function outputFormat(raw: string | undefined): OutputFormat {
  const f = raw ?? 'table';
  if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`invalid --format: got '${f}'; expected one of ${FORMATS.join(', ')}`);
  return f as OutputFormat;
}

/** Every cell resolved (names, config, params, pairing, engine options) before anything runs. */
export function cellsFromArgs(args: RunArgs): ResolvedCell[] {
  return cellSpecsFromArgs(args).map((spec) => resolveCell(spec));
}

/** The flags as cell specs, parsed but not resolved (slo and sweep derive one cell per step from them). */
export function cellSpecsFromArgs(args: RunArgs): CellSpec[] {
  const engines = args.engine && args.engine.length > 0 ? args.engine : [DEFAULT_ENGINE];
  const workload = args.workload ?? DEFAULT_WORKLOAD;
  const wf = WORKLOAD_FACTORIES.get(workload);
  if (!wf) throw new UsageError(`invalid --workload: got '${workload}'; expected one of ${[...WORKLOAD_FACTORIES.keys()].join(', ')}`);
  const config = loadConfigFromArgs(args);
  const params = workloadParamsFromArgs(args);
  const engineOptions = parsePairs('engine-opt', args.engineOpt);
  if (args.url !== undefined) engineOptions.url = args.url;
  if (args.clusterMasters !== undefined) engineOptions.masters = parseCount('cluster-masters', args.clusterMasters, { integer: true });
  // Client settings only mean something to real servers; in-process engines never see them.
  const serverOptions: Record<string, unknown> = {};
  if (args.client !== undefined) serverOptions.client = args.client;
  if (args.connections !== undefined) serverOptions.connections = parseCount('connections', args.connections, { integer: true });
  // memtier's shape: --clients is the connections of each load thread.
  if (config.clients !== undefined || config.pipeline !== undefined) {
    const clients = resolveConfig(config).clients!;
    if (serverOptions.connections !== undefined && serverOptions.connections !== clients) {
      throw new UsageError(
        `--connections ${String(serverOptions.connections)} contradicts --clients ${clients} (--clients is the connections per load thread); give one of them`,
      );
    }
    serverOptions.connections = clients;
  }
  if (config.timeoutMs !== undefined) serverOptions.timeoutMs = config.timeoutMs;
  const tls = tlsFromArgs(args);
  const shard = resolveShardSpec(args.shard);
  return engines.map((name) => {
    const ef = ENGINE_FACTORIES.get(name);
    if (!ef) throw new UsageError(`invalid --engine: got '${name}'; expected one of ${[...ENGINE_FACTORIES.keys()].join(', ')}`);
    const real = ef.location !== 'in-process';
    if (!real && (args.client !== undefined || args.connections !== undefined)) {
      throw new UsageError(`--client and --connections apply to real servers (redis, redis-server, memcached, memcached-server), not to ${name}`);
    }
    if (!real && (config.clients !== undefined || config.pipeline !== undefined)) {
      throw new UsageError(
        `--clients and --pipeline apply to real servers (redis, redis-server, memcached, memcached-server); ${name} runs in process: use --concurrency for operations in flight per thread`,
      );
    }
    if (tls !== null && ef.family !== 'redis') throw new UsageError(`--tls-* flags apply to the redis and redis-server engines (rediss://), not to ${name}`);
    if (tls !== null && !real) throw new UsageError(`--tls-* flags apply to the redis and redis-server engines (rediss://), not to ${name}`);
    const spec: CellSpec = {
      engine: { name, options: { ...engineOptions, ...(real ? serverOptions : {}), ...(tls !== null ? { tls } : {}) } },
      workload: { name: workload, params },
      config,
      ...(args.label !== undefined ? { label: engines.length > 1 ? `${args.label} ${name}` : args.label } : {}),
      ...(shard ? { shard } : {}),
      ...(args.startAt !== undefined ? { startAt: args.startAt } : {}),
    };
    return spec;
  });
}

/**
 * `--tls-ca/--tls-cert/--tls-key FILE`, `--tls-servername`, `--tls-insecure` as the engine's `tls`
 * option (file paths, read by the engine: the result records the paths, never a key).
 */
function tlsFromArgs(a: RunArgs): Record<string, unknown> | null {
  const tls: Record<string, unknown> = {};
  if (a.tlsCa !== undefined) tls.caFile = a.tlsCa;
  if (a.tlsCert !== undefined) tls.certFile = a.tlsCert;
  if (a.tlsKey !== undefined) tls.keyFile = a.tlsKey;
  if (a.tlsServername !== undefined) tls.servername = a.tlsServername;
  if (a.tlsInsecure) tls.rejectUnauthorized = false;
  if ((a.tlsCert === undefined) !== (a.tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together (a client certificate and its key)');
  return Object.keys(tls).length > 0 ? tls : null;
}

function workloadParamsFromArgs(a: WorkloadArgs): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (a.ratio !== undefined) p.ratio = a.ratio;
  if (a.keys !== undefined) p.keys = parseCount('keys', a.keys, { integer: true });
  if (a.keyPrefix !== undefined) p.keyPrefix = a.keyPrefix;
  if (a.keyPattern !== undefined) p.keyPattern = a.keyPattern;
  if (a.dataSize !== undefined) p.dataSize = a.dataSize;
  if (a.ttl !== undefined) p.ttlMs = parseDurationMs('ttl', a.ttl);
  if (a.preload !== undefined) p.preload = a.preload;
  if (a.guaranteedHit !== undefined) p.guaranteedHit = a.guaranteedHit;
  return { ...p, ...parsePairs('param', a.param) };
}

/**
 * Runs `body` with one AbortSignal that the first Ctrl-C aborts: it reaches every thread and
 * loop of the running cell, whose phase ends at once and whose result (real measured time,
 * marked interrupted) is still written; later cells are skipped. A second Ctrl-C exits at once
 * (130); the exit hook of `engines/real/managed` kills any managed server on the way out.
 */
export async function interruptible<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = new AbortController();
  const onSigint = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
    process.stderr.write('\ninterrupted: ending the current phase and writing what was measured (Ctrl-C again to quit)\n');
  };
  process.on('SIGINT', onSigint);
  try {
    return await body(interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * Runs cells in order under `interruptible`. `onResult` runs after each cell, before the next
 * starts (the callers write the result there).
 */
export async function runCells(
  cells: readonly ResolvedCell[],
  opts: { progress: boolean; onResult?: (result: RunResult, index: number) => Promise<void> },
): Promise<RunResult[]> {
  return interruptible(async (signal) => {
    const results: RunResult[] = [];
    for (const [i, cell] of cells.entries()) {
      if (signal.aborted) break;
      const progress = opts.progress ? new Progress(`[${i + 1}/${cells.length}] ${cell.engine.name} ${cell.workload.name}`) : null;
      try {
        const result = await runCell(cell, { signal, ...(progress ? { onPhase: progress.onPhase, onInterval: progress.onInterval } : {}) });
        results.push(result);
        await opts.onResult?.(result, i);
        if (result.openLoop?.saturated) {
          process.stderr.write(`warning: ${result.label}: the load generator could not keep the schedule (see statusReasons)\n`);
        }
      } finally {
        progress?.end();
      }
    }
    return results;
  });
}

export async function emit(
  results: readonly RunResult[],
  opts: { format: OutputFormat; report: string | undefined },
): Promise<void> {
  printResults(results, opts.format, { jsonList: false });
  if (opts.report) {
    await writeFileAtomic(opts.report, renderHtmlReport(results));
    process.stderr.write(`report: ${path.resolve(opts.report)}\n`);
  }
}

export function exitCodeFor(results: readonly RunResult[], strict: boolean): number {
  if (results.some((r) => r.status === 'failed')) return 1;
  if (strict && results.some((r) => r.status === 'degraded')) return 1;
  return 0;
}
