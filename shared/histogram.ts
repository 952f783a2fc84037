/**
 * HDR histogram configuration and conversions, in one place: every latency in cachebench is
 * recorded in integer **nanoseconds**, 3 significant digits, from 1 ns up to one hour (so a
 * 60 s stall is recorded, not clipped), using hdr-histogram-js's WebAssembly build (measured
 * ~6x cheaper per record than its JS build on this machine, 14.5 vs 88.5 ns: `node dist/bench/overhead.js`).
 * Histograms cross threads and files as compressed base64 and merge exactly.
 */
import * as hdr from 'hdr-histogram-js';
import { PERCENTILES, type LatencySummary, type PercentileKey } from './result-types.js';

export type Histogram = hdr.Histogram;

/** One hour in ns: the largest value a histogram tracks; larger values are clamped to it. */
export const HIGHEST_TRACKABLE_NS = 3_600_000_000_000;
export const SIGNIFICANT_DIGITS = 3;

let wasmReady = false;

/** Load the WebAssembly build once per thread; call before `newHistogram`. */
export async function initHistograms(): Promise<void> {
  if (wasmReady) return;
  await hdr.initWebAssembly();
  wasmReady = true;
}

/** A fresh histogram (WASM when initialised, JS otherwise). WASM ones must be `destroy()`ed. */
export function newHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 64,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_NS,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: wasmReady,
  });
}

/** Record a latency in ns (fractional and out-of-range values are rounded and clamped). */
export function recordNs(h: Histogram, ns: number): void {
  h.recordValue(ns <= 0 ? 0 : ns >= HIGHEST_TRACKABLE_NS ? HIGHEST_TRACKABLE_NS : Math.round(ns));
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** Decode a histogram written by `encodeHistogram` (any thread, any file). */
export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 64, wasmReady);
}

/** Merge encoded histograms into one summary; exact, because HDR buckets add. */
export function mergeEncoded(encoded: readonly string[]): LatencySummary {
  const total = newHistogram();
  for (const e of encoded) {
    const h = decodeHistogram(e);
    total.add(h);
    h.destroy();
  }
  const summary = summarizeHistogram(total);
  total.destroy();
  return summary;
}

/** The result-file form of a histogram: percentile table, moments, and the encoded histogram. */
export function summarizeHistogram(h: Histogram): LatencySummary {
  const count = h.totalCount;
  const percentiles = {} as Record<PercentileKey, number>;
  for (const [key, p] of PERCENTILES) percentiles[key] = count === 0 ? 0 : h.getValueAtPercentile(p);
  return {
    unit: 'ns',
    count,
    min: count === 0 ? 0 : h.minNonZeroValue,
    mean: count === 0 ? 0 : h.mean,
    stdev: count === 0 ? 0 : h.stdDeviation,
    // The bucket-based max, so a summary of merged histograms equals one of the original.
    max: count === 0 ? 0 : h.getValueAtPercentile(100),
    percentiles,
    histogram: encodeHistogram(h),
  };
}
