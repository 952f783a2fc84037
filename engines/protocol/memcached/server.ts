/**
 * The memcached-style engine behind a TCP port, speaking memcached's text and meta protocol
 * with N worker threads that each serve their own connections on the one SharedArrayBuffer
 * store — memcached's own model (`memcached -t N`).
 *
 * How connections reach the threads: worker 0 listens (127.0.0.1 unless asked otherwise) and
 * the others listen on its descriptor, so every thread accepts on the same socket and the
 * kernel spreads connections over the threads that are waiting in accept. A main thread that
 * accepts and hands sockets over is not possible here: Node cannot move a socket to a worker
 * thread. The main thread only allocates the store, starts the workers and stops them.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { distUrl } from '../../../shared/dist-url.js';
import { createStoreMemory } from '../../memcached/memory.js';
import { resolveOptions } from '../../memcached/options.js';
import type { MemcachedSharedPayload } from '../../memcached/engine.js';
import type { WorkerInit, WorkerMessage } from './worker.js';

export interface McServerOptions {
  /** @default 11211; 0 picks a free port */
  port?: number;
  /** @default '127.0.0.1' */
  bind?: string;
  /** Worker threads. @default 4 */
  threads?: number;
  /** memcached `-c`. @default 1024 */
  maxConnections?: number;
  /** memcached-style engine options (memoryMb, hashPower, lockPower, growthFactor). */
  engineOptions?: Record<string, unknown>;
}

function nextMessage(worker: Worker): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerMessage): void => {
      worker.off('error', onError);
      resolve(m);
    };
    const onError = (err: Error): void => {
      worker.off('message', onMessage);
      reject(err);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
}

export class McServer extends EventEmitter {
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly workers: Worker[],
    readonly port: number,
    readonly memoryMb: number,
    readonly payload: MemcachedSharedPayload,
  ) {
    super();
  }

  static async start(options: McServerOptions = {}): Promise<McServer> {
    const params = resolveOptions(options.engineOptions);
    const threads = options.threads ?? 4;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new Error(`threads: must be an integer from 1 to 64 (got ${threads})`);
    const mem = createStoreMemory(params, Math.floor(Date.now() / 1000));
    const payload: MemcachedSharedPayload = { sab: mem.sab, params };
    const counters = new SharedArrayBuffer(4);
    const maxConnections = options.maxConnections ?? 1024;
    const url = distUrl('engines/protocol/memcached/worker.js');
    const workers: Worker[] = [];
    const spawn = async (index: number, listen: WorkerInit['listen']): Promise<{ fd: number; port: number }> => {
      const init: WorkerInit = { index, payload, counters, maxConnections, listen };
      const worker = new Worker(url, { workerData: init });
      workers.push(worker);
      const m = await nextMessage(worker);
      if (m.kind !== 'listening') throw new Error(`memcached-style worker ${index}: ${m.kind === 'error' ? m.message : 'did not listen'}`);
      return m;
    };
    try {
      const first = await spawn(0, { port: options.port ?? 11211, bind: options.bind ?? '127.0.0.1' });
      if (first.fd < 0 && threads > 1) throw new Error('memcached-style: the listening socket has no descriptor to share with more threads');
      for (let i = 1; i < threads; i++) await spawn(i, { fd: first.fd });
      return new McServer(workers, first.port, params.memoryMb, payload);
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /**
   * Stop every worker (connections closed, listeners closed). Idempotent. The workers share
   * one listening descriptor, so the first close closes it for all: call this when the process
   * is about to end (the CLI does), not in a long-lived process that keeps opening sockets.
   */
  shutdown(): Promise<void> {
    if (this.stopping !== null) return this.stopping;
    this.stopping = (async () => {
      // Workers 1.. first: they share worker 0's descriptor, which worker 0 closes last.
      for (const w of [...this.workers.slice(1), this.workers[0]!]) {
        const stopped = nextMessage(w).catch(() => null);
        w.postMessage('stop');
        await Promise.race([stopped, new Promise((r) => setTimeout(r, 2000))]);
        await w.terminate();
      }
    })();
    return this.stopping;
  }
}
