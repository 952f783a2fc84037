/**
 * Lengths from a weighted list (memtier's `--data-size-list 100:7,1000:2,10000:1`): each
 * length is chosen with probability weight / total. The cumulative table is searched linearly —
 * lists are a handful of entries, and a scan of a few numbers beats anything cleverer.
 */
import type { Rng } from '../../shared/rng.js';
import type { ValueSize } from './value-size.js';

export interface WeightedLength {
  readonly length: number;
  readonly weight: number;
}

export class WeightedSize implements ValueSize {
  readonly spec: string;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  private readonly lengths: Float64Array;
  /** Cumulative probabilities; the last entry is exactly 1. */
  private readonly cumulative: Float64Array;

  constructor(
    readonly entries: readonly WeightedLength[],
    private readonly rng: Rng,
  ) {
    if (entries.length === 0) throw new RangeError('a weighted size list needs at least one entry');
    this.spec = entries.map((e) => `${e.length}:${e.weight}`).join(',');
    const total = entries.reduce((sum, e) => sum + e.weight, 0);
    this.lengths = Float64Array.from(entries, (e) => e.length);
    this.cumulative = new Float64Array(entries.length);
    let running = 0;
    for (let i = 0; i < entries.length; i++) {
      running += entries[i]!.weight;
      this.cumulative[i] = running / total;
    }
    this.cumulative[entries.length - 1] = 1;
    this.min = Math.min(...this.lengths);
    this.max = Math.max(...this.lengths);
    this.mean = entries.reduce((sum, e) => sum + (e.length * e.weight) / total, 0);
  }

  next(): number {
    const u = this.rng.nextFast();
    const cumulative = this.cumulative;
    let i = 0;
    while (u >= cumulative[i]!) i++;
    return this.lengths[i]!;
  }
}
