/**
 * Extra latency distributions a scenario reports beside the runner's per-op figures (delivery
 * latency, DB read vs cache hit, enqueue → dequeue). Same HDR configuration as the harness
 * recorder (ns, 3 significant digits, up to an hour), but always the JS build: these live as
 * long as the workload instance and must not need an explicit `destroy()`.
 */
import * as hdr from 'hdr-histogram-js';
import { HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS, mergeEncoded, summarizeHistogram } from '../../../shared/histogram.js';
import type { DomainFigures, LatencySummary } from '../../../shared/result-types.js';

export class LatencyTracker {
  private readonly histogram = hdr.build({
    bitBucketSize: 64,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_NS,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });

  recordNs(ns: number): void {
    this.histogram.recordValue(ns <= 0 ? 0 : ns >= HIGHEST_TRACKABLE_NS ? HIGHEST_TRACKABLE_NS : Math.round(ns));
  }

  /** Record the time since `startMs` (a `performance.now()` reading). */
  recordSinceMs(startMs: number, nowMs: number): void {
    this.recordNs((nowMs - startMs) * 1e6);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    return summarizeHistogram(this.histogram);
  }

  reset(): void {
    this.histogram.reset();
  }
}

/** Merge the named latency distributions of every thread exactly (HDR buckets add). */
export function mergeLatencies(parts: readonly DomainFigures[]): Record<string, LatencySummary> {
  const byName = new Map<string, string[]>();
  for (const part of parts) {
    for (const [name, summary] of Object.entries(part.latencies ?? {})) {
      const list = byName.get(name) ?? [];
      list.push(summary.histogram);
      byName.set(name, list);
    }
  }
  const merged: Record<string, LatencySummary> = {};
  for (const [name, encoded] of byName) merged[name] = mergeEncoded(encoded);
  return merged;
}
