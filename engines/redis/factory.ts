/**
 * The `redis-style` factory: how the harness builds this engine in each load thread.
 *
 * - One load thread (`thread.count === 1`): `create` builds the engine right here and every
 *   call is a direct synchronous method call (no channel, no copying).
 * - Several load threads: `prepareShared` starts the engine on its own worker thread and
 *   hands every thread the request channel (SharedArrayBuffer rings + Atomics.wait/notify);
 *   `create` returns a client of that channel. One thread executes every command, so
 *   `--threads N` shows the single-threaded ceiling honestly.
 * `prepareShared` cannot know the thread count (the harness calls it first), so it only
 * allocates the channel; the engine thread starts when the first load thread connects (the
 * idle main thread answers that request), so a single-thread run never starts one.
 * Option `threaded: true` forces the channel even for one thread (to measure its cost).
 *
 * Persistence (`persistence=rdb|aof|rdb+aof`, `appendfsync`, `save-every-sec`, `dir`; see
 * persistence/engine-options.ts) wraps the engine with `withPersistence` wherever it runs, so
 * its cost is part of the measured latency as in Redis: in the load thread for one thread, in
 * the engine thread for several (prepareShared hands it the choice; the engine thread closes
 * the files when `release` stops it).
 */
import type { EngineFactory, EngineOption, SharedContext, SharedEngineHandle, ThreadContext, Engine } from '../types.js';
import { BOOLEAN_VALUES, optionNames, range, unknownOption } from '../engine-options.js';
import { DEFAULT_CONFIG, SETTINGS, resolveConfig } from './config.js';
import { CAPABILITIES, ENGINE_NAME, RedisStyleEngine } from './engine.js';
import { connectChannelEngine, startEngineThread, type ChannelPayload } from './threaded/host.js';
import { SLOTS } from './threaded/layout.js';
import { channelOptions, DEFAULT_ENGINE_NICE, DEFAULT_ENGINE_SPIN_US, DEFAULT_LANE_SPIN_US, MAX_SPIN_US } from './threaded/channel-options.js';
import { PERSISTENCE_OPTIONS, persistenceOptionsFor, splitPersistenceOptions } from './persistence/engine-options.js';
import { withPersistence } from './persistence/persistent-engine.js';

/** The engine's options: its settings (config.ts), the engine-thread channel's (threaded/channel-options.ts), and persistence. */
export const REDIS_STYLE_OPTIONS: readonly EngineOption[] = [
  ...[...SETTINGS.values()].map((st) => ({
    name: st.name,
    values: st.values,
    default: String(DEFAULT_CONFIG[st.name]),
    doc: `${st.doc}${st.mutable ? ' (CONFIG SET too)' : ''}`,
    example: st.example,
  })),
  { name: 'threaded', values: BOOLEAN_VALUES, default: 'false (true with --threads > 1)', doc: 'run the engine on its own thread behind the request channel even for one load thread', example: 'true' },
  { name: 'engine-spin-us', values: range(0, MAX_SPIN_US), default: String(DEFAULT_ENGINE_SPIN_US), doc: "the idle engine thread's longest poll before it sleeps, while a lane client runs, µs", example: '0' },
  { name: 'lane-spin-us', values: range(0, MAX_SPIN_US), default: String(DEFAULT_LANE_SPIN_US), doc: "a lane client's longest poll for replies (while the engine thread is awake) before it sleeps, µs", example: '0' },
  { name: 'engine-nice', values: range(-20, 19), default: String(DEFAULT_ENGINE_NICE), doc: "the engine thread's nice value (a server's priority over its load threads; below the process's needs CAP_SYS_NICE, else it is kept and said)", example: '0' },
  ...PERSISTENCE_OPTIONS,
];

/** Unknown names first, so the message lists every option (settings, threaded, persistence). */
function checkNames(options: Record<string, unknown>): void {
  const key = unknownOption(options, REDIS_STYLE_OPTIONS);
  if (key !== undefined) throw new Error(`redis-style option '${key}' is unknown; allowed: ${optionNames(REDIS_STYLE_OPTIONS).join(', ')}`);
}

function wantsChannel(options: Record<string, unknown>, thread: ThreadContext): boolean {
  return thread.count > 1 || channelOptions(options).threaded;
}

export const redisStyleFactory: EngineFactory = {
  name: ENGINE_NAME,
  family: 'redis',
  location: 'in-process',
  description: 'single-threaded Redis 7 semantics in process (strings, lists, sets, sorted sets, hashes, pub/sub, blocking, MULTI)',
  capabilities: CAPABILITIES,
  options: REDIS_STYLE_OPTIONS,
  // Each load thread claims one session slot of the engine thread's channel.
  maxThreads: SLOTS,
  validateOptions(options: Record<string, unknown>): void {
    checkNames(options);
    const { engineOptions } = splitPersistenceOptions(options);
    resolveConfig(engineOptions);
    channelOptions(engineOptions);
  },
  async prepareShared(options: Record<string, unknown>, run: SharedContext): Promise<SharedEngineHandle> {
    checkNames(options);
    const { engineOptions, persistence } = splitPersistenceOptions(options);
    const config = resolveConfig(engineOptions);
    const channel = channelOptions(engineOptions);
    // The channel is only used with several load threads (or threaded=true): start the engine
    // thread eagerly for threaded=true, otherwise when the first load thread connects. It makes
    // its own (temp) data directory, so a run that never starts it leaves nothing behind.
    const host = await startEngineThread(config, {
      eager: channel.threaded,
      persistence,
      seed: run.seed,
      workerUrl: run.workerUrl,
      engineSpinUs: channel.engineSpinUs,
      laneSpinUs: channel.laneSpinUs,
      engineNice: channel.engineNice,
    });
    return {
      payload: host.payload,
      release: () => host.stop(),
      // The engine thread's seed (from the run's): recorded, so its random choices can be repeated.
      facts: { maxmemory: config.maxmemory, maxmemoryPolicy: config['maxmemory-policy'], engineThreadSeed: run.seed, engineThreadNiceAsked: channel.engineNice },
    };
  },
  async create(options: Record<string, unknown>, shared: SharedEngineHandle | undefined, thread: ThreadContext): Promise<Engine> {
    checkNames(options);
    const { engineOptions, persistence } = splitPersistenceOptions(options);
    const config = resolveConfig(engineOptions);
    if (!wantsChannel(engineOptions, thread)) {
      const engine = new RedisStyleEngine(config, thread.seed);
      return persistence === null ? engine : withPersistence(engine, persistenceOptionsFor(persistence));
    }
    if (shared === undefined) {
      throw new Error('redis-style: several load threads need the engine thread started by prepareShared');
    }
    return connectChannelEngine(shared.payload as ChannelPayload);
  },
};
