/**
 * The `memcached` engine (servers at a memcached:// URL, one or a pool) and the
 * `memcached-server` engine (a memcached started for the run with `-t` threads and `-m`
 * memory, stopped after — also on Ctrl-C, an error or a crash).
 */
import { checkedCpus, cpuAffinityOf, CPUS_OPTION, startMemcached, type MemcachedOptions } from '../managed/index.js';
import type { Engine, EngineFactory, EngineOption, SharedEngineHandle, ThreadContext } from '../../types.js';
import { range, rejectUnknownOptions } from '../../engine-options.js';
import { MEMCACHED_CAPABILITIES, RemoteMemcachedEngine } from './engine.js';
import { MC_ADAPTER_OPTIONS, positiveInt, resolveMcAdapterOptions } from './options.js';
import { parseMemcachedUrl } from './url.js';

/** The `memcached` engine's options (`cachebench list`; the unknown-option check reads the names). */
export const MEMCACHED_OPTIONS: readonly EngineOption[] = [
  { name: 'url', values: 'memcached://[user:pass@]h1:p1[:weight][,h2:p2[:weight]…]', default: '', doc: 'the server or pool (--url)', example: 'memcached://127.0.0.1:11211', required: true },
  ...MC_ADAPTER_OPTIONS,
];
/** The `memcached-server` engine's options. */
export const MEMCACHED_SERVER_OPTIONS: readonly EngineOption[] = [
  ...MC_ADAPTER_OPTIONS,
  { name: 'threads', values: range(1), default: '4', doc: 'memcached -t worker threads', example: '2' },
  { name: 'memoryMb', values: range(1), default: '64', doc: 'memcached -m item memory in MB', example: '256' },
  CPUS_OPTION,
];

function remoteSettings(options: Record<string, unknown>) {
  rejectUnknownOptions('memcached', options, MEMCACHED_OPTIONS);
  const url = options['url'];
  if (typeof url !== 'string') throw new Error('url: the memcached engine needs a URL such as memcached://127.0.0.1:11211 (--url)');
  return { target: parseMemcachedUrl(url), adapter: resolveMcAdapterOptions(options) };
}

/**
 * memjs with credentials is the only connection (the server speaks binary SASL, not text), and
 * memjs has no gets/cas: such a run has the kv facet only.
 */
function memcachedKvOnlyReason(options: Record<string, unknown>): string | null {
  const { target, adapter } = remoteSettings(options);
  return adapter.client === 'memjs' && target.username !== undefined
    ? 'client memjs with SASL credentials has only get/set/delete/incr (memjs 1.3 has no gets/cas): run it on a memcached without SASL with client text'
    : null;
}

export const memcachedFactory: EngineFactory = {
  name: 'memcached',
  family: 'memcached',
  location: 'remote',
  description: 'memcached at --url (memcached://[user:pass@]h1:p1[:weight][,h2:p2[:weight]…]); client text (lean, default) or memjs (binary, SASL)',
  capabilities: MEMCACHED_CAPABILITIES,
  options: MEMCACHED_OPTIONS,
  validateOptions(options: Record<string, unknown>): void {
    remoteSettings(options);
  },
  kvOnlyReason: memcachedKvOnlyReason,
  async create(options: Record<string, unknown>, _shared: SharedEngineHandle | undefined, _thread: ThreadContext): Promise<Engine> {
    const { target, adapter } = remoteSettings(options);
    return RemoteMemcachedEngine.connect('memcached', 'remote', target, adapter);
  },
};

function managedOptions(options: Record<string, unknown>): MemcachedOptions {
  const out: MemcachedOptions = {};
  if (options['threads'] !== undefined) out.threads = positiveInt('threads', options['threads'], 0);
  if (options['memoryMb'] !== undefined) out.memoryMb = positiveInt('memoryMb', options['memoryMb'], 0);
  if (options['cpus'] !== undefined) out.cpus = checkedCpus(options['cpus']);
  return out;
}

interface ManagedMcPayload {
  readonly url: string;
}

export const memcachedServerFactory: EngineFactory = {
  name: 'memcached-server',
  family: 'memcached',
  location: 'managed',
  description: 'memcached started for the run on a free loopback port (threads, memoryMb) and stopped after',
  capabilities: MEMCACHED_CAPABILITIES,
  options: MEMCACHED_SERVER_OPTIONS,
  validateOptions(options: Record<string, unknown>): void {
    rejectUnknownOptions('memcached-server', options, MEMCACHED_SERVER_OPTIONS);
    resolveMcAdapterOptions(options);
    managedOptions(options);
  },
  async prepareShared(options: Record<string, unknown>): Promise<SharedEngineHandle> {
    rejectUnknownOptions('memcached-server', options, MEMCACHED_SERVER_OPTIONS);
    resolveMcAdapterOptions(options);
    const serverOptions = managedOptions(options);
    const server = await startMemcached(serverOptions);
    const payload: ManagedMcPayload = { url: server.url };
    return {
      payload,
      release: () => server.stop(),
      facts: {
        server: 'memcached',
        version: server.version,
        url: server.url,
        threads: serverOptions.threads ?? 4,
        memoryMb: serverOptions.memoryMb ?? 64,
        pid: server.pid,
        // Read from the kernel: where the server could run, pinned or not.
        cpus: cpuAffinityOf(server.pid) ?? 'unknown',
      },
    };
  },
  async create(options: Record<string, unknown>, shared: SharedEngineHandle | undefined, _thread: ThreadContext): Promise<Engine> {
    rejectUnknownOptions('memcached-server', options, MEMCACHED_SERVER_OPTIONS);
    if (shared === undefined) throw new Error('memcached-server: create() needs the server started by prepareShared()');
    const { url } = shared.payload as ManagedMcPayload;
    return RemoteMemcachedEngine.connect('memcached-server', 'managed', parseMemcachedUrl(url), resolveMcAdapterOptions(options));
  },
};
