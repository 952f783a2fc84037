/**
 * The shape every key distribution shares: a generator of key indices. Each distribution is one
 * class in its own file (as YCSB's `generator/` package), built from the thread's `Rng`, and
 * `next()` is allocation-free so it can sit on the measured path.
 */

export interface KeyDistribution {
  /** The spec this distribution was built from, normalised (`zipfian:0.99`, `hotspot:0.2:0.8`). */
  readonly spec: string;
  /** Size of the key space the indices fall in. */
  readonly keyCount: number;
  /** The next key index, an integer in [0, keyCount). */
  next(): number;
}
