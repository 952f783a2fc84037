/**
 * Hotspot keys (YCSB's HotspotIntegerGenerator): the first `hotKeyFraction` of the key space
 * receives `hotOpFraction` of the operations, chosen uniformly inside it; the rest of the
 * operations go uniformly to the remaining (cold) keys.
 */
import type { Rng } from '../../shared/rng.js';
import type { KeyDistribution } from './key-distribution.js';

export class HotspotDistribution implements KeyDistribution {
  readonly spec: string;
  /** Number of hot keys: indices [0, hotKeys) are hot. At least 1, at most keyCount. */
  readonly hotKeys: number;
  private readonly coldKeys: number;

  constructor(
    readonly keyCount: number,
    readonly hotKeyFraction: number,
    readonly hotOpFraction: number,
    private readonly rng: Rng,
  ) {
    this.spec = `hotspot:${hotKeyFraction}:${hotOpFraction}`;
    this.hotKeys = Math.min(keyCount, Math.max(1, Math.round(keyCount * hotKeyFraction)));
    this.coldKeys = keyCount - this.hotKeys;
  }

  next(): number {
    const rng = this.rng;
    // With no cold keys left every operation is hot, whatever the op fraction says.
    if (this.coldKeys === 0 || rng.nextFast() < this.hotOpFraction) return Math.floor(rng.next() * this.hotKeys);
    return this.hotKeys + Math.floor(rng.next() * this.coldKeys);
  }
}
