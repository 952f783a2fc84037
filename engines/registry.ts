/**
 * Every engine cachebench can run, by the name used on the command line and in suites.
 * Add an engine by adding its factory here; `--help`, validation messages and `list` derive
 * from this table.
 */
import { nullEngineFactory } from './null/null-engine.js';
import { memcachedStyleFactory } from './memcached/engine.js';
import { redisStyleFactory } from './redis/factory.js';
import { redisFactory, redisServerFactory } from './real/redis/factory.js';
import { redisClusterServerFactory } from './real/redis/cluster-factory.js';
import { memcachedFactory, memcachedServerFactory } from './real/memcached/factory.js';
import type { EngineFactory } from './types.js';

export const ENGINE_FACTORIES: ReadonlyMap<string, EngineFactory> = new Map<string, EngineFactory>(
  [
    nullEngineFactory,
    memcachedStyleFactory,
    redisStyleFactory,
    redisFactory,
    redisServerFactory,
    redisClusterServerFactory,
    memcachedFactory,
    memcachedServerFactory,
  ].map((f) => [f.name, f as EngineFactory]),
);

export const ENGINE_NAMES: readonly string[] = [...ENGINE_FACTORIES.keys()];

export function engineFactory(name: string): EngineFactory | undefined {
  return ENGINE_FACTORIES.get(name);
}
