/**
 * A string-keyed Map that deletes by tombstone. V8's Map leaves a deleted entry in its bucket
 * chain until the table is next rebuilt, so deleting and re-adding the same key (a queue that
 * drains and refills, a lock taken and released, a counter that expires and comes back) makes
 * every lookup of that key walk a chain of its own dead copies — measured at tens of µs per
 * GET. Here a delete overwrites the value with `undefined` in place, a re-add overwrites it
 * again, and the table is rebuilt once tombstones outnumber live keys (amortised O(1)).
 * The API mirrors Map for the parts the keyspace uses; iteration skips tombstones.
 */

/** Tombstones tolerated before a rebuild is considered at all. */
const COMPACT_MIN = 1024;

export class KeyMap<V> {
  /**
   * The underlying Map (tombstones included). Read-only for hot paths that want one plain
   * `Map.get`; it is replaced on rebuild, so read it afresh each time. Writes go through `put`.
   */
  map = new Map<string, V | undefined>();
  private live = 0;

  get size(): number {
    return this.live;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.get(key) !== undefined;
  }

  set(key: string, value: V): this {
    const m = this.map;
    if (m.get(key) === undefined) this.live++;
    m.set(key, value);
    return this;
  }

  /**
   * `set` in one Map operation when there are no tombstones (a new entry then shows as a size
   * change); false, and nothing done, when there are some (the caller does it the long way).
   */
  trySetFast(key: string, value: V): boolean {
    const m = this.map;
    const before = m.size;
    if (before !== this.live) return false;
    m.set(key, value);
    if (m.size !== before) this.live++;
    return true;
  }

  /** `set` when the caller already knows whether the key was live (saves a lookup). */
  put(key: string, value: V, wasLive: boolean): void {
    if (!wasLive) this.live++;
    this.map.set(key, value);
  }

  delete(key: string): boolean {
    const m = this.map;
    if (m.get(key) === undefined) return false;
    m.set(key, undefined);
    this.live--;
    const dead = m.size - this.live;
    if (dead > COMPACT_MIN && dead > this.live) this.compact();
    return true;
  }

  clear(): void {
    this.map = new Map();
    this.live = 0;
  }

  private compact(): void {
    const next = new Map<string, V | undefined>();
    for (const [k, v] of this.map) if (v !== undefined) next.set(k, v);
    this.map = next;
  }

  *keys(): IterableIterator<string> {
    for (const [k, v] of this.map) if (v !== undefined) yield k;
  }

  *values(): IterableIterator<V> {
    for (const v of this.map.values()) if (v !== undefined) yield v;
  }

  *entries(): IterableIterator<[string, V]> {
    for (const [k, v] of this.map) if (v !== undefined) yield [k, v];
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }
}

/**
 * A string Set with the same tombstone deletes as `KeyMap` (SREM then SADD of one member in a
 * large set otherwise walks the member's dead copies on every lookup). Iterates members.
 */
export class KeySet {
  private readonly map = new KeyMap<true>();

  get size(): number {
    return this.map.size;
  }

  has(member: string): boolean {
    return this.map.map.get(member) !== undefined;
  }

  add(member: string): this {
    this.map.set(member, true);
    return this;
  }

  delete(member: string): boolean {
    return this.map.delete(member);
  }

  /** Call `f` for every member, fastest way through (no generator). */
  forEach(f: (member: string) => void): void {
    for (const [m, v] of this.map.map) if (v !== undefined) f(m);
  }

  /** Every member as an array (one native pass). */
  toArray(): string[] {
    const out: string[] = [];
    for (const [m, v] of this.map.map) if (v !== undefined) out.push(m);
    return out;
  }

  values(): IterableIterator<string> {
    return this.map.keys();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.map.keys();
  }
}
