/**
 * The redis-style engine's own random choices (skiplist levels, eviction and RANDOMKEY
 * sampling, SRANDMEMBER / HRANDFIELD / SPOP picks), drawn from the project's seeded PRNG instead
 * of Math.random so that a run with a recorded seed makes the same choices again. Each engine
 * instance owns one (`RedisServer.random`): the factory seeds a load thread's engine from that
 * thread's engine stream and the engine thread of a multi-thread run from the run's shared
 * engine stream (`shared/stream-ids.ts`), so no engine shares or inherits another's sequence.
 */
import { Rng } from '../../shared/rng.js';
import { SEED_STREAM } from '../../shared/stream-ids.js';

/** Used when an engine is built without a run (unit tests, direct construction). */
export const DEFAULT_ENGINE_SEED = 0x5eed;

export class EngineRandom {
  /** A float in [0, 1) with 32 random bits; bound, so it can be handed on as a function. */
  readonly next: () => number;

  constructor(readonly seed: number = DEFAULT_ENGINE_SEED) {
    const rng = new Rng(seed, SEED_STREAM.redisStyleEngine); // a stream of its own, apart from the workload's
    this.next = () => rng.nextFast();
  }
}
