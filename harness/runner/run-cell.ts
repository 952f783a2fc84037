/**
 * One measured cell, end to end: validate → prepare the engine (shared state, managed server)
 * → start threads (in this thread for one, worker threads for more) → preload (barrier) →
 * stats before → warm-up → measure → stats after → checks → close → `RunResult`.
 *
 * Setup failures (unknown names, refused pairings, an engine that cannot start) throw; failures
 * during the measured phase are counted by the recorder and mark the result degraded.
 */
import { redactUrl } from '../../engines/real/redis/url.js';
import { engineFactory, ENGINE_NAMES } from '../../engines/registry.js';
import { CapabilityError, type Capability, type EngineStats, type SharedEngineHandle } from '../../engines/types.js';
import { workloadFactory, WORKLOAD_NAMES } from '../../workloads/registry.js';
import type { CheckResult, WorkloadFactory } from '../../workloads/types.js';
import { collectEnvironment, collectToolInfo } from '../env.js';
import { buildRunResult } from '../results/build-result.js';
import type { Check, DomainFigures, RunResult } from '../results/types.js';
import { LocalThread, WorkerThread, type EngineInfoRecord, type ThreadHandle } from '../threads/thread-handle.js';
import { calibrate } from './calibration.js';
import { epochNowMs } from './clock.js';
import { ConfigError, resolveConfig, type ConfigInput } from './config.js';
import type { MeasuredPart } from './drive.js';
import { splitEvenly, type ThreadPlan } from './plan.js';

export interface CellSpec {
  readonly engine: { readonly name: string; readonly options?: Record<string, unknown> };
  readonly workload: { readonly name: string; readonly params?: Record<string, unknown> };
  readonly config?: ConfigInput;
  /** Shown in tables and charts; derived from the spec when absent. */
  readonly label?: string;
}

/** Listens to a run; never called from inside the measured loop. */
export interface RunHooks {
  onPhase?(phase: 'prepare' | 'preload' | 'warmup' | 'measure' | 'check' | 'done', detail: { atEpochMs: number; untilEpochMs?: number }): void;
  /** Set `stopped` (e.g. on Ctrl-C) to end the current phase early; the result says so. */
  readonly stop?: { stopped: boolean };
}

/** Time given to every thread to receive the start signal before warm-up begins. */
const START_SLACK_MS = 50;

export async function runCell(spec: CellSpec, hooks: RunHooks = {}): Promise<RunResult> {
  const ef = engineFactory(spec.engine.name);
  if (!ef) throw new ConfigError('engine', `one of ${ENGINE_NAMES.join(', ')}`, spec.engine.name);
  const wf = workloadFactory(spec.workload.name);
  if (!wf) throw new ConfigError('workload', `one of ${WORKLOAD_NAMES.join(', ')}`, spec.workload.name);
  const config = resolveConfig(spec.config);
  const params = wf.resolveParams(spec.workload.params ?? {});
  const mode = pairingMode(wf, ef.name, ef.family, ef.capabilities);
  const options = spec.engine.options ?? {};
  ef.validateOptions?.(options);
  const label = spec.label ?? defaultLabel(spec.engine.name, wf.name, config);
  const stop = hooks.stop ?? { stopped: false };
  const startedAt = new Date();

  hooks.onPhase?.('prepare', { atEpochMs: epochNowMs() });
  const calibration = await calibrate();
  const shared: SharedEngineHandle | undefined = ef.prepareShared ? await ef.prepareShared(options) : undefined;
  const threads: ThreadHandle[] = [];
  try {
    for (let i = 0; i < config.threads; i++) {
      const plan: ThreadPlan = {
        engine: { name: ef.name, options },
        workload: { name: wf.name, params },
        config,
        threadIndex: i,
        concurrency: config.concurrency,
        rate: config.rate === null ? null : config.rate / config.threads,
        requests: config.requests === null ? null : splitEvenly(config.requests, config.threads, i),
      };
      threads.push(config.threads === 1 ? new LocalThread(plan, shared) : new WorkerThread(plan, shared));
    }

    hooks.onPhase?.('preload', { atEpochMs: epochNowMs() });
    const preloaded = await Promise.all(threads.map((t) => t.preload()));
    const info: EngineInfoRecord = preloaded[0]!.info;
    const preloadMs = Math.max(...preloaded.map((p) => p.preloadMs));
    const statsBefore = await safeStats(threads[0]!);

    const warmupStart = epochNowMs() + START_SLACK_MS;
    const measureStart = warmupStart + config.warmupMs;
    const measureEnd = config.durationMs === null ? Infinity : measureStart + config.durationMs;
    const times = { warmupStartEpochMs: warmupStart, measureStartEpochMs: measureStart, measureEndEpochMs: measureEnd };
    if (config.warmupMs > 0) hooks.onPhase?.('warmup', { atEpochMs: warmupStart, untilEpochMs: measureStart });
    const measuring = Promise.all(threads.map((t) => t.measure(times)));
    const announce = setTimeout(
      () => hooks.onPhase?.('measure', { atEpochMs: measureStart, ...(Number.isFinite(measureEnd) ? { untilEpochMs: measureEnd } : {}) }),
      Math.max(0, measureStart - epochNowMs()),
    );
    let parts: MeasuredPart[];
    try {
      parts = await measuring;
    } finally {
      clearTimeout(announce);
    }
    const statsAfter = await safeStats(threads[0]!);

    hooks.onPhase?.('check', { atEpochMs: epochNowMs() });
    const threadChecks = await Promise.all(threads.map((t) => t.check()));
    const { domain, checks } = summarize(wf, params, parts, threadChecks);
    const endedAt = new Date();
    const result = buildRunResult({
      label,
      tool: collectToolInfo(),
      env: collectEnvironment(),
      engine: {
        name: info.name,
        family: info.family,
        location: info.location,
        version: info.version,
        capabilities: info.capabilities,
        options: redact(options),
        ...(shared?.facts ? { facts: shared.facts } : {}),
        stats: { before: statsBefore, after: statsAfter, delta: statsDelta(statsBefore, statsAfter) },
      },
      workload: { name: wf.name, params, mode },
      config,
      startedAt,
      endedAt,
      preloadMs,
      parts,
      domain,
      checks,
      calibration,
      extraReasons: stop.stopped ? ['interrupted before the planned end'] : [],
    });
    hooks.onPhase?.('done', { atEpochMs: epochNowMs() });
    return result;
  } finally {
    await Promise.allSettled(threads.map((t) => t.close()));
    await shared?.release?.();
  }
}

