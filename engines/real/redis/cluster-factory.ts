/**
 * The `redis-cluster-server` engine: a Redis Cluster cachebench starts on loopback for the run
 * (`masters` redis-server nodes joined by redis-cli, managed/redis-cluster.ts) and tears down
 * after; every load thread drives it as `redis+cluster://` through the lean RESP driver's slot
 * router (default) or ioredis's cluster client (`client=ioredis`), both following MOVED/ASK. Workloads see `cluster` in their context and keep multi-key commands
 * in one slot with hash tags.
 */
import { MAX_CLUSTER_MASTERS, MIN_CLUSTER_MASTERS, startRedisCluster } from '../managed/index.js';
import type { Capability, Engine, EngineFactory, EngineOption, SharedEngineHandle, ThreadContext } from '../../types.js';
import { range, rejectUnknownOptions } from '../../engine-options.js';
import { redactUrl } from '../../secrets.js';
import { RemoteRedisEngine } from './engine.js';
import { REDIS_ADAPTER_OPTIONS, resolveAdapterOptions } from './options.js';
import { parseRedisUrl } from './url.js';

const CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>(['strings', 'lists', 'sets', 'sortedSets', 'hashes', 'pubsub', 'blocking']);
const A = REDIS_ADAPTER_OPTIONS;
/** The engine's options (`cachebench list`; the unknown-option check reads the names). */
export const REDIS_CLUSTER_SERVER_OPTIONS: readonly EngineOption[] = [
  { name: 'masters', values: range(MIN_CLUSTER_MASTERS, MAX_CLUSTER_MASTERS), default: '3', doc: 'master nodes (--cluster-masters)', example: '3' },
  A.connections,
  A.autoPipelining,
  A.client,
  A.timeoutMs,
  { name: 'maxmemoryBytes', values: range(1), default: 'unlimited', doc: 'maxmemory of each node in bytes', example: '104857600' },
  { name: 'maxmemoryPolicy', values: 'a redis maxmemory-policy (allkeys-lru, volatile-lru, noeviction, …)', default: 'allkeys-lru with maxmemoryBytes', doc: 'what each node evicts at maxmemory', example: 'allkeys-lru' },
];
export const DEFAULT_CLUSTER_MASTERS = 3;

interface ClusterPayload {
  readonly url: string;
}

function settings(options: Record<string, unknown>): { masters: number; maxmemoryBytes?: number; maxmemoryPolicy?: string } {
  rejectUnknownOptions('redis-cluster-server', options, REDIS_CLUSTER_SERVER_OPTIONS);
  const raw = options['masters'] ?? DEFAULT_CLUSTER_MASTERS;
  const masters = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof masters !== 'number' || !Number.isInteger(masters) || masters < MIN_CLUSTER_MASTERS || masters > MAX_CLUSTER_MASTERS) {
    throw new Error(`masters: must be an integer from ${MIN_CLUSTER_MASTERS} to ${MAX_CLUSTER_MASTERS} (got '${String(raw)}')`);
  }
  resolveAdapterOptions(options, true);
  const out: { masters: number; maxmemoryBytes?: number; maxmemoryPolicy?: string } = { masters };
  const maxmemory = options['maxmemoryBytes'];
  if (maxmemory !== undefined) {
    const n = Number(maxmemory);
    if (!Number.isInteger(n) || n < 1) throw new Error(`maxmemoryBytes: must be a positive integer (got '${String(maxmemory)}')`);
    out.maxmemoryBytes = n;
  }
  if (options['maxmemoryPolicy'] !== undefined) out.maxmemoryPolicy = String(options['maxmemoryPolicy']);
  return out;
}

function adapterOptions(options: Record<string, unknown>): Record<string, unknown> {
  const { masters: _m, maxmemoryBytes: _b, maxmemoryPolicy: _p, ...adapter } = options;
  return adapter;
}

export const redisClusterServerFactory: EngineFactory = {
  name: 'redis-cluster-server',
  family: 'redis',
  location: 'managed',
  description: `a Redis Cluster of --engine-opt masters=N (default ${DEFAULT_CLUSTER_MASTERS}) redis-server nodes started on loopback for the run and stopped after; client resp (lean slot router, default) or ioredis`,
  capabilities: CAPABILITIES,
  options: REDIS_CLUSTER_SERVER_OPTIONS,
  cluster: true,
  validateOptions(options: Record<string, unknown>): void {
    settings(options);
  },
  async prepareShared(options: Record<string, unknown>): Promise<SharedEngineHandle> {
    const s = settings(options);
    const cluster = await startRedisCluster(s.masters, {
      ...(s.maxmemoryBytes !== undefined ? { maxmemoryBytes: s.maxmemoryBytes } : {}),
      ...(s.maxmemoryPolicy !== undefined ? { maxmemoryPolicy: s.maxmemoryPolicy } : {}),
    });
    const payload: ClusterPayload = { url: cluster.url };
    return {
      payload,
      release: () => cluster.stop(),
      facts: {
        server: 'redis-server (cluster)',
        version: cluster.version,
        url: redactUrl(cluster.url),
        masters: s.masters,
        pids: cluster.nodes.map((n) => n.pid).join(','),
      },
    };
  },
  async create(options: Record<string, unknown>, shared: SharedEngineHandle | undefined, _thread: ThreadContext): Promise<Engine> {
    settings(options);
    if (shared === undefined) throw new Error('redis-cluster-server: create() needs the cluster started by prepareShared()');
    const target = parseRedisUrl((shared.payload as ClusterPayload).url);
    return RemoteRedisEngine.connect('redis-cluster-server', 'managed', CAPABILITIES, target, resolveAdapterOptions(adapterOptions(options), true));
  },
};
