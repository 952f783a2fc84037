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

export interface ConformanceTarget {
  /** Shown in test names. */
  readonly label: string;
  readonly family: EngineFamily;
  readonly engine: string;
  readonly options: Record<string, unknown>;
  /** False when the engine's memcached facet is not what this target is about (memjs: kv only). */
  readonly memcachedFacet: boolean;
}

export function conformanceTargets(): ConformanceTarget[] {
  const targets: ConformanceTarget[] = [];
  const add = (t: ConformanceTarget): void => {
    if (engineFactory(t.engine)) targets.push(t);
  };
  add({ label: 'redis-style (in-process)', family: 'redis', engine: 'redis-style', options: {}, memcachedFacet: false });
  if (serverAvailable('redis-server')) {
    add({ label: 'redis-server via ioredis', family: 'redis', engine: 'redis-server', options: { client: 'ioredis' }, memcachedFacet: false });
    add({ label: 'redis-server via lean RESP', family: 'redis', engine: 'redis-server', options: { client: 'resp', connections: 2 }, memcachedFacet: false });
  }
  add({ label: 'memcached-style (in-process)', family: 'memcached', engine: 'memcached-style', options: {}, memcachedFacet: true });
  if (serverAvailable('memcached')) {
    add({ label: 'memcached-server via text protocol', family: 'memcached', engine: 'memcached-server', options: { client: 'text', connections: 2 }, memcachedFacet: true });
    add({ label: 'memcached-server via memjs', family: 'memcached', engine: 'memcached-server', options: { client: 'memjs' }, memcachedFacet: false });
  }
  return targets;
}

export interface OpenEngine {
  readonly engine: Engine;
  close(): Promise<void>;
}

export async function openEngine(t: ConformanceTarget): Promise<OpenEngine> {
  const factory = engineFactory(t.engine)!;
  const shared: SharedEngineHandle | undefined = factory.prepareShared ? await factory.prepareShared(t.options, { seed: 1, workerUrl: distUrl }) : undefined;
  try {
    const engine = await factory.create(t.options, shared, { index: 0, count: 1, isWorker: false });
    return {
      engine,
      close: async () => {
        await engine.close();
        await shared?.release?.();
      },
    };
  } catch (err) {
    await shared?.release?.();
    throw err;
  }
}
