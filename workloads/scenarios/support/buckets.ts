/**
 * Per-interval counters for domain curves (hit ratio from cold start to warm, queue depth over
 * time), on the run's time-series interval (`WorkloadContext.intervalMs`), so the curves line up
 * with the client's series. Buckets are indexed by whole intervals since the measured phase
 * began; arrays grow by doubling, so recording is an index and an add.
 */
import { performance } from 'node:perf_hooks';

/** x-axis title of every curve over time; reports know a time curve by it. */
export const TIME_AXIS = 'seconds';

/** Interval of a context that does not say (workloads driven outside the harness). */
export const DEFAULT_BUCKET_MS = 1000;

export class IntervalBuckets {
  private values: Float64Array = new Float64Array(64);
  private used = 0;
  constructor(
    private readonly startMs: number,
    private readonly intervalMs: number = DEFAULT_BUCKET_MS,
  ) {}

  /** Add `amount` to the current interval's bucket. */
  add(amount: number, nowMs: number = performance.now()): void {
    const index = Math.floor((nowMs - this.startMs) / this.intervalMs);
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

  /** Keep the maximum seen in the current interval (gauges such as queue depth). */
  max(value: number, nowMs: number = performance.now()): void {
    const index = Math.floor((nowMs - this.startMs) / this.intervalMs);
    if (index < 0) return;
    if (index >= this.values.length) this.add(0, nowMs);
    if (value > this.values[index]!) this.values[index] = value;
    if (index + 1 > this.used) this.used = index + 1;
  }

  /**
   * Points at the end of each interval (x = seconds since start, on the interval grid; the last
   * bucket may be partial, and reports drop it: see reports/charts/domain-series.ts).
   */
  points(): { x: number; y: number }[] {
    const out: { x: number; y: number }[] = [];
    for (let i = 0; i < this.used; i++) out.push({ x: Number((((i + 1) * this.intervalMs) / 1000).toFixed(3)), y: this.values[i]! });
    return out;
  }
}
