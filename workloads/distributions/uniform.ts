/**
 * Uniform key choice: every index in [0, keyCount) equally likely (memtier's `R` pattern,
 * YCSB's `uniform` request distribution).
 */
import type { Rng } from '../../shared/rng.js';
import type { KeyDistribution } from './key-distribution.js';

export class UniformDistribution implements KeyDistribution {
  readonly spec = 'uniform';

  constructor(
    readonly keyCount: number,
    private readonly rng: Rng,
  ) {}

  next(): number {
    // 32 random bits are plenty below 2^20 keys; larger spaces need the 53-bit draw to reach every index.
    return this.keyCount <= 1048576 ? Math.floor(this.rng.nextFast() * this.keyCount) : this.rng.int(this.keyCount);
  }
}
