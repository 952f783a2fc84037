/**
 * The redis-style engine's own random choices (skiplist levels, eviction and RANDOMKEY
 * sampling, SRANDMEMBER / HRANDFIELD / SPOP picks) drawn from the project's seeded PRNG instead
 * of Math.random, so a run with a recorded seed makes the same choices again. One stream per
 * thread (the engine is single-threaded); the factory reseeds it from the run's seed.
 */
import { Rng } from '../../shared/rng.js';
import { SEED_STREAM } from '../../shared/stream-ids.js';

/** Used until a run seeds it (unit tests, direct construction). */
const DEFAULT_SEED = 0x5eed;

let rng = new Rng(DEFAULT_SEED);

/** A float in [0, 1) with 32 random bits: enough for levels and picks among < 2^20 items. */
export function engineRandom(): number {
  return rng.nextFast();
}

export function seedEngineRandom(seed: number): void {
  rng = new Rng(seed, SEED_STREAM.redisStyleEngine); // a stream of its own, apart from the workload's
}
