/** Lengths drawn uniformly from [min, max], both inclusive (memtier's `--data-size-range`). */
import type { Rng } from '../../shared/rng.js';
import type { ValueSize } from './value-size.js';

export class RangeSize implements ValueSize {
  readonly spec: string;
  readonly mean: number;
  private readonly span: number;

  constructor(
    readonly min: number,
    readonly max: number,
    private readonly rng: Rng,
  ) {
    this.spec = `${min}-${max}`;
    this.mean = (min + max) / 2;
    this.span = max - min + 1;
  }

  next(): number {
    return this.min + Math.floor(this.rng.nextFast() * this.span);
  }
}
