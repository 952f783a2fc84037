/**
 * The measured-phase recorder of one thread: per-operation-kind HDR histograms (latency, and in
 * open loop the uncorrected latency beside it), send lag, errors by kind, and a per-interval
 * histogram of all kinds for the time series. The hot path (`record`) is one JS counter
 * increment per histogram (`HdrCounts`) plus a clock comparison; the counts move into the
 * WASM histograms when an interval closes, which happens lazily when a record crosses a
 * boundary (and at `finish`).
 *
 * Clocks: callers pass `nowMs` from `performance.now()`; `epochOffsetMs` converts it to a
 * wall-clock epoch (`performance.timeOrigin + now`), so threads with different time origins
 * agree on interval boundaries.
 */
import { performance } from 'node:perf_hooks';
import { epochToNowMs } from '../../shared/clock.js';
import { encodeHistogram, newHistogram, type Histogram } from '../../shared/histogram.js';
import { HdrCounts } from '../../shared/hdr-counts.js';

/** What a thread hands back: structured-cloneable, histograms encoded. */
export interface RecorderSnapshot {
  readonly opKinds: readonly string[];
  readonly counts: number[];
  readonly errorsPerKind: number[];
  readonly latency: string[];
  /** Open loop only. */
  readonly uncorrected: string[] | null;
  readonly lag: string | null;
  /** Open loop only: the part of each send's lag that was the generator's own (see open-loop.ts). */
  readonly generatorLag: string | null;
  readonly lateOps: number;
  readonly errors: Record<string, number>;
  /** Epoch ms of the measured phase's start, shared by all threads. */
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  readonly intervalMs: number;
  /** Per interval index: ops, errors and the encoded all-kinds histogram. */
  readonly intervals: { index: number; ops: number; errors: number; histogram: string }[];
}

/** Open loop: generator lag from this on counts as late, unless the run measured its own threshold. */
export const LATE_THRESHOLD_NS = 1_000_000;

/** Length of one time-series interval of a run of unknown length (an operation budget) or of 10 s and more. */
export const SERIES_INTERVAL_MS = 1000;

/** Interval lengths a run may get, shortest first: each divides a second, so ticks fall on round times. */
export const SERIES_INTERVAL_LADDER_MS: readonly number[] = [100, 200, 250, 500, 1000];

/** A timed run gets at least this many intervals when the ladder allows it. */
export const MIN_SERIES_INTERVALS = 10;

/**
 * The time-series interval of a run (recorded as `timeSeries.intervalMs`, and used by the server
 * series, the workloads' own curves and late shards' start grid): the longest interval on the
 * ladder that still gives a timed run `MIN_SERIES_INTERVALS` of them, so a 2 s run is drawn from
 * ten 200 ms points rather than two seconds; 100 ms below one second, 1 s from ten seconds up and
 * for operation budgets (whose length is not known in advance). Closing an interval encodes its
 * histogram (tens of µs), so the shortest interval keeps that below a thousandth of the run.
 */
export function seriesIntervalMs(durationMs: number | null): number {
  if (durationMs === null || !Number.isFinite(durationMs)) return SERIES_INTERVAL_MS;
  let chosen = SERIES_INTERVAL_LADDER_MS[0]!;
  for (const ms of SERIES_INTERVAL_LADDER_MS) if (durationMs / ms >= MIN_SERIES_INTERVALS) chosen = ms;
  return chosen;
}

/** One closed interval's figures, as the progress line shows them. */
export interface IntervalFigures {
  readonly index: number;
  readonly ops: number;
  readonly errors: number;
  readonly p99Ns: number;
}

export class Recorder {
  private readonly latency: Histogram[];
  private readonly uncorrected: Histogram[] | null;
  private readonly lag: Histogram | null;
  private readonly generatorLag: Histogram | null;
  /** This interval's values, not yet in the histograms above (same order). */
  private readonly pendingLatency: HdrCounts[];
  private readonly pendingUncorrected: HdrCounts[] | null;
  private readonly pendingLag: HdrCounts | null;
  private readonly pendingGeneratorLag: HdrCounts | null;
  private readonly counts: number[];
  private readonly errorsPerKind: number[];
  private readonly errors = new Map<string, number>();
  private lateOps = 0;

  private readonly interval: Histogram;
  private intervalOps = 0;
  private intervalErrors = 0;
  private intervalIndex = 0;
  /** performance.now() value at which the current interval ends. */
  private intervalEndMs: number;
  private readonly intervals: RecorderSnapshot['intervals'] = [];

  /**
   * @param startEpochMs the measured phase's start as an epoch timestamp (same for all threads)
   * @param lateThresholdNs open loop: generator lag from which a send counts as late
   */
  constructor(
    readonly opKinds: readonly string[],
    readonly openLoop: boolean,
    readonly startEpochMs: number,
    readonly intervalMs = SERIES_INTERVAL_MS,
    readonly lateThresholdNs = LATE_THRESHOLD_NS,
  ) {
    this.latency = opKinds.map(() => newHistogram());
    this.uncorrected = openLoop ? opKinds.map(() => newHistogram()) : null;
    this.lag = openLoop ? newHistogram() : null;
    this.generatorLag = openLoop ? newHistogram() : null;
    this.pendingLatency = opKinds.map(() => new HdrCounts());
    this.pendingUncorrected = openLoop ? opKinds.map(() => new HdrCounts()) : null;
    this.pendingLag = openLoop ? new HdrCounts() : null;
    this.pendingGeneratorLag = openLoop ? new HdrCounts() : null;
    this.counts = opKinds.map(() => 0);
    this.errorsPerKind = opKinds.map(() => 0);
    this.interval = newHistogram();
    this.intervalEndMs = epochToNowMs(startEpochMs) + intervalMs;
  }

