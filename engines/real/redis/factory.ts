/**
 * The `redis` engine (a Redis you point at with a URL) and the `redis-server` engine (a
 * redis-server cachebench starts for the run, with the requested persistence, and stops after —
 * also on Ctrl-C, an error or a crash). Both build a `RemoteRedisEngine` in every load thread.
 */
import { checkedCpus, cpuAffinityOf, CPUS_OPTION, startRedisServer, type RedisPersistence, type RedisServerOptions } from '../managed/index.js';
import { PERSISTENCE_ENGINE_OPTIONS, PERSISTENCE_MODES, resolvePersistence } from '../../persistence-mode.js';
import { range, rejectUnknownOptions } from '../../engine-options.js';
import type { Capability, Engine, EngineFactory, EngineOption, SharedEngineHandle, ThreadContext } from '../../types.js';
import { RemoteRedisEngine } from './engine.js';
import { REDIS_ADAPTER_OPTIONS, resolveAdapterOptions } from './options.js';
import { redactUrl } from '../../secrets.js';
import { parseRedisUrl } from './url.js';

const REMOTE_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  'strings', 'lists', 'sets', 'sortedSets', 'hashes', 'pubsub', 'blocking',
]);
/** A server we start ourselves can be configured to persist (and be killed to count losses). */
const MANAGED_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([...REMOTE_CAPABILITIES, 'persistence']);

const A = REDIS_ADAPTER_OPTIONS;
const ADAPTER_OPTIONS: readonly EngineOption[] = [A.connections, A.pipeline, A.autoPipelining, A.client, A.timeoutMs, A.tls];
/** The `redis` engine's options (`cachebench list`; the unknown-option check reads the names). */
export const REDIS_OPTIONS: readonly EngineOption[] = [
  { name: 'url', values: 'redis://[user:pass@]host:port[/db], rediss://…, redis+cluster://h1:p1,h2:p2', default: '', doc: 'the server (--url)', example: 'redis://127.0.0.1:6379', required: true },
  ...ADAPTER_OPTIONS,
];
/** The `redis-server` engine's options. */
export const REDIS_SERVER_OPTIONS: readonly EngineOption[] = [
  ...ADAPTER_OPTIONS,
  ...PERSISTENCE_ENGINE_OPTIONS,
  { name: 'maxmemoryBytes', values: range(1), default: 'unlimited', doc: 'redis-server maxmemory in bytes', example: '104857600' },
  { name: 'maxmemoryPolicy', values: 'a redis maxmemory-policy (allkeys-lru, volatile-lru, noeviction, …)', default: 'allkeys-lru with maxmemoryBytes', doc: 'what redis-server evicts at maxmemory', example: 'allkeys-lru' },
  { name: 'requirepass', values: 'a password', default: 'none', doc: 'redis-server requirepass (redacted in results)', example: 'secret' },
  CPUS_OPTION,
];

function remoteSettings(options: Record<string, unknown>) {
  rejectUnknownOptions('redis', options, REDIS_OPTIONS);
  const url = options['url'];
  if (typeof url !== 'string') throw new Error('url: the redis engine needs a URL such as redis://127.0.0.1:6379 (--url)');
  const target = parseRedisUrl(url);
  return { target, adapter: resolveAdapterOptions(options, target.mode === 'cluster') };
}

export const redisFactory: EngineFactory = {
  name: 'redis',
  family: 'redis',
  location: 'remote',
  description:
    'a Redis server at --url (redis://[user:pass@]host:port[/db], rediss://, redis+cluster://h1:p1,h2:p2); client resp (lean, default) or ioredis',
  capabilities: REMOTE_CAPABILITIES,
  options: REDIS_OPTIONS,
  validateOptions(options: Record<string, unknown>): void {
    remoteSettings(options);
  },
  async create(options: Record<string, unknown>, _shared: SharedEngineHandle | undefined, _thread: ThreadContext): Promise<Engine> {
    const { target, adapter } = remoteSettings(options);
    return RemoteRedisEngine.connect('redis', 'remote', REMOTE_CAPABILITIES, target, adapter);
  },
};