/** `native` when the engine has every capability; the emulation's description otherwise. */
export function pairingMode(
  wf: WorkloadFactory,
  engineName: string,
  family: string,
  capabilities: ReadonlySet<Capability>,
): string {
  const missing = wf.needs.filter((c) => !capabilities.has(c));
  if (missing.length === 0) return 'native';
  const emulation = wf.emulations?.find((e) => e.family === family);
  if (emulation) return `emulated: ${emulation.description}`;
  throw new CapabilityError(engineName, wf.name, missing);
}

function summarize(
  wf: WorkloadFactory,
  params: Record<string, unknown>,
  parts: readonly MeasuredPart[],
  threadChecks: readonly CheckResult[][],
): { domain: DomainFigures | undefined; checks: Check[] } {
  const checks: Check[] = [];
  const many = threadChecks.length > 1;
  threadChecks.forEach((list, i) => {
    for (const c of list) checks.push(many ? { ...c, name: `${c.name} (thread ${i})` } : c);
  });
  const domains = parts.map((p) => p.domain).filter((d): d is DomainFigures => d !== null);
  if (wf.summarize && domains.length > 0) {
    const s = wf.summarize(domains, params);
    return { domain: s.domain, checks: [...checks, ...s.checks] };
  }
  return { domain: domains[0], checks };
}

async function safeStats(t: ThreadHandle): Promise<EngineStats> {
  try {
    return await t.stats();
  } catch (err) {
    return { stats_error: err instanceof Error ? err.message : String(err) };
  }
}

export function statsDelta(before: EngineStats, after: EngineStats): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    const b = before[k];
    if (typeof v === 'number' && typeof b === 'number' && v !== b) delta[k] = v - b;
  }
  return delta;
}

/** Passwords never reach a result file. */
export function redact(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (typeof v === 'string' && v.includes('://')) out[k] = redactUrl(v);
    else if (/pass(word)?|secret|token/i.test(k)) out[k] = '***';
    else out[k] = v;
  }
  return out;
}

function defaultLabel(engine: string, workload: string, c: ReturnType<typeof resolveConfig>): string {
  const load = c.loop === 'open' ? `open ${c.rate} ops/s ${c.arrival}` : `closed c=${c.concurrency}`;
  return `${engine} ${workload} ${load}${c.threads > 1 ? ` t=${c.threads}` : ''}`;
}
