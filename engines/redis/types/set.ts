/**
 * The set type: members in a tombstone-deleting string set (Redis's member order is unspecified;
 * intsets happen to be sorted, which callers must not rely on). Keeps its memory estimate current.
 */
import { KeySet } from '../structures/key-map.js';
import { CONTAINER_OVERHEAD, ELEMENT_OVERHEAD, type MemoryCounter } from './kinds.js';

export class RedisSet {
  readonly kind = 'set' as const;
  readonly members = new KeySet();
  bytes = CONTAINER_OVERHEAD;

  constructor(private readonly mem: MemoryCounter) {
    mem.used += CONTAINER_OVERHEAD;
  }

  get size(): number {
    return this.members.size;
  }

  has(m: string): boolean {
    return this.members.has(m);
  }

  /** True when the member was new. */
  add(m: string): boolean {
    if (this.members.has(m)) return false;
    this.members.add(m);
    const delta = ELEMENT_OVERHEAD + m.length;
    this.bytes += delta;
    this.mem.used += delta;
    return true;
  }

  delete(m: string): boolean {
    if (!this.members.delete(m)) return false;
    const delta = ELEMENT_OVERHEAD + m.length;
    this.bytes -= delta;
    this.mem.used -= delta;
    return true;
  }

  /** A uniformly random member (O(n) walk; Redis's is O(1) on a hash table). */
  random(rand: () => number): string | undefined {
    const n = this.members.size;
    if (n === 0) return undefined;
    let k = Math.floor(rand() * n);
    for (const m of this.members) {
      if (k-- === 0) return m;
    }
    return undefined;
  }
}
