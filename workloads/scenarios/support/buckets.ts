/**
 * Per-second counters for domain curves (hit ratio from cold start to warm, queue depth over
 * time). Buckets are indexed by whole seconds since the instance's first operation; arrays
 * grow by doubling, so recording is an index and an add.
 */
import { performance } from 'node:perf_hooks';

export class SecondBuckets {
  private values: Float64Array = new Float64Array(64);
  private used = 0;
  constructor(private readonly startMs: number) {}

  /** Add `amount` to the current second's bucket. */
  add(amount: number, nowMs: number = performance.now()): void {
    const index = Math.floor((nowMs - this.startMs) / 1000);
    if (index < 0) return;
    if (index >= this.values.length) {
      let size = this.values.length * 2;
      while (size <= index) size *= 2;
      const grown = new Float64Array(size);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index]! += amount;
    if (index + 1 > this.used) this.used = index + 1;
  }

  /** Keep the maximum seen in the current second (gauges such as queue depth). */
  max(value: number, nowMs: number = performance.now()): void {
    const index = Math.floor((nowMs - this.startMs) / 1000);
    if (index < 0) return;
    if (index >= this.values.length) this.add(0, nowMs);
    if (value > this.values[index]!) this.values[index] = value;
    if (index + 1 > this.used) this.used = index + 1;
  }

  /** Points at the end of each second (x = seconds since start). */
  points(): { x: number; y: number }[] {
    const out: { x: number; y: number }[] = [];
    for (let i = 0; i < this.used; i++) out.push({ x: i + 1, y: this.values[i]! });
    return out;
  }
}
