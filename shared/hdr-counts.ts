/**
 * The hot half of an HDR histogram: counts in a plain `Float64Array` indexed exactly as
 * hdr-histogram-js indexes the histograms of `histogram.ts` (1 ns lowest discernible value,
 * 3 significant digits, one hour highest trackable), so recording is an index computation and
 * one increment in JS — no call into WebAssembly per value. `drainInto` adds the counts to real
 * histograms (once per interval, not per operation) and resets; the histograms then encode
 * byte for byte as if every value had been recorded into them directly
 * (`test/shared/hdr-counts.test.ts`).
 *
 * Measured (`node dist/bench/overhead.js`): one WASM `recordValue` ~15 ns on a quiet machine,
 * and the recorder made two per operation (kind and interval histogram).
 */
import { HIGHEST_TRACKABLE_NS, type Histogram } from './histogram.js';

// hdr-histogram's layout for 3 significant digits and unit magnitude 0: sub-buckets of 2048
// values, the upper 1024 of each bucket stored (the lower half overlaps the bucket below).
const SUB_BUCKET_HALF_MAGNITUDE = 10;
const SUB_BUCKET_HALF = 1 << SUB_BUCKET_HALF_MAGNITUDE;
const SUB_BUCKET_MASK = 2 * SUB_BUCKET_HALF - 1;

/** Buckets needed to reach HIGHEST_TRACKABLE_NS (hdr's `getBucketsNeededToCoverValue`). */
function bucketsNeeded(highest: number): number {
  let untrackable = 2 * SUB_BUCKET_HALF;
  let buckets = 1;
  while (untrackable <= highest) {
    untrackable *= 2;
    buckets++;
  }
  return buckets;
}

const COUNTS_LENGTH = (bucketsNeeded(HIGHEST_TRACKABLE_NS) + 1) * SUB_BUCKET_HALF;
const TWO_POW_32 = 4294967296;

/** hdr's counts index of an integer value in [0, HIGHEST_TRACKABLE_NS]. */
export function hdrIndexOf(value: number): number {
  if (value < 0x80000000) {
    // 64 - clz64(v | mask) - 11, with the high word zero.
    const bucket = 21 - Math.clz32(value | SUB_BUCKET_MASK);
    return ((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + ((value >>> bucket) - SUB_BUCKET_HALF);
  }
  const high = Math.floor(value / TWO_POW_32);
  const log2 = high > 0 ? 63 - Math.clz32(high) : 31;
  const bucket = log2 - SUB_BUCKET_HALF_MAGNITUDE;
  const sub = Math.floor(value / 2 ** bucket);
  return (bucket + 1) * SUB_BUCKET_HALF + (sub - SUB_BUCKET_HALF);
}

/** The lowest value counted at `index` (hdr's `valueFromIndex`). */
export function hdrValueAt(index: number): number {
  let bucket = Math.floor(index / SUB_BUCKET_HALF) - 1;
  let sub = (index % SUB_BUCKET_HALF) + SUB_BUCKET_HALF;
  if (bucket < 0) {
    sub -= SUB_BUCKET_HALF;
    bucket = 0;
  }
  return sub * 2 ** bucket;
}

export class HdrCounts {
  private readonly counts = new Float64Array(COUNTS_LENGTH);
  /** Lowest and highest index counted since the last drain (the drain scans only between). */
  private low = COUNTS_LENGTH;
  private high = -1;

  /** Values recorded since the last drain. */
  total = 0;

  /** Records a latency in ns (rounded and clamped like `recordNs`). */
  record(ns: number): void {
    const i = hdrIndexOf(ns <= 0 ? 0 : ns >= HIGHEST_TRACKABLE_NS ? HIGHEST_TRACKABLE_NS : Math.round(ns));
    this.counts[i]!++;
    this.total++;
    if (i < this.low) this.low = i;
    if (i > this.high) this.high = i;
  }

  /** Adds every count to each histogram given, then resets to empty. */
  drainInto(a: Histogram, b?: Histogram): void {
    const counts = this.counts;
    for (let i = this.low; i <= this.high; i++) {
      const n = counts[i]!;
      if (n === 0) continue;
      const value = hdrValueAt(i);
      a.recordValueWithCount(value, n);
      b?.recordValueWithCount(value, n);
      counts[i] = 0;
    }
    this.low = COUNTS_LENGTH;
    this.high = -1;
    this.total = 0;
  }
}
