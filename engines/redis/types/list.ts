/**
 * The list type: a deque of byte strings with O(1) push/pop at both ends and Redis's index
 * rules (negative indexes count from the tail). Keeps its memory estimate current.
 */
import { Deque } from '../structures/deque.js';
import { CONTAINER_OVERHEAD, ELEMENT_OVERHEAD, type MemoryCounter } from './kinds.js';

export class RedisList {
  readonly kind = 'list' as const;
  readonly items = new Deque();
  bytes = CONTAINER_OVERHEAD;

  constructor(private readonly mem: MemoryCounter) {
    mem.used += CONTAINER_OVERHEAD;
  }

  get length(): number {
    return this.items.length;
  }

  private grew(v: string): void {
    const d = ELEMENT_OVERHEAD + v.length;
    this.bytes += d;
    this.mem.used += d;
  }

  private shrank(v: string): void {
    const d = ELEMENT_OVERHEAD + v.length;
    this.bytes -= d;
    this.mem.used -= d;
  }

  push(v: string, head: boolean): void {
    if (head) this.items.pushFront(v);
    else this.items.pushBack(v);
    this.grew(v);
  }

  pop(head: boolean): string | undefined {
    const v = head ? this.items.popFront() : this.items.popBack();
    if (v !== undefined) this.shrank(v);
    return v;
  }

  /** Normalise a Redis index (negative from the tail); -1 when out of range. */
  index(i: number): number {
    const n = this.items.length;
    const k = i < 0 ? n + i : i;
    return k >= 0 && k < n ? k : -1;
  }

  at(i: number): string {
    return this.items.at(i);
  }

  set(i: number, v: string): void {
    const old = this.items.at(i);
    this.items.setAt(i, v);
    const d = v.length - old.length;
    this.bytes += d;
    this.mem.used += d;
  }

  insert(i: number, v: string): void {
    this.items.insertAt(i, v);
    this.grew(v);
  }

  /** Elements between Redis-style start and stop (inclusive, negative from tail). */
  range(start: number, stop: number): string[] {
    const n = this.items.length;
    if (start < 0) start = n + start;
    if (stop < 0) stop = n + stop;
    if (start < 0) start = 0;
    if (start > stop || start >= n) return [];
    if (stop >= n) stop = n - 1;
    return this.items.slice(start, stop);
  }

  /** Keep elements for which keep() is true; returns how many were removed. */
  filter(keep: (v: string, index: number) => boolean): number {
    const self = this;
    return this.items.filter((v, i) => {
      if (keep(v, i)) return true;
      self.shrank(v);
      return false;
    });
  }

  /** LTRIM semantics: keep [start, stop]. */
  trim(start: number, stop: number): void {
    const n = this.items.length;
    if (start < 0) start = n + start;
    if (stop < 0) stop = n + stop;
    if (start < 0) start = 0;
    let dropHead: number;
    let dropTail: number;
    if (start > stop || start >= n) {
      dropHead = n;
      dropTail = 0;
    } else {
      if (stop >= n) stop = n - 1;
      dropHead = start;
      dropTail = n - stop - 1;
    }
    for (let k = 0; k < dropHead; k++) this.pop(true);
    for (let k = 0; k < dropTail; k++) this.pop(false);
  }
}
