/**
 * The main-thread side of threaded runs: allocate the channel, start the engine thread and
 * wait until it serves, stop it at the end. `connectChannelEngine` (any thread) returns an
 * Engine that talks to it. With a persistence choice the engine thread owns the RDB/AOF files
 * and closes them (commit, fsync, the closing RDB save) before it exits; `stop()` waits for that.
 */
import { Worker } from 'node:worker_threads';
import type { Engine } from '../../types.js';
import type { ThreadPriority } from './thread-priority.js';
import type { RedisStyleConfig } from '../config.js';
import type { PersistenceChoice } from '../persistence/engine-options.js';
import { ChannelEngine, requestEngineThread } from './channel-engine.js';
import { H_DOORBELL, H_READY, H_STOP, H_WANTED, channelBytes, waitAsync } from './layout.js';

/** What every load thread receives: structured-cloneable. */
export interface ChannelPayload {
  readonly sab: SharedArrayBuffer;
  /** The engine thread persists (so clients report the `persistence` capability). */
  readonly persistent?: boolean;
  /** A lane client's poll before it sleeps (engine option `lane-spin-us`). */
  readonly laneSpinUs?: number;
}

export interface EngineThread {
  readonly payload: ChannelPayload;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** A persistent engine saves its RDB on close (a few µs per key): give it longer, still bounded. */
const PERSISTENT_STOP_TIMEOUT_MS = 120_000;

/** How the engine thread starts: inputs from the run (seed, worker-file resolution) and the engine's options. */
export interface EngineThreadStart {
  /** Start now (threaded=true) rather than when the first load thread connects. */
  readonly eager: boolean;
  readonly persistence: PersistenceChoice | null;
  /** Seeds the engine thread's own random choices (`SharedContext.seed`). */
  readonly seed: number;
  readonly workerUrl: (projectRelativeJs: string) => URL;
  /** Poll budgets before sleeping, µs: the idle engine thread's and a lane client's. */
  readonly engineSpinUs: number;
  readonly laneSpinUs: number;
  /** The nice value the engine thread asks for. */
  readonly engineNice: number;
}

/** What the engine thread receives as `workerData`. */
export interface EngineThreadData {
  readonly sab: SharedArrayBuffer;
  readonly config: RedisStyleConfig;
  readonly persistence: PersistenceChoice | null;
  readonly seed: number;
  readonly spinUs: number;
  readonly nice: number;
}

/** Spawn the engine thread and resolve once it serves the channel. */
async function spawn(
  sab: SharedArrayBuffer,
  config: RedisStyleConfig,
  start: EngineThreadStart,
  onFailure: (why: string) => void,
): Promise<Worker> {
  const workerData: EngineThreadData = { sab, config, persistence: start.persistence, seed: start.seed, spinUs: start.engineSpinUs, nice: start.engineNice };
  const worker = new Worker(start.workerUrl('engines/redis/threaded/engine-thread.js'), { workerData });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-style engine thread did not start within 10 s')), START_TIMEOUT_MS);
    worker.once('message', (m: { priority?: ThreadPriority }) => {
      clearTimeout(timer);
      const p = m.priority;
      if (p?.refused !== undefined) {
        process.emitWarning(`redis-style engine thread runs at nice ${p.nice}, not the asked ${start.engineNice} (${p.refused}); --engine-opt engine-nice=${p.nice} asks for what it got`);
      }
      resolve();
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  worker.on('message', (m: unknown) => {
    if (m && typeof m === 'object' && 'error' in m) onFailure(String((m as { error: unknown }).error));
  });
  worker.on('error', (e) => onFailure(e.stack ?? e.message));
  return worker;
}

/**
 * Allocate the channel and arrange for the engine thread. With `eager` it starts now; otherwise
 * it starts when the first client connects (the client raises H_WANTED and waits for H_READY;
 * this main thread, idle while load threads work, answers). So a single-thread run, which
 * never connects, never pays for an engine thread.
 */
export async function startEngineThread(config: RedisStyleConfig, how: EngineThreadStart): Promise<EngineThread> {
  const { eager, persistence } = how;
  const sab = new SharedArrayBuffer(channelBytes());
  const i32 = new Int32Array(sab);
  let stopped = false;
  let worker: Worker | null = null;
  let starting: Promise<Worker> | null = null;
  // If the engine thread fails, mark the channel stopped so waiting clients fail fast.
  const failed = (why: string): void => {
    if (!stopped) process.emitWarning(`redis-style engine thread failed: ${why}`);
    Atomics.store(i32, H_STOP, 1);
    Atomics.add(i32, H_DOORBELL, 1);
    Atomics.notify(i32, H_DOORBELL);
    Atomics.notify(i32, H_READY);
  };
  const start = (): Promise<Worker> => {
    if (!starting) {
      starting = spawn(sab, config, how, failed).then((w) => {
        worker = w;
        w.on('exit', (code) => {
          if (!stopped) failed(`exited with code ${code}`);
        });
        return w;
      });
      starting.catch((e: unknown) => failed(e instanceof Error ? e.message : String(e)));
    }
    return starting;
  };
  if (eager) await start();
  else {
    const waiting = waitAsync(i32, H_WANTED, 0, Infinity);
    const onDemand = (): void => {
      if (!stopped) void start().catch(() => {});
    };
    if (waiting.async) void waiting.value.then(onDemand);
    else onDemand();
  }
  return {
    payload: { sab, laneSpinUs: how.laneSpinUs, ...(persistence === null ? {} : { persistent: true }) },
    async stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(i32, H_STOP, 1);
      Atomics.add(i32, H_DOORBELL, 1);
      Atomics.notify(i32, H_DOORBELL);
      Atomics.store(i32, H_WANTED, 1); // releases the on-demand watcher, which now sees `stopped`
      Atomics.notify(i32, H_WANTED);
      if (starting) await starting.catch(() => {});
      const w: Worker | null = worker;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), persistence === null ? STOP_TIMEOUT_MS : PERSISTENT_STOP_TIMEOUT_MS).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') await w.terminate();
    },
  };
}

export async function connectChannelEngine(payload: ChannelPayload): Promise<Engine> {
  if (!payload || !(payload.sab instanceof SharedArrayBuffer)) {
    throw new Error('redis-style: the shared payload has no channel (was it made by prepareShared?)');
  }
  await requestEngineThread(payload.sab);
  return new ChannelEngine(payload.sab, payload.persistent === true, payload.laneSpinUs);
}
