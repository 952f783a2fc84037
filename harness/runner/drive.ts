/**
 * One thread's part of a run, the same code in the main thread and in workers: build the engine
 * and workload, preload, then (after the barrier) warm up and measure, hand back the recorder's
 * snapshot and the workload's figures, and finally run the workload's checks.
 */
import { engineFactory } from '../../engines/registry.js';
import type { Engine, SharedEngineHandle } from '../../engines/types.js';
import { workloadFactory } from '../../workloads/registry.js';
import type { CheckResult, WorkloadInstance } from '../../workloads/types.js';
import { type IntervalFigures, Recorder, SERIES_INTERVAL_MS } from '../recorder/recorder.js';
import { initHistograms } from '../../shared/histogram.js';
import { epochToNowMs, nowMs, yieldUntil } from '../../shared/clock.js';
import { runClosedLoop, type PhaseLimits } from './closed-loop.js';
import { runLaneLoop } from './lane-loop.js';
import { MAX_IN_FLIGHT_CAP, runOpenLoop, type OpenLoopOptions } from './open-loop.js';
import type { PhaseTimes, ThreadPlan } from './plan.js';
import type { EngineInfoRecord, MeasuredPart } from '../results/thread-part.js';
import { arrivalRng, engineSeed, workloadRng } from './seeds.js';

/** A thread's engine and workload, alive from preload until checks are done. */
export class ThreadDriver {
  private constructor(
    readonly plan: ThreadPlan,
    readonly engine: Engine,
    readonly workload: WorkloadInstance,
  ) {}

  static async open(plan: ThreadPlan, shared: SharedEngineHandle | undefined, isWorker: boolean): Promise<ThreadDriver> {
    await initHistograms();
    const ef = engineFactory(plan.engine.name);
    const wf = workloadFactory(plan.workload.name);
    if (!ef) throw new Error(`unknown engine '${plan.engine.name}'`);
    if (!wf) throw new Error(`unknown workload '${plan.workload.name}'`);
    const engine = await ef.create(plan.engine.options, shared, {
      index: plan.threadIndex,
      count: plan.config.threads,
      isWorker,
      seed: engineSeed(plan.config.seed, plan.threadIndex),
    });
    const rng = workloadRng(plan.config.seed, plan.threadIndex);
    const workload = wf.create(plan.workload.params, {
      rng,
      seed: plan.config.seed,
      threadIndex: plan.threadIndex,
      threadCount: plan.config.threads,
      intervalMs: plan.intervalMs ?? SERIES_INTERVAL_MS,
      family: engine.info.family,
      capabilities: engine.info.capabilities,
      mode: plan.workload.mode,
      ...(engine.info.cluster ? { cluster: true } : {}),
    });
    return new ThreadDriver(plan, engine, workload);
  }

  /** The engine's self-description in cloneable form. */
  info(): EngineInfoRecord {
    const i = this.engine.info;
    return { name: i.name, family: i.family, location: i.location, version: i.version, capabilities: [...i.capabilities] };
  }

  async preload(): Promise<number> {
    const t0 = nowMs();
    if (this.workload.preload) await this.workload.preload(this.engine);
    return nowMs() - t0;
  }

