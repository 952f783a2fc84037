/**
 * The `latest` key distribution, YCSB's SkewedLatestGenerator: a zipfian over how long ago a
 * key was inserted, so the newest key is the most popular and popularity falls off with age.
 * Keys are taken as inserted in index order (index keyCount − 1 is the newest); a workload
 * that inserts calls `setKeyCount` after each insert and the popularity follows the new key.
 */
import type { Rng } from '../../shared/rng.js';
import type { KeyDistribution } from './key-distribution.js';
import { ZipfianGenerator } from './zipfian.js';

export class LatestDistribution implements KeyDistribution {
  readonly spec: string;
  private readonly ages: ZipfianGenerator;
  private count: number;

  constructor(keyCount: number, theta: number, rng: Rng) {
    this.spec = `latest:${theta}`;
    this.count = keyCount;
    this.ages = new ZipfianGenerator(keyCount, theta, rng);
  }

  get keyCount(): number {
    return this.count;
  }

  /** Tell the distribution the key space grew (or shrank): index `keyCount − 1` is now newest. */
  setKeyCount(keyCount: number): void {
    this.count = keyCount;
    this.ages.resize(keyCount);
  }

  next(): number {
    return this.count - 1 - this.ages.next();
  }
}
