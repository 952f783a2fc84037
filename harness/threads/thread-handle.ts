/**
 * The main thread's view of one load-generating thread, whether it runs in this thread
 * (`LocalThread`, no worker: in-thread direct calls for single-thread runs) or in a worker
 * (`WorkerThread`, messages below). `run-cell` drives every thread through this interface.
 */
import type { IntervalFigures } from '../recorder/recorder.js';
import { Worker } from 'node:worker_threads';
import type { EngineStats, SharedEngineHandle } from '../../engines/types.js';
import type { CheckResult } from '../../workloads/types.js';
import { ThreadDriver } from '../runner/drive.js';
import type { EngineInfoRecord, MeasuredPart } from '../results/thread-part.js';
import type { PhaseTimes, ThreadPlan } from '../runner/plan.js';
import { distUrl } from '../../shared/dist-url.js';

export interface Preloaded {
  readonly preloadMs: number;
  readonly info: EngineInfoRecord;
}

export interface ThreadHandle {
  /** Build engine and workload, preload; resolves with the preload time and the engine's info. */
  preload(): Promise<Preloaded>;
  /** The engine's statistics as seen from this thread. */
  stats(): Promise<EngineStats>;
  /** Warm up and measure; `signal` aborting (Ctrl-C) ends the running phase at once. */
  measure(times: PhaseTimes, signal: AbortSignal): Promise<MeasuredPart>;
  /** Receives each closed interval of the measured phase (once per interval, from the recorder). */
  onInterval: ((f: IntervalFigures) => void) | null;
  check(): Promise<CheckResult[]>;
  close(): Promise<void>;
}

export class LocalThread implements ThreadHandle {
  private driver: ThreadDriver | null = null;
  constructor(
    private readonly plan: ThreadPlan,
    private readonly shared: SharedEngineHandle | undefined,
  ) {}
  async preload(): Promise<Preloaded> {
    this.driver = await ThreadDriver.open(this.plan, this.shared, false);
    const preloadMs = await this.driver.preload();
    return { preloadMs, info: this.driver.info() };
  }
  async stats(): Promise<EngineStats> {
    return this.driver!.engine.stats();
  }
  onInterval: ((f: IntervalFigures) => void) | null = null;
  measure(times: PhaseTimes, signal: AbortSignal): Promise<MeasuredPart> {
    return this.driver!.measure(times, signal, this.onInterval);
  }
  check(): Promise<CheckResult[]> {
    return this.driver!.check();
  }
  async close(): Promise<void> {
    await this.driver?.close();
    this.driver = null;
  }
}

/** Messages from main to worker. */
export type ToWorker =
  | { type: 'go'; times: PhaseTimes }
  | { type: 'stats' }
  | { type: 'check' }
  | { type: 'close' }
  | { type: 'stop' };
/** Messages from worker to main. */
export type FromWorker =
  | { type: 'ready'; preloadMs: number; info: EngineInfoRecord }
  | { type: 'stats'; stats: EngineStats }
  | { type: 'measured'; part: MeasuredPart }
  | { type: 'interval'; figures: IntervalFigures }
  | { type: 'checked'; checks: CheckResult[] }
  | { type: 'closed' }
  | { type: 'error'; message: string; stack?: string };

export interface WorkerData {
  readonly plan: ThreadPlan;
  readonly sharedPayload: unknown;
  readonly hasShared: boolean;
}

export class WorkerThread implements ThreadHandle {
  onInterval: ((f: IntervalFigures) => void) | null = null;
  private readonly worker: Worker;
  private pending: { expect: FromWorker['type']; resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null =
    null;
  private failure: Error | null = null;
  private exited = false;

  constructor(plan: ThreadPlan, shared: SharedEngineHandle | undefined) {
    const data: WorkerData = { plan, sharedPayload: shared?.payload, hasShared: shared !== undefined };
    this.worker = new Worker(distUrl('harness/threads/worker-entry.js'), { workerData: data });
    this.worker.on('message', (m: FromWorker) => {
      const p = this.pending;
      if (m.type === 'error') {
        const err = new Error(`thread ${plan.threadIndex}: ${m.message}`);
        if (m.stack) err.stack = m.stack;
        this.fail(err);
        return;
      }
      if (m.type === 'interval') {
        this.onInterval?.(m.figures);
        return;
      }
      if (p && p.expect === m.type) {
        this.pending = null;
        p.resolve(m);
      }
    });
    this.worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (this.pending && this.pending.expect !== 'closed') this.fail(new Error(`thread ${plan.threadIndex} exited with code ${code}`));
      else if (this.pending) {
        const p = this.pending;
        this.pending = null;
        p.resolve({ type: 'closed' });
      }
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const p = this.pending;
    this.pending = null;
    p?.reject(err);
  }

  private request<T extends FromWorker['type']>(expect: T, msg?: ToWorker): Promise<Extract<FromWorker, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { expect, resolve: resolve as (m: FromWorker) => void, reject };
      if (msg) this.worker.postMessage(msg);
    });
  }

  async preload(): Promise<Preloaded> {
    const m = await this.request('ready');
    return { preloadMs: m.preloadMs, info: m.info };
  }
  async stats(): Promise<EngineStats> {
    return (await this.request('stats', { type: 'stats' })).stats;
  }
  /** The worker has its own AbortController; an abort here reaches it as a `stop` message. */
  async measure(times: PhaseTimes, signal: AbortSignal): Promise<MeasuredPart> {
    const stop = (): void => {
      if (!this.exited) this.worker.postMessage({ type: 'stop' } satisfies ToWorker);
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    try {
      return (await this.request('measured', { type: 'go', times })).part;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }
  async check(): Promise<CheckResult[]> {
    return (await this.request('checked', { type: 'check' })).checks;
  }
  async close(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request('closed', { type: 'close' });
    } catch {
      // A failed thread is already reported; make sure it is gone.
    }
    await this.worker.terminate();
  }
}
