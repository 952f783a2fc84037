/**
 * One measured cell, end to end: resolve (`resolve-cell.ts`, unless already resolved) → prepare the engine (shared state, managed server)
 * → start threads (in this thread for one, worker threads for more) → preload (barrier) →
 * stats before → warm-up → measure → stats after → checks → close → `RunResult`.
 *
 * Setup failures (unknown names, refused pairings, an engine that cannot start) throw; failures
 * during the measured phase are counted by the recorder and mark the result degraded.
 */
import type { EngineFactory, EngineStats, SharedEngineHandle } from '../../engines/types.js';
import { pairingText } from '../../workloads/pairing.js';
import type { CheckResult, WorkloadFactory } from '../../workloads/types.js';
import { summarizeDomain } from '../../workloads/summarize-domain.js';
import { collectEnvironment, collectToolInfo } from '../env.js';
import { machineNoise, sampleMachine, type MachineSample } from '../runner/machine-noise.js';
import { openStatsSource, ServerSampler, type StatsSource } from './server-series.js';
import { seriesIntervalMs } from '../recorder/recorder.js';
import { buildRunResult } from '../results/build-result.js';
import { engineRecord } from '../results/engine-record.js';
import type { Check, ClockOffset, DomainFigures, RunResult } from '../../shared/result-types.js';
import { probeClockOffset } from '../shard/clock-offset.js';
import { runIdOf, shardIdentity } from '../shard/identity.js';
import { planWindow } from '../shard/window.js';
import type { EngineInfoRecord, MeasuredPart } from '../results/thread-part.js';
import { LocalThread, WorkerThread, type ThreadHandle } from '../threads/thread-handle.js';
import { calibrate } from '../runner/calibration.js';
import { epochNowMs } from '../../shared/clock.js';
import { splitEvenly, type ThreadPlan } from '../runner/plan.js';
import { sharedEngineSeed } from '../runner/seeds.js';
import { distUrl } from '../../shared/dist-url.js';
import { measureLateThreshold } from '../runner/schedule-jitter.js';
import { resolveCell, type CellSpec, type ResolvedCell } from './resolve-cell.js';

export type { CellSpec, ResolvedCell } from './resolve-cell.js';

/** Listens to a run; never called from inside the measured loop. */
export interface RunHooks {
  onPhase?(phase: 'prepare' | 'preload' | 'warmup' | 'measure' | 'check' | 'done', detail: { atEpochMs: number; untilEpochMs?: number }): void;
  /**
   * Aborting (Ctrl-C) ends the running phase at once — in every thread and every loop, also
   * while operations wait on a stalled server; the result is built from what was measured,
   * with the real measured time, and says it was interrupted.
   */
  readonly signal?: AbortSignal;
  /**
   * Each closed interval of the measured phase, all threads together (ops and errors summed, p99
   * the worst thread's), once every thread has closed it; fed by the recorders' interval events,
   * never from inside the loop.
   */
  onInterval?(figures: LiveInterval): void;
}

/** One interval of the measured phase as the progress line shows it. */
export interface LiveInterval {
  readonly index: number;
  readonly seconds: number;
  readonly ops: number;
  readonly errors: number;
  readonly p99Ns: number;
}

/** Time given to every thread to receive the start signal before warm-up begins. */
const START_SLACK_MS = 50;

/** A shard whose measured phase ends this much before the planned end is reported as ending early. */
const EARLY_END_TOLERANCE_MS = 10;

