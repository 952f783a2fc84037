/**
 * Walker's alias method (Vose's construction): after O(n) set-up, any fixed discrete law over
 * n outcomes is sampled in O(1) with two 32-bit draws, one table read and one comparison — no
 * logarithm, no power, no search. The zipfian key distribution uses it to draw keys straight
 * from their precomputed probabilities (scrambled-zipfian-law.ts).
 *
 * Each column holds [threshold, alias] side by side in one Uint32Array, so a draw touches one
 * cache line: the column is kept when the second draw is below `threshold` (its share of the
 * column scaled to 2^32), otherwise `alias` is returned.
 *
 * Why 32-bit draws are enough: the column comes from ⌊u·n/2^32⌋, which gives some columns one
 * more of the 2^32 draw values than others — a relative error of at most n/2^32 in a column's
 * weight (5·10^-4 at the 2^21-outcome limit below), and the threshold is rounded to 2^-32 of a
 * column. Seeing an error of 5·10^-4 on one key takes ~10^7 draws *of that key*; no benchmark
 * run comes near, and nextU32 is a quarter the cost of a 53-bit draw.
 */
import type { Rng } from '../../shared/rng.js';

/** Most outcomes a table may have: keeps u·n exact in a double and the table at ≤ 16 MiB. */
export const ALIAS_TABLE_LIMIT = 2 ** 21;

const TWO_POW_32 = 4294967296;

export class AliasTable {
  /** [threshold, alias] per column, interleaved. */
  private readonly cells: Uint32Array;
  /** n / 2^32: ⌊u32 × this⌋ is a uniform column. */
  private readonly columnScale: number;

  /**
   * @param weights non-negative, finite, not all zero; need not sum to 1. Length 1 … ALIAS_TABLE_LIMIT.
   */
  constructor(weights: Float64Array) {
    const n = weights.length;
    if (n < 1 || n > ALIAS_TABLE_LIMIT) throw new RangeError(`alias table size must be in [1, ${ALIAS_TABLE_LIMIT}], got ${n}`);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0 && w < Infinity)) throw new RangeError(`alias table weight ${i} must be finite and non-negative, got ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('alias table weights must not all be zero');

    this.cells = new Uint32Array(2 * n);
    this.columnScale = n / TWO_POW_32;
    // Vose: scaled[i] = weight × n / total, so an even share is 1. Columns below 1 ("small") are
    // topped up by one above 1 ("large"), which then loses that much; each column ends with at
    // most two outcomes.
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let smallCount = 0;
    let largeCount = 0;
    for (let i = 0; i < n; i++) {
      const s = (weights[i]! * n) / total;
      scaled[i] = s;
      if (s < 1) small[smallCount++] = i;
      else large[largeCount++] = i;
    }
    while (smallCount > 0 && largeCount > 0) {
      const lesser = small[--smallCount]!;
      const greater = large[largeCount - 1]!;
      this.setColumn(lesser, scaled[lesser]!, greater);
      const left = scaled[greater]! + scaled[lesser]! - 1;
      scaled[greater] = left;
      if (left < 1) {
        largeCount--;
        small[smallCount++] = greater;
      }
    }
    // What remains is 1 up to rounding error: those columns always keep their own outcome.
    while (largeCount > 0) this.setColumn(large[--largeCount]!, 1, large[largeCount]!);
    while (smallCount > 0) this.setColumn(small[--smallCount]!, 1, small[smallCount]!);
  }

  /** Number of outcomes. */
  get size(): number {
    return this.cells.length >>> 1;
  }

  /** Probability of `outcome` as the table stores it (for tests: the law it actually samples). */
  probability(outcome: number): number {
    const n = this.size;
    let p = 0;
    for (let column = 0; column < n; column++) {
      const keep = this.cells[2 * column]! / TWO_POW_32;
      if (column === outcome) p += keep;
      if (this.cells[2 * column + 1] === outcome) p += 1 - keep;
    }
    return p / n;
  }

  /** An outcome in [0, size), drawn with probability weight / total. */
  sample(rng: Rng): number {
    const slot = Math.floor(rng.nextU32() * this.columnScale) << 1;
    return rng.nextU32() < this.cells[slot]! ? slot >>> 1 : this.cells[slot + 1]!;
  }

  private setColumn(column: number, keep: number, alias: number): void {
    // keep = 1 would be 2^32, one past Uint32's range; 2^32 − 1 with alias = the column itself
    // (or a column whose alias gets 2^-32) is the same law to within a draw that never shows.
    this.cells[2 * column] = Math.min(TWO_POW_32 - 1, Math.round(keep * TWO_POW_32));
    this.cells[2 * column + 1] = alias;
  }
}