  /** Warm up and measure; `signal` (Ctrl-C) ends whichever phase is running at once. */
  async measure(times: PhaseTimes, signal: AbortSignal, onInterval: ((f: IntervalFigures) => void) | null = null): Promise<MeasuredPart> {
    const { plan, engine, workload } = this;
    const cfg = plan.config;
    const warmStart = epochToNowMs(times.warmupStartEpochMs);
    const measureStart = epochToNowMs(times.measureStartEpochMs);
    const measureEnd = epochToNowMs(times.measureEndEpochMs);
    const kinds = workload.opKinds;
    const open = cfg.loop === 'open';
    const arrivals = arrivalRng(cfg.seed, plan.threadIndex);
    const openOptions: OpenLoopOptions = {
      rate: plan.rate!,
      arrival: cfg.arrival ?? 'constant',
      arrivalRng: arrivals,
      // Spread threads' constant schedules evenly within one inter-arrival gap.
      offsetMs: ((1000 / plan.rate!) * plan.threadIndex) / cfg.threads,
      maxInFlight: plan.maxInFlight ?? Math.min(MAX_IN_FLIGHT_CAP, Math.max(1024, Math.ceil(plan.rate! * (cfg.timeoutMs / 1000)))),
      drainMs: cfg.timeoutMs,
      graceMs: (plan.lateThresholdNs ?? 1e6) / 1e6,
    };

    // Warm-up: the same loop into a recorder that is thrown away.
    if (cfg.warmupMs > 0) {
      const warm = new Recorder(kinds, open, times.warmupStartEpochMs);
      const limits = { endAtMs: measureStart, requests: Infinity, signal };
      if (open) {
        await runOpenLoop(engine, workload, warm, openOptions, limits, warmStart);
      } else {
        await yieldUntil(warmStart, signal);
        await this.closedLoop(warm, limits);
      }
      warm.destroy();
    }

    workload.onMeasureStart?.();
    const clientBefore = engine.clientCounters?.();
    const recorder = new Recorder(kinds, open, times.measureStartEpochMs, plan.intervalMs ?? SERIES_INTERVAL_MS, plan.lateThresholdNs);
    recorder.onInterval = onInterval;
    const limits = { endAtMs: measureEnd, requests: plan.requests ?? Infinity, signal };
    let attempted: number;
    let abandoned = 0;
    let missed = 0;
    let missedWaitingOnServer = false;
    let endMs: number;
    if (open) {
      const outcome = await runOpenLoop(engine, workload, recorder, openOptions, limits, measureStart);
      attempted = outcome.attempted;
      abandoned = outcome.abandoned;
      missed = outcome.missed;
      missedWaitingOnServer = outcome.missedWaitingOnServer;
      // The measured window is the schedule's: the drain after it is not measured time.
      endMs = Math.max(measureStart, outcome.sendEndMs);
    } else {
      await yieldUntil(measureStart, signal);
      attempted = await this.closedLoop(recorder, limits);
      endMs = Math.max(measureStart, nowMs());
    }
    const snapshot = recorder.finish(endMs);
    const client = clientBefore ? counterDelta(clientBefore, engine.clientCounters!()) : undefined;
    return {
      snapshot,
      domain: workload.domain ? workload.domain() : null,
      attempted,
      abandoned,
      missed,
      missedWaitingOnServer,
      ...(client ? { client } : {}),
    };
  }

  /**
   * The closed loop: callback lanes when the engine has a load path and the workload can drive
   * it (no Promise per operation), the general Promise-or-value lanes otherwise.
   */
  private closedLoop(recorder: Recorder, limits: PhaseLimits): Promise<number> {
    const { engine, workload, plan } = this;
    if (engine.lanes !== undefined && workload.openLane !== undefined) {
      return runLaneLoop(engine.lanes, workload as Parameters<typeof runLaneLoop>[1], recorder, plan.concurrency, limits);
    }
    return runClosedLoop(engine, workload, recorder, plan.concurrency, limits);
  }

  /** Which closed-loop path this thread's engine and workload take (recorded in the result). */
  get loadPath(): 'callback lanes' | 'promise lanes' | 'sync' {
    // Lanes first: the redis-style engine thread's client is sync and also has lanes.
    if (this.engine.lanes !== undefined && this.workload.openLane !== undefined) return 'callback lanes';
    return this.engine.sync ? 'sync' : 'promise lanes';
  }

  async check(): Promise<CheckResult[]> {
    return this.workload.check ? this.workload.check(this.engine) : [];
  }

  async close(): Promise<void> {
    try {
      await this.workload.close?.();
    } finally {
      await this.engine.close();
    }
  }
}

function counterDelta(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) out[k] = v - (before[k] ?? 0);
  return out;
}
