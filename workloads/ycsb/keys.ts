/**
 * YCSB record keys: record number n is named `prefix + fnvhash64(n)` (YCSB's default
 * insertorder=hashed), so consecutive inserts land far apart in any ordered index. Names are
 * built once per record number (the hash is a BigInt computation) and kept; the cache grows
 * with inserts.
 */
import { fnvHash64 } from '../distributions/fnv.js';

export class YcsbKeyNames {
  private readonly names: string[] = [];

  constructor(private readonly prefix: string) {}

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
    return (names[keynum] = this.prefix + fnvHash64(keynum).toString());
  }
}
