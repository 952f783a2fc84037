/**
 * The main-thread side of threaded runs: allocate the channel, start the engine thread and
 * wait until it serves, stop it at the end. `connectChannelEngine` (any thread) returns an
 * Engine that talks to it.
 */
import { Worker } from 'node:worker_threads';
import { distUrl } from '../../../harness/threads/dist-url.js';
import type { Engine } from '../../types.js';
import type { RedisStyleConfig } from '../config.js';
import { ChannelEngine } from './channel-engine.js';
import { H_DOORBELL, H_STOP, channelBytes } from './layout.js';

/** What every load thread receives: structured-cloneable. */
export interface ChannelPayload {
  readonly sab: SharedArrayBuffer;
}

export interface EngineThread {
  readonly payload: ChannelPayload;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startEngineThread(config: RedisStyleConfig): Promise<EngineThread> {
  const sab = new SharedArrayBuffer(channelBytes());
  const worker = new Worker(distUrl('engines/redis/threaded/engine-thread.js'), { workerData: { sab, config } });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-style engine thread did not start within 10 s')), START_TIMEOUT_MS);
    worker.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  const i32 = new Int32Array(sab);
  let stopped = false;
  // If the engine thread fails, mark the channel stopped so waiting clients fail fast.
  const failed = (why: string): void => {
    process.emitWarning(`redis-style engine thread failed: ${why}`);
    Atomics.store(i32, H_STOP, 1);
    Atomics.add(i32, H_DOORBELL, 1);
    Atomics.notify(i32, H_DOORBELL);
  };
  worker.on('message', (m: unknown) => {
    if (m && typeof m === 'object' && 'error' in m) failed(String((m as { error: unknown }).error));
  });
  worker.on('error', (e) => failed(e.stack ?? e.message));
  worker.on('exit', (code) => {
    if (!stopped) failed(`exited with code ${code}`);
  });
  return {
    payload: { sab },
    async stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(i32, H_STOP, 1);
      Atomics.add(i32, H_DOORBELL, 1);
      Atomics.notify(i32, H_DOORBELL);
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') await worker.terminate();
    },
  };
}

export function connectChannelEngine(payload: ChannelPayload, _threadIndex: number): Engine {
  if (!payload || !(payload.sab instanceof SharedArrayBuffer)) {
    throw new Error('redis-style: the shared payload has no channel (was it made by prepareShared?)');
  }
  return new ChannelEngine(payload.sab);
}
