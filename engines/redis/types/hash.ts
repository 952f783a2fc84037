/**
 * The hash type: field → value in a tombstone-deleting map (see structures/key-map.ts; Redis's
 * field order is unspecified, so callers must not rely on it). Keeps its memory estimate current.
 */
import { KeyMap } from '../structures/key-map.js';
import { CONTAINER_OVERHEAD, ELEMENT_OVERHEAD, type MemoryCounter } from './kinds.js';

export class RedisHash {
  readonly kind = 'hash' as const;
  readonly fields = new KeyMap<string>();
  bytes = CONTAINER_OVERHEAD;

  constructor(private readonly mem: MemoryCounter) {
    mem.used += CONTAINER_OVERHEAD;
  }

  get size(): number {
    return this.fields.size;
  }

  get(field: string): string | undefined {
    return this.fields.get(field);
  }

  /** Set a field; true when it was new. */
  set(field: string, value: string): boolean {
    const old = this.fields.get(field);
    this.fields.set(field, value);
    let delta: number;
    if (old === undefined) delta = ELEMENT_OVERHEAD + field.length + value.length;
    else delta = value.length - old.length;
    this.bytes += delta;
    this.mem.used += delta;
    return old === undefined;
  }

  delete(field: string): boolean {
    const old = this.fields.get(field);
    if (old === undefined) return false;
    this.fields.delete(field);
    const delta = ELEMENT_OVERHEAD + field.length + old.length;
    this.bytes -= delta;
    this.mem.used -= delta;
    return true;
  }
}
