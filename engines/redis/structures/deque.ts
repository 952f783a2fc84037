/**
 * A growable ring buffer of byte strings: O(1) push and pop at both ends, O(1) indexing, used
 * as the list type's storage (Redis uses a quicklist; the observable behaviour is the same).
 */
export class Deque {
  private items: (string | undefined)[];
  private head = 0;
  private count = 0;
  private mask: number;

  constructor(capacity = 8) {
    let cap = 8;
    while (cap < capacity) cap <<= 1;
    this.items = new Array<string | undefined>(cap);
    this.mask = cap - 1;
  }

  get length(): number {
    return this.count;
  }

  private grow(): void {
    const old = this.items;
    const cap = old.length * 2;
    const next = new Array<string | undefined>(cap);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & this.mask];
    this.items = next;
    this.head = 0;
    this.mask = cap - 1;
  }

  pushBack(v: string): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & this.mask] = v;
    this.count++;
  }

  pushFront(v: string): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.items[this.head] = v;
    this.count++;
  }

  popFront(): string | undefined {
    if (this.count === 0) return undefined;
    const v = this.items[this.head];
    this.items[this.head] = undefined; // let the string be collected
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return v;
  }

  popBack(): string | undefined {
    if (this.count === 0) return undefined;
    const i = (this.head + this.count - 1) & this.mask;
    const v = this.items[i];
    this.items[i] = undefined;
    this.count--;
    return v;
  }

  /** Element at a 0-based index; the caller checks bounds. */
  at(i: number): string {
    return this.items[(this.head + i) & this.mask]!;
  }

  setAt(i: number, v: string): void {
    this.items[(this.head + i) & this.mask] = v;
  }

  /** Elements [start, end] inclusive, already clamped by the caller. */
  slice(start: number, end: number): string[] {
    const out = new Array<string>(end - start + 1);
    for (let i = start; i <= end; i++) out[i - start] = this.items[(this.head + i) & this.mask]!;
    return out;
  }

  /** Insert before index i (0 ≤ i ≤ length), shifting the shorter side. */
  insertAt(i: number, v: string): void {
    if (i === 0) return this.pushFront(v);
    if (i === this.count) return this.pushBack(v);
    if (this.count === this.items.length) this.grow();
    if (i < this.count / 2) {
      this.head = (this.head - 1) & this.mask;
      for (let k = 0; k < i; k++) this.setAt(k, this.at(k + 1));
    } else {
      for (let k = this.count; k > i; k--) this.items[(this.head + k) & this.mask] = this.at(k - 1);
    }
    this.count++;
    this.setAt(i, v);
  }

  /** Keep only the elements for which `keep` returns true, in order; returns how many went. */
  filter(keep: (v: string, index: number) => boolean): number {
    let w = 0;
    const n = this.count;
    for (let r = 0; r < n; r++) {
      const v = this.at(r);
      if (keep(v, r)) {
        if (w !== r) this.setAt(w, v);
        w++;
      }
    }
    for (let k = w; k < n; k++) this.items[(this.head + k) & this.mask] = undefined;
    this.count = w;
    return n - w;
  }

  /** Drop `n` elements from the front. */
  dropFront(n: number): void {
    for (let k = 0; k < n; k++) this.popFront();
  }

  /** Drop `n` elements from the back. */
  dropBack(n: number): void {
    for (let k = 0; k < n; k++) this.popBack();
  }

  toArray(): string[] {
    return this.count === 0 ? [] : this.slice(0, this.count - 1);
  }
}
