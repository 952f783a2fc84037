/**
 * Entry point of a load-generating worker thread: runs a `ThreadDriver` for the plan in
 * workerData and answers the main thread's phase messages (see thread-handle.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ThreadDriver } from '../runner/drive.js';
import type { FromWorker, ToWorker, WorkerData } from './thread-handle.js';

const port = parentPort!;
const data = workerData as WorkerData;
/** Aborted by the main thread's `stop` message (its AbortSignal cannot cross threads). */
const stopper = new AbortController();

function send(m: FromWorker): void {
  port.postMessage(m);
}

function report(err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  send({ type: 'error', message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
}

async function main(): Promise<void> {
  const shared = data.hasShared ? { payload: data.sharedPayload } : undefined;
  const driver = await ThreadDriver.open(data.plan, shared, true);
  const preloadMs = await driver.preload();
  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'stop':
        stopper.abort();
        break;
      case 'go':
        // One message per closed interval (about once a second), for the progress line.
        driver.measure(m.times, stopper.signal, (figures) => send({ type: 'interval', figures })).then((part) => send({ type: 'measured', part }), report);
        break;
      case 'stats':
        Promise.resolve(driver.engine.stats()).then((stats) => send({ type: 'stats', stats }), report);
        break;
      case 'check':
        driver.check().then((checks) => send({ type: 'checked', checks }), report);
        break;
      case 'close':
        driver
          .close()
          .then(() => {
            send({ type: 'closed' });
            port.close();
          }, report);
        break;
    }
  });
  send({ type: 'ready', preloadMs, info: driver.info() });
}

main().catch(report);
