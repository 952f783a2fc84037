/**
 * The shape every value-size generator shares: `next()` gives the byte length of the next
 * value written, allocation-free; `max` sizes the value pool the bytes are sliced from.
 */

export interface ValueSize {
  /** Canonical spec string (`100`, `64-1024`, `100:7,1000:2,10000:1`). */
  readonly spec: string;
  /** Smallest and largest length `next()` can return. */
  readonly min: number;
  readonly max: number;
  /** Expected length, for sizing reports and memory estimates. */
  readonly mean: number;
  next(): number;
}
