/**
 * Entry point of the API thread (loaded through distUrl): the cache engine and the HTTP API run
 * here, autocannon in the main thread, PGlite in a third — so the load generator, the API and the
 * database each have an event loop of their own and the main thread's busy share is autocannon's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { engineFactory } from '../../engines/registry.js';
import type { Engine, SharedEngineHandle } from '../../engines/types.js';
import { Api } from '../../workloads/http/api.js';
import { resolveApiParams } from '../../workloads/http/params.js';
import { startApiServer } from '../../workloads/http/server.js';
import type { ApiReadyMessage, ApiReplyMessage, ApiRequestMessage, ApiThreadData } from './api-protocol.js';

const port = parentPort!;
const data = workerData as ApiThreadData;

async function openEngine(): Promise<Engine | null> {
  if (data.engine === 'none') return null;
  const ef = engineFactory(data.engine);
  if (!ef) throw new Error(`unknown engine ${data.engine}`);
  const shared = data.hasShared ? ({ payload: data.sharedPayload } satisfies SharedEngineHandle) : undefined;
  return ef.create(data.engineOptions, shared, { index: 0, count: 1, isWorker: true, seed: data.seed });
}

try {
  const engine = await openEngine();
  const api = await Api.open(engine, resolveApiParams(data.params), data.seed);
  const running = await startApiServer(api);
  port.on('message', (msg: ApiRequestMessage) => {
    const reply = (value: Omit<ApiReplyMessage, 'id'>) => port.postMessage({ id: msg.id, ...value });
    const work = async (): Promise<Omit<ApiReplyMessage, 'id'>> => {
      switch (msg.op) {
        case 'totals':
          return { totals: api.totals() };
        case 'reset':
          api.reset();
          return { done: true };
        case 'check':
          return { checks: await api.check() };
        case 'stats':
          return { stats: engine ? await engine.stats() : {} };
        case 'close':
          await running.close();
          await engine?.close();
          return { done: true };
      }
    };
    work().then(reply, (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }));
  });
  const info = engine?.info;
  port.postMessage({
    ready: true,
    port: running.port,
    engineInfo: info
      ? { name: info.name, family: info.family, location: info.location, version: info.version, capabilities: [...info.capabilities] }
      : { name: 'none', family: 'null', location: 'in-process', version: '-', capabilities: [] },
  } satisfies ApiReadyMessage);
} catch (err) {
  port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) } satisfies ApiReadyMessage);
}