/** Run one cell: a spec is resolved first; a resolved cell (validated up front by a command) runs as it is. */
export async function runCell(cell: CellSpec | ResolvedCell, hooks: RunHooks = {}): Promise<RunResult> {
  const resolved = isResolved(cell) ? cell : resolveCell(cell);
  const { spec, engine: ef, workload: wf, engineOptions: options, params, config, local, firstThread, placement, startAt } = resolved;
  // The whole run's settings are `config`; a shard runs threads [firstThread, firstThread + local.threads) of them.
  const mode = pairingText(resolved.pairing);
  const waitKinds = wf.waitKinds?.(ef.capabilities) ?? [];
  const label = placement ? `${resolved.label} [shard ${placement.shard.index}/${placement.shard.count}]` : resolved.label;
  const signal = hooks.signal ?? new AbortController().signal;
  const startedAt = new Date();

  hooks.onPhase?.('prepare', { atEpochMs: epochNowMs() });
  const calibration = await calibrate();
  const lateThreshold = config.rate === null ? undefined : await measureLateThreshold((1000 * config.threads) / config.rate);
  const shared: SharedEngineHandle | undefined = ef.prepareShared ? await ef.prepareShared(options, { seed: sharedEngineSeed(config.seed), workerUrl: distUrl }) : undefined;
  // One interval for the whole run (client series, server series, workload curves, shard grid).
  const intervalMs = seriesIntervalMs(config.durationMs);
  const threads: ThreadHandle[] = [];
  let statsSource: StatsSource | null = null;
  try {
    for (let i = 0; i < local.threads; i++) {
      const g = firstThread + i;
      const plan: ThreadPlan = {
        engine: { name: ef.name, options },
        workload: { name: wf.name, params, mode: resolved.pairing },
        config,
        threadIndex: g,
        concurrency: config.concurrency,
        rate: config.rate === null ? null : config.rate / config.threads,
        ...(lateThreshold ? { lateThresholdNs: lateThreshold.thresholdNs } : {}),
        // memtier's shape bounds the open loop's outstanding requests too.
        ...(config.clients !== undefined ? { maxInFlight: config.concurrency } : {}),
        requests: config.requests === null ? null : splitEvenly(config.requests, config.threads, g),
        intervalMs,
      };
      threads.push(local.threads === 1 ? new LocalThread(plan, shared) : new WorkerThread(plan, shared));
    }
    const clock = placement ? await probeClock(ef, options, shared, firstThread, config.threads) : null;

    hooks.onPhase?.('preload', { atEpochMs: epochNowMs() });
    const preloaded = await Promise.all(threads.map((t) => t.preload()));
    const info: EngineInfoRecord = preloaded[0]!.info;
    const preloadMs = Math.max(...preloaded.map((p) => p.preloadMs));
    // Before the warm-up: kept as the delta's start only when nothing can be sampled mid-run.
    const statsBeforeWarmup = await safeStats(threads[0]!);
    statsSource = await openStatsSource(ef, options, shared, threads, config.threads).catch(() => null);

    const readyEpochMs = epochNowMs();
    const window = planWindow({
      readyEpochMs,
      slackMs: START_SLACK_MS,
      warmupMs: config.warmupMs,
      durationMs: config.durationMs,
      intervalMs,
      startAtEpochMs: startAt?.epochMs ?? null,
    });
    const warmupStart = window.warmupStartEpochMs;
    const measureStart = window.measureStartEpochMs;
    const measureEnd = window.measureEndEpochMs;
    const times = { warmupStartEpochMs: warmupStart, measureStartEpochMs: measureStart, measureEndEpochMs: measureEnd };
    if (config.warmupMs > 0) hooks.onPhase?.('warmup', { atEpochMs: warmupStart, untilEpochMs: measureStart });
    if (hooks.onInterval) attachIntervals(threads, intervalMs, hooks.onInterval);
    const measuring = Promise.all(threads.map((t) => t.measure(times, signal)));
    // Machine noise is sampled when the measured phase begins: the timer fires when the loops
    // yield (every few ms), close enough for load average and CPU shares over seconds.
    let machineAtStart: MachineSample | null = null;
    const sampler = statsSource === null ? null : new ServerSampler(statsSource, info.family, measureStart, intervalMs);
    // Without a warm-up nothing reaches the server before the measured phase: the first sample
    // is exact when taken now. At the boundary it would race the lanes' first requests.
    const sampleEarly = config.warmupMs === 0;
    if (sampleEarly) sampler?.start();
    const announce = setTimeout(
      () => {
        machineAtStart = sampleMachine(epochNowMs());
        if (!sampleEarly) sampler?.start();
        hooks.onPhase?.('measure', { atEpochMs: measureStart, ...(Number.isFinite(measureEnd) ? { untilEpochMs: measureEnd } : {}) });
      },
      Math.max(0, measureStart - epochNowMs()),
    );
    let parts: MeasuredPart[];
    try {
      parts = await measuring;
    } finally {
      clearTimeout(announce);
    }
    const machineAtEnd = sampleMachine(epochNowMs());
    const env = collectEnvironment();
    const machine = machineAtStart === null ? undefined : machineNoise(machineAtStart, machineAtEnd, env.cpu.count);
    // The last sample is stamped with the measured phase's end (the loops have stopped, so nothing
    // reaches the server between that end and the sample), so its interval has its true length.
    const sampled = sampler === null ? null : await sampler.finish(Math.max(...parts.map((p) => p.snapshot.endEpochMs)));
    const statsBefore = sampled?.before ?? statsBeforeWarmup;
    const statsAfter = sampled?.after ?? (await safeStats(threads[0]!));
    const deltaCovers = sampled?.before ? 'measured' : config.warmupMs > 0 ? 'warmup+measured' : 'measured';

    hooks.onPhase?.('check', { atEpochMs: epochNowMs() });
    const threadChecks = await Promise.all(threads.map((t) => t.check()));
    const { domain, checks } = summarize(wf, params, parts, threadChecks);
    const endedAt = new Date();
    const extraReasons = signal.aborted ? ['interrupted before the planned end'] : [];
    const measuredEnd = Math.max(...parts.map((p) => p.snapshot.endEpochMs));
    const endSkewMs = Number.isFinite(measureEnd) ? measuredEnd - measureEnd : null;
    const late = window.startSkewMs > 0;
    const endedEarly = signal.aborted || (endSkewMs !== null && endSkewMs < -EARLY_END_TOLERANCE_MS);
    if (placement && late) {
      extraReasons.push(
        `shard ${placement.shard.index}/${placement.shard.count} started ${window.startSkewMs} ms late ` +
          `(ready ${Math.round(readyEpochMs + START_SLACK_MS - window.plannedStartEpochMs)} ms after the planned start; measured from the next interval boundary)`,
      );
    }
    if (placement && endedEarly && endSkewMs !== null && !signal.aborted) {
      extraReasons.push(`shard ${placement.shard.index}/${placement.shard.count} ended ${Math.round(-endSkewMs)} ms before the planned end`);
    }
    const built = buildRunResult({
      label,
      tool: collectToolInfo(),
      env,
      engine: engineRecord({
        info,
        options,
        ...(shared?.facts ? { facts: shared.facts } : {}),
        before: statsBefore,
        after: statsAfter,
        deltaCovers,
        ...(sampled ? { series: sampled.series } : {}),
      }),
      workload: { name: wf.name, params, mode, ...(waitKinds.length > 0 ? { waitKinds } : {}) },
      config: local,
      startedAt,
      endedAt,
      preloadMs,
      parts,
      domain,
      checks,
      calibration,
      ...(machine ? { machine } : {}),
      ...(lateThreshold ? { lateThreshold } : {}),
      interrupted: signal.aborted,
      extraReasons,
    });
    let result: RunResult = built;
    if (placement) {
      // Built from the result's redacted options, parameters and extras: no secret reaches the shard record.
      const run = { ...config, extra: built.config.extra };
      const identity = shardIdentity({
        engine: ef.name,
        engineOptions: built.engine.options,
        workload: wf.name,
        params: built.workload.params,
        run,
        shardCount: placement.shard.count,
        startAt: startAt?.iso ?? null,
        toolVersion: built.tool.version,
      });
      const domainParts = parts.map((p) => p.domain).filter((d): d is DomainFigures => d !== null);
      result = {
        ...built,
        shard: {
          index: placement.shard.index,
          count: placement.shard.count,
          runId: runIdOf(identity),
          identity,
          run,
          threads: { first: firstThread, count: local.threads },
          window: {
            startAt: startAt?.iso ?? null,
            plannedStartEpochMs: window.plannedStartEpochMs,
            measureStartEpochMs: measureStart,
            plannedEndEpochMs: Number.isFinite(measureEnd) ? measureEnd : null,
            measureEndEpochMs: measuredEnd,
            readyEpochMs,
            startSkewMs: window.startSkewMs,
            endSkewMs,
            warmupRunMs: window.warmupRunMs,
            late,
            endedEarly,
          },
          clock,
          ...(domainParts.length > 0 ? { domainParts } : {}),
        },
      };
    }
    hooks.onPhase?.('done', { atEpochMs: epochNowMs() });
    return spec.repeat === undefined ? result : { ...result, repeat: spec.repeat };
  } finally {
    await statsSource?.close().catch(() => {});
    await Promise.allSettled(threads.map((t) => t.close()));
    await shared?.release?.();
  }
}

