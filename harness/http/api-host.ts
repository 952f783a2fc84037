/**
 * The main thread's handle on the API thread: `prepareShared` of the cache here (a managed server
 * starts, the memcached-style store is allocated), then the thread, then requests by id. The API
 * thread's event-loop utilisation is read from here, beside the main thread's own (autocannon's).
 */
import { Worker } from 'node:worker_threads';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { engineFactory } from '../../engines/registry.js';
import type { EngineStats, SharedEngineHandle } from '../../engines/types.js';
import type { RouteTotals } from '../../workloads/http/meter.js';
import type { CheckResult } from '../../workloads/types.js';
import { distUrl } from '../../shared/dist-url.js';
import type { ApiReadyMessage, ApiReplyMessage, ApiRequestMessage, ApiThreadData } from './api-protocol.js';
import { sharedEngineSeed } from '../runner/seeds.js';

export type ApiEngineInfo = Extract<ApiReadyMessage, { ready: true }>['engineInfo'];

export class ApiHost {
  private readonly pending = new Map<number, { resolve(m: ApiReplyMessage): void; reject(e: Error): void }>();
  private nextId = 1;
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly url: string,
    readonly engineInfo: ApiEngineInfo,
    readonly shared: SharedEngineHandle | undefined,
  ) {
    worker.on('message', (m: ApiReplyMessage) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(`API thread: ${m.error}`));
      else p.resolve(m);
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`API thread exited (code ${code})`)));
  }

  /** Prepare the cache, start the API thread and wait until it listens. */
  static async start(engine: string, engineOptions: Record<string, unknown>, params: Record<string, unknown>, seed: number): Promise<ApiHost> {
    const ef = engine === 'none' ? undefined : engineFactory(engine);
    const shared = ef?.prepareShared ? await ef.prepareShared(engineOptions, { seed: sharedEngineSeed(seed), workerUrl: distUrl }) : undefined;
    try {
      const data: ApiThreadData = { engine, engineOptions, sharedPayload: shared?.payload, hasShared: shared !== undefined, params, seed };
      const worker = new Worker(distUrl('harness/http/api-thread.js'), { workerData: data });
      // Named listeners, removed one by one: removeAllListeners() would also drop the Worker's own
      // newListener hooks that start its message port.
      let onMessage!: (m: ApiReadyMessage) => void;
      let onError!: (e: Error) => void;
      let onExit!: (code: number) => void;
      const ready = await new Promise<ApiReadyMessage>((resolve, reject) => {
        onMessage = resolve;
        onError = reject;
        onExit = (code) => reject(new Error(`API thread exited (code ${code}) before listening`));
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onExit);
      }).finally(() => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      });
      if (!ready.ready) {
        await worker.terminate();
        throw new Error(`the API did not start on ${engine}: ${ready.error}`);
      }
      return new ApiHost(worker, `http://127.0.0.1:${ready.port}`, ready.engineInfo, shared);
    } catch (err) {
      await shared?.release?.();
      throw err;
    }
  }

  private request(op: ApiRequestMessage['op']): Promise<ApiReplyMessage> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op } satisfies ApiRequestMessage);
    });
  }

  async totals(): Promise<Record<string, RouteTotals>> {
    return ((await this.request('totals')) as { totals: Record<string, RouteTotals> }).totals;
  }

  async reset(): Promise<void> {
    await this.request('reset');
  }

  async check(): Promise<CheckResult[]> {
    return ((await this.request('check')) as { checks: CheckResult[] }).checks;
  }

  async stats(): Promise<EngineStats> {
    try {
      return ((await this.request('stats')) as { stats: EngineStats }).stats;
    } catch (err) {
      return { stats_error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** The API thread's event-loop utilisation since `since` (or since it started). */
  elu(since?: EventLoopUtilization): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization(since);
  }

  /** Close the API (and the engine in its thread), then release the shared engine state. */
  async close(): Promise<void> {
    try {
      if (!this.failure) await this.request('close');
    } finally {
      await this.worker.terminate();
      await this.shared?.release?.();
    }
  }
}
