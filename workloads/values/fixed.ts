/** Every value the same length (memtier's `--data-size`, redis-benchmark's `-d`). */
import type { ValueSize } from './value-size.js';

export class FixedSize implements ValueSize {
  readonly spec: string;
  readonly min: number;
  readonly max: number;
  readonly mean: number;

  constructor(readonly length: number) {
    this.spec = String(length);
    this.min = this.max = this.mean = length;
  }

  next(): number {
    return this.length;
  }
}
