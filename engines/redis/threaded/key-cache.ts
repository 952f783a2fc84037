/**
 * The engine thread's key strings: one stable string object per key it is asked about often,
 * so the keyspace's Map lookups find a string whose hash V8 has already cached and whose
 * stored key is the same object (a pointer compare) — as in-process, where the workload passes
 * the Map its own key objects. A key decoded from the ring is a fresh string every time: V8
 * hashes it and compares its bytes with the stored key's, which was 24–50% of the engine
 * thread's profile (engines/redis/README.md, "Through the engine thread").
 *
 * Two ways in, one set of objects:
 * - `keyAt(table, index)`: the lane ring's GET_LENGTH_AT / SET_AT carry a key as (prefix,
 *   index) (`KvLanes.getLengthAt`/`setAt`, the kv workload's keys); `table(prefix)` is the
 *   prefix's array of key strings by index, built on first use;
 * - `intern(key)`: a key decoded from bytes on a path that stores it (the slot path's SET and
 *   ADD: the workloads' preload) becomes the canonical object, so keys preloaded one way and
 *   read the other still meet as one object.
 * Exact for every key: a table entry is the string `prefix + index` and `intern` returns an
 * equal string; only which object holds those bytes changes. Memory is bounded: indexes at or
 * above MAX_INDEX and keys past MAX_INTERNED are built fresh each time (correct, only slower).
 */

/** Largest index kept in a prefix's table (the kv workload's key counts stay far below it). */
export const MAX_INDEX = 1 << 22;
/** Keys kept by `intern` (and tables) before new ones are no longer remembered. */
export const MAX_INTERNED = 1 << 20;
/** Distinct prefixes with a table; more are served by building each key. */
export const MAX_PREFIXES = 64;

export class KeyCache {
  private readonly canon = new Map<string, string>();
  private readonly tables = new Map<string, (string | undefined)[]>();

  /** The key table of `prefix`, or null when too many prefixes already have one. */
  table(prefix: string): (string | undefined)[] | null {
    let t = this.tables.get(prefix);
    if (t === undefined) {
      if (this.tables.size >= MAX_PREFIXES) return null;
      this.tables.set(prefix, (t = []));
    }
    return t;
  }

  /** The key `prefix + index` as its canonical string (`table` is `table(prefix)`, or null). */
  keyAt(table: (string | undefined)[] | null, prefix: string, index: number): string {
    if (table !== null && index < table.length) {
      const s = table[index];
      if (s !== undefined) return s;
    }
    const built = prefix + index;
    // A long concatenation is a rope; ToNumber flattens it once, here (the flatstr trick).
    if (built.length > 12) void ((built as unknown as number) | 0);
    const key = this.intern(built);
    if (table !== null && index < MAX_INDEX && this.canon.size < MAX_INTERNED) {
      // Grow densely (holes keep the array's fast elements; a far index would not).
      while (table.length <= index) table.push(undefined);
      table[index] = key;
    }
    return key;
  }

  /** The canonical string equal to `key` (itself the first time, while there is room). */
  intern(key: string): string {
    const had = this.canon.get(key);
    if (had !== undefined) return had;
    if (this.canon.size < MAX_INTERNED) this.canon.set(key, key);
    return key;
  }
}