/** The shared vocabulary (engines/persistence-mode.ts): none, rdb, aof-*, rdb+aof-* (aliases aof, rdb+aof). */
export const PERSISTENCE_CHOICES = PERSISTENCE_MODES;

export function managedRedisOptions(options: Record<string, unknown>): RedisServerOptions {
  const spec = resolvePersistence(options['persistence'], options['appendfsync'], 'redis-server');
  const persistence: RedisPersistence = spec.appendfsync === null ? (spec.rdb ? 'rdb' : 'none') : spec.rdb ? 'rdb+aof' : 'aof';
  const out: RedisServerOptions = { persistence, ...(spec.appendfsync !== null ? { appendfsync: spec.appendfsync } : {}) };
  const maxmemory = options['maxmemoryBytes'];
  if (maxmemory !== undefined) {
    const n = typeof maxmemory === 'string' && maxmemory.trim() !== '' ? Number(maxmemory) : maxmemory;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new Error(`maxmemoryBytes: must be a positive integer (got '${String(maxmemory)}')`);
    }
    out.maxmemoryBytes = n;
  }
  if (options['maxmemoryPolicy'] !== undefined) out.maxmemoryPolicy = String(options['maxmemoryPolicy']);
  if (options['requirepass'] !== undefined) out.requirepass = String(options['requirepass']);
  if (options['cpus'] !== undefined) out.cpus = checkedCpus(options['cpus']);
  return out;
}

interface ManagedRedisPayload {
  readonly url: string;
}

export const redisServerFactory: EngineFactory = {
  name: 'redis-server',
  family: 'redis',
  location: 'managed',
  description:
    'redis-server started for the run on a free loopback port (persistence none|rdb|aof-no|aof-everysec|aof-always|rdb+aof-…) and stopped after',
  capabilities: MANAGED_CAPABILITIES,
  options: REDIS_SERVER_OPTIONS,
  validateOptions(options: Record<string, unknown>): void {
    rejectUnknownOptions('redis-server', options, REDIS_SERVER_OPTIONS);
    managedRedisOptions(options);
    resolveAdapterOptions(options, false);
  },
  async prepareShared(options: Record<string, unknown>): Promise<SharedEngineHandle> {
    rejectUnknownOptions('redis-server', options, REDIS_SERVER_OPTIONS);
    const serverOptions = managedRedisOptions(options);
    resolveAdapterOptions(options, false); // fail on bad client options before starting anything
    const server = await startRedisServer(serverOptions);
    const auth = serverOptions.requirepass !== undefined ? `:${encodeURIComponent(serverOptions.requirepass)}@` : '';
    const payload: ManagedRedisPayload = { url: `redis://${auth}${server.host}:${server.port}` };
    return {
      payload,
      release: () => server.stop(),
      facts: {
        server: 'redis-server',
        version: server.version,
        url: redactUrl(payload.url),
        persistence: serverOptions.persistence ?? 'none',
        appendfsync: serverOptions.persistence?.includes('aof') ? (serverOptions.appendfsync ?? 'everysec') : 'n/a',
        pid: server.pid,
        // Read from the kernel: where the server could run, pinned or not.
        cpus: cpuAffinityOf(server.pid) ?? 'unknown',
      },
    };
  },
  async create(options: Record<string, unknown>, shared: SharedEngineHandle | undefined, _thread: ThreadContext): Promise<Engine> {
    rejectUnknownOptions('redis-server', options, REDIS_SERVER_OPTIONS);
    if (shared === undefined) throw new Error('redis-server: create() needs the server started by prepareShared()');
    const { url } = shared.payload as ManagedRedisPayload;
    const target = parseRedisUrl(url);
    return RemoteRedisEngine.connect('redis-server', 'managed', MANAGED_CAPABILITIES, target, resolveAdapterOptions(options, false));
  },
};
