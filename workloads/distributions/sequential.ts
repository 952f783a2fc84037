/**
 * Sequential keys: first, first+1, … wrapping within a slice of the key space (memtier's `S`
 * pattern and YCSB's `sequential` over the whole space; memtier's `P` over a thread's slice).
 */
import type { KeyDistribution } from './key-distribution.js';

export class SequentialDistribution implements KeyDistribution {
  readonly spec: string;
  private readonly first: number;
  private readonly end: number;
  private cursor: number;

  /**
   * @param keyCount the key space
   * @param first    the first index returned; the walk wraps back to it
   * @param count    how many indices the walk covers (default: from `first` to the end)
   */
  constructor(
    readonly keyCount: number,
    first = 0,
    count = keyCount - first,
    spec = 'sequential',
  ) {
    if (first < 0 || count < 1 || first + count > keyCount) {
      throw new RangeError(`sequential slice [${first}, ${first + count}) is outside [0, ${keyCount})`);
    }
    this.spec = spec;
    this.first = first;
    this.end = first + count;
    this.cursor = first;
  }

  next(): number {
    const index = this.cursor;
    this.cursor = index + 1 === this.end ? this.first : index + 1;
    return index;
  }
}
