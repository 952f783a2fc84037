/**
 * Gaussian keys (memtier's `G` pattern): indices normally distributed around `mean × keyCount`
 * with standard deviation `stddev × keyCount`, clamped into [0, keyCount). Clamping piles the
 * tails onto the first and last key, which a wide stddev makes visible; memtier clamps too.
 */
import type { Rng } from '../../shared/rng.js';
import type { KeyDistribution } from './key-distribution.js';

export class GaussianDistribution implements KeyDistribution {
  readonly spec: string;
  private readonly meanIndex: number;
  private readonly stddevKeys: number;
  private readonly last: number;

  /**
   * @param mean   centre as a fraction of the key space (0.5 = the middle key)
   * @param stddev standard deviation as a fraction of the key space (memtier's default is 1/6)
   */
  constructor(
    readonly keyCount: number,
    readonly mean: number,
    readonly stddev: number,
    private readonly rng: Rng,
  ) {
    this.spec = `gaussian:${mean}:${stddev}`;
    // Index i stands for the interval [i, i+1) of the key space, so flooring a draw centred on
    // mean×keyCount puts the mass where the fraction says.
    this.meanIndex = mean * keyCount;
    this.stddevKeys = stddev * keyCount;
    this.last = keyCount - 1;
  }

  /** Box–Muller makes deviates in pairs; the second waits here for the next call. */
  private spare = 0;
  private hasSpare = false;

  next(): number {
    let z: number;
    if (this.hasSpare) {
      z = this.spare;
      this.hasSpare = false;
    } else {
      const rng = this.rng;
      let u = rng.next();
      while (u === 0) u = rng.next();
      const radius = Math.sqrt(-2 * Math.log(u));
      const angle = 2 * Math.PI * rng.next();
      z = radius * Math.cos(angle);
      this.spare = radius * Math.sin(angle);
      this.hasSpare = true;
    }
    const index = Math.floor(this.meanIndex + z * this.stddevKeys);
    return index < 0 ? 0 : index > this.last ? this.last : index;
  }
}
