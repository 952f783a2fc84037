/**
 * YCSB record keys: record number n is named `prefix + fnvhash64(n)` (YCSB's default
 * insertorder=hashed), so consecutive inserts land far apart in any ordered index, or
 * `prefix + n` with insertorder=ordered (YCSB's zeropadding of 1: no padding). Names are
 * built once per record number and kept; the loaded records' names are built up front (in
 * record order, which keeps them cheap to reach at random), inserted ones as they come.
 */
import { fnvHash64Decimal } from '../distributions/fnv.js';

export class YcsbKeyNames {
  private readonly names: string[] = [];

  /**
   * @param prefix   text before the number
   * @param prebuilt record numbers [0, prebuilt) to name up front
   * @param ordered  name records by their number instead of its hash
   */
  constructor(
    private readonly prefix: string,
    prebuilt = 0,
    private readonly ordered = false,
  ) {
    for (let keynum = 0; keynum < prebuilt; keynum++) this.names.push(this.build(keynum));
  }

  /** The key of record number `keynum`. */
  at(keynum: number): string {
    const names = this.names;
    if (keynum < names.length) {
      const known = names[keynum]!;
      if (known.length > 0) return known;
    } else {
      // Grow with '' rather than holes, keeping the array packed.
      while (names.length <= keynum) names.push('');
    }
    return (names[keynum] = this.build(keynum));
  }

  private build(keynum: number): string {
    return this.prefix + (this.ordered ? String(keynum) : fnvHash64Decimal(keynum));
  }
}
