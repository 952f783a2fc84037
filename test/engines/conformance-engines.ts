/**
 * The engines the conformance suite runs, built through their registry factories exactly as the
 * harness builds them (prepareShared → create → close → release). Real-server engines are
 * included when their binary is installed (loud skip otherwise; a failure under
 * CACHEBENCH_REQUIRE_SERVERS=1).
 */
import { engineFactory } from '../../engines/registry.js';
import type { Engine, EngineFamily, SharedEngineHandle } from '../../engines/types.js';
import { serverAvailable } from '../support/servers.js';
import { distUrl } from '../../shared/dist-url.js';
import { startServe } from '../support/serve-process.js';
import { RespServer } from '../../engines/protocol/resp/server.js';

export interface ConformanceTarget {
  /** Shown in test names. */
  readonly label: string;
  readonly family: EngineFamily;
  readonly engine: string;
  readonly options: Record<string, unknown>;
  /** False when the engine's memcached facet is not what this target is about (memjs: kv only). */
  readonly memcachedFacet: boolean;
  /**
   * Serve this cachebench engine first (`cachebench serve`: redis-style in this process,
   * memcached-style as a child with 2 worker threads) and point `engine` at it with `url`.
   */
  readonly serve?: 'redis-style' | 'memcached-style';
}

export function conformanceTargets(): ConformanceTarget[] {
  const targets: ConformanceTarget[] = [];
  const add = (t: ConformanceTarget): void => {
    // A target naming an unregistered engine is a broken table, not a skip.
    if (!engineFactory(t.engine)) throw new Error(`conformance target '${t.label}': engine '${t.engine}' is not registered`);
    targets.push(t);
  };
  add({ label: 'redis-style (in-process)', family: 'redis', engine: 'redis-style', options: {}, memcachedFacet: false });
  if (serverAvailable('redis-server')) {
    add({ label: 'redis-server via ioredis', family: 'redis', engine: 'redis-server', options: { client: 'ioredis' }, memcachedFacet: false });
    add({ label: 'redis-server via lean RESP', family: 'redis', engine: 'redis-server', options: { client: 'resp', connections: 2 }, memcachedFacet: false });
  }
  add({ label: 'served redis-style via ioredis', family: 'redis', engine: 'redis', options: { client: 'ioredis' }, memcachedFacet: false, serve: 'redis-style' });
  add({ label: 'served redis-style via lean RESP', family: 'redis', engine: 'redis', options: { client: 'resp', connections: 2 }, memcachedFacet: false, serve: 'redis-style' });
  add({ label: 'memcached-style (in-process)', family: 'memcached', engine: 'memcached-style', options: {}, memcachedFacet: true });
  if (serverAvailable('memcached')) {
    add({ label: 'memcached-server via text protocol', family: 'memcached', engine: 'memcached-server', options: { client: 'text', connections: 2 }, memcachedFacet: true });
    add({ label: 'served memcached-style via text protocol', family: 'memcached', engine: 'memcached', options: { client: 'text', connections: 2 }, memcachedFacet: true, serve: 'memcached-style' });
    add({ label: 'served memcached-style via memjs (binary protocol)', family: 'memcached', engine: 'memcached', options: { client: 'memjs' }, memcachedFacet: false, serve: 'memcached-style' });
    add({ label: 'memcached-server via memjs', family: 'memcached', engine: 'memcached-server', options: { client: 'memjs' }, memcachedFacet: false });
  }
  return targets;
}

export interface OpenEngine {
  readonly engine: Engine;
  close(): Promise<void>;
}

/** The served engine of a `serve` target: its URL and how to stop it. */
async function startServed(kind: 'redis-style' | 'memcached-style'): Promise<{ url: string; stop(): Promise<void> }> {
  if (kind === 'redis-style') {
    const server = await RespServer.start({ port: 0 });
    return { url: `redis://127.0.0.1:${server.port}`, stop: () => server.shutdown() };
  }
  const proc = await startServe(['--engine', 'memcached-style', '--threads', '2', '--engine-opt', 'memoryMb=16']);
  return {
    url: `memcached://127.0.0.1:${proc.port}`,
    stop: async () => {
      proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}

export async function openEngine(t: ConformanceTarget): Promise<OpenEngine> {
  const factory = engineFactory(t.engine)!;
  const served = t.serve !== undefined ? await startServed(t.serve) : null;
  const options = served !== null ? { ...t.options, url: served.url } : t.options;
  let shared: SharedEngineHandle | undefined;
  try {
    shared = factory.prepareShared ? await factory.prepareShared(options, { seed: 1, workerUrl: distUrl }) : undefined;
    const engine = await factory.create(options, shared, { index: 0, count: 1, isWorker: false });
    return {
      engine,
      close: async () => {
        await engine.close();
        await shared?.release?.();
        await served?.stop();
      },
    };
  } catch (err) {
    await shared?.release?.();
    await served?.stop();
    throw err;
  }
}
