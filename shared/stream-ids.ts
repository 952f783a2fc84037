/**
 * Every named random stream in cachebench, in one table beside the RNG (`rng.ts`). A stream id
 * picks an independent sequence from one seed: `new Rng(seed, id)` for a stream of the seed
 * itself, `rng.fork(id)` for a sub-stream of a stream. The numbers are part of what a recorded
 * seed means — change one and the same seed makes different choices — so they are fixed here,
 * never written inline, and two uses never share a number within one parent stream.
 */

/** Streams forked from the run's seed, then per thread (`.fork(threadIndex)`). */
export const RUN_STREAM = {
  /** Each thread's workload: operation choice, keys, values. */
  workload: 1,
  /** Open-loop intended send times (apart from op choice, so arrivals never change the ops). */
  arrivals: 2,
  /** Each thread's engine instance (`.fork(threadIndex)`). */
  engine: 3,
  /** `cachebench http`: the request mix's route order and ids (one stream, autocannon in one thread). */
  http: 4,
  /** Engine state every thread shares: the redis-style engine thread of a multi-thread run. */
  sharedEngine: 5,
} as const;

/** Sub-streams of the `http` stream. */
export const HTTP_STREAM = {
  users: 1,
  players: 2,
  accounts: 3,
  routeSequence: 4,
} as const;

/** Sub-streams of a kv workload thread's stream. */
export const KV_STREAM = {
  op: 1,
  setKeys: 2,
  getKeys: 3,
  sizes: 4,
  pool: 5,
  preload: 6,
  /** Byte offsets into the value pool during preload (was written `preload + 100`). */
  preloadOffsets: 106,
} as const;

/** Sub-streams of a YCSB workload thread's stream. */
export const YCSB_STREAM = {
  op: 1,
  keys: 2,
  fields: 3,
  fieldLengths: 4,
  pool: 5,
  scanLengths: 6,
  preload: 7,
  check: 8,
  /** Field bytes during the load phase (was written `preload + 100`). */
  preloadPool: 107,
} as const;

/**
 * Streams of the run's seed itself (not of a thread's stream): data every thread must build
 * identically, such as a scenario's starting graph or table.
 */
export const SEED_STREAM = {
  timelineFollowers: 0x71e1,
  cacheAsideRows: 0xca5e,
  socialGraphFriends: 0x50c1a1,
  durabilityValues: 0x0d0e,
  /** The redis-style engine's own picks (skiplist levels, eviction sampling, SRANDMEMBER…). */
  redisStyleEngine: 0x72656469,
} as const;

/** Sub-streams of a scenario thread's stream. */
export const SCENARIO_STREAM = {
  hashObjectsPreload: 0x4a54,
} as const;