function isResolved(cell: CellSpec | ResolvedCell): cell is ResolvedCell {
  return 'pairing' in cell;
}

/** The shard's clock against the target server, through a connection of its own (not a load connection). */
async function probeClock(
  ef: EngineFactory,
  options: Record<string, unknown>,
  shared: SharedEngineHandle | undefined,
  index: number,
  count: number,
): Promise<ClockOffset> {
  let probe;
  try {
    probe = await ef.create(options, shared, { index, count, isWorker: false });
  } catch (err) {
    return { reference: ef.name, error: err instanceof Error ? err.message : String(err) };
  }
  try {
    return await probeClockOffset(probe);
  } finally {
    await probe.close();
  }
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
  const s = summarizeDomain(wf, domains, params);
  return { domain: s.domain, checks: [...checks, ...s.checks] };
}

async function safeStats(t: ThreadHandle): Promise<EngineStats> {
  try {
    return await t.stats();
  } catch (err) {
    return { stats_error: err instanceof Error ? err.message : String(err) };
  }
}



/** Joins the threads' interval events: an interval is reported once every thread closed it. */
function attachIntervals(threads: readonly ThreadHandle[], intervalMs: number, emit: (f: LiveInterval) => void): void {
  const pending = new Map<number, { n: number; ops: number; errors: number; p99Ns: number }>();
  for (const t of threads) {
    t.onInterval = (f) => {
      const slot = pending.get(f.index) ?? { n: 0, ops: 0, errors: 0, p99Ns: 0 };
      slot.n++;
      slot.ops += f.ops;
      slot.errors += f.errors;
      slot.p99Ns = Math.max(slot.p99Ns, f.p99Ns);
      if (slot.n < threads.length) {
        pending.set(f.index, slot);
        return;
      }
      pending.delete(f.index);
      emit({ index: f.index, seconds: intervalMs / 1000, ops: slot.ops, errors: slot.errors, p99Ns: slot.p99Ns });
    };
  }
}