  /**
   * Called once per closed interval (never per operation) with its figures, so a progress line
   * can show live ops/s, p99 and errors without reaching into the loop. @default null
   */
  onInterval: ((figures: IntervalFigures) => void) | null = null;

  /** Closed loop: one completed operation of `kind` that took `latencyNs`, finished at `nowMs`. */
  record(kind: number, latencyNs: number, nowMs: number): void {
    if (nowMs >= this.intervalEndMs) this.closeIntervals(nowMs);
    this.pendingLatency[kind]!.record(latencyNs);
    this.counts[kind]!++;
    this.intervalOps++;
  }

  /**
   * Open loop: latency from the intended start (corrected), from the actual send (uncorrected),
   * the send lag (actual − intended) and the part of that lag that was the generator's own.
   */
  recordOpen(kind: number, correctedNs: number, uncorrectedNs: number, lagNs: number, generatorLagNs: number, nowMs: number): void {
    if (nowMs >= this.intervalEndMs) this.closeIntervals(nowMs);
    this.pendingLatency[kind]!.record(correctedNs);
    this.pendingUncorrected![kind]!.record(uncorrectedNs);
    this.pendingLag!.record(lagNs);
    this.pendingGeneratorLag!.record(generatorLagNs);
    if (generatorLagNs >= this.lateThresholdNs) this.lateOps++;
    this.counts[kind]!++;
    this.intervalOps++;
  }

  /** A failed operation; `errorKind` is e.g. `timeout`, `connection`, `reply:WRONGTYPE`. */
  error(kind: number, errorKind: string, nowMs: number): void {
    if (nowMs >= this.intervalEndMs) this.closeIntervals(nowMs);
    this.errorsPerKind[kind]!++;
    this.intervalErrors++;
    this.errors.set(errorKind, (this.errors.get(errorKind) ?? 0) + 1);
  }

  /** Moves the interval's pending counts into the whole-phase histograms and the interval's. */
  private drainPending(): void {
    for (let k = 0; k < this.pendingLatency.length; k++) this.pendingLatency[k]!.drainInto(this.latency[k]!, this.interval);
    if (this.pendingUncorrected) for (let k = 0; k < this.pendingUncorrected.length; k++) this.pendingUncorrected[k]!.drainInto(this.uncorrected![k]!);
    this.pendingLag?.drainInto(this.lag!);
    this.pendingGeneratorLag?.drainInto(this.generatorLag!);
  }

  /** Keep the current interval (encoded; empty intervals carry no histogram) and reset it. */
  private pushInterval(): void {
    this.drainPending();
    const busy = this.intervalOps > 0 || this.intervalErrors > 0;
    if (this.onInterval !== null) {
      this.onInterval({ index: this.intervalIndex, ops: this.intervalOps, errors: this.intervalErrors, p99Ns: this.intervalOps > 0 ? this.interval.getValueAtPercentile(99) : 0 });
    }
    this.intervals.push({
      index: this.intervalIndex,
      ops: this.intervalOps,
      errors: this.intervalErrors,
      histogram: busy ? encodeHistogram(this.interval) : '',
    });
    if (busy) this.interval.reset();
  }

  private closeIntervals(nowMs: number): void {
    while (nowMs >= this.intervalEndMs) {
      this.pushInterval();
      this.intervalOps = 0;
      this.intervalErrors = 0;
      this.intervalIndex++;
      this.intervalEndMs += this.intervalMs;
    }
  }

  /** Close the last (possibly partial) interval, encode everything and free the histograms. */
  finish(endNowMs: number): RecorderSnapshot {
    this.closeIntervals(endNowMs);
    if (this.intervalOps > 0 || this.intervalErrors > 0) this.pushInterval();
    this.drainPending();
    const snapshot: RecorderSnapshot = {
      opKinds: this.opKinds,
      counts: this.counts.slice(),
      errorsPerKind: this.errorsPerKind.slice(),
      latency: this.latency.map(encodeHistogram),
      uncorrected: this.uncorrected ? this.uncorrected.map(encodeHistogram) : null,
      lag: this.lag ? encodeHistogram(this.lag) : null,
      generatorLag: this.generatorLag ? encodeHistogram(this.generatorLag) : null,
      lateOps: this.lateOps,
      errors: Object.fromEntries(this.errors),
      startEpochMs: this.startEpochMs,
      endEpochMs: performance.timeOrigin + endNowMs,
      intervalMs: this.intervalMs,
      intervals: this.intervals,
    };
    this.destroy();
    return snapshot;
  }

  destroy(): void {
    for (const h of this.latency) h.destroy();
    if (this.uncorrected) for (const h of this.uncorrected) h.destroy();
    this.lag?.destroy();
    this.generatorLag?.destroy();
    this.interval.destroy();
  }
}
