/**
 * When one shard warms up and measures, given when it became ready. Pure, so lateness rules are
 * tested without clocks.
 *
 * With a shared start: warm-up ends at the start; a shard that became ready too late for its
 * whole warm-up warms up for what is left; a shard ready only after the start begins measuring
 * at the next boundary of the series grid (planned start + k × interval), so its intervals
 * still line up with every other shard's, and it is marked late — its missing part is reported,
 * never backfilled with a burst of overdue operations. Every shard ends at the planned end.
 */
import { ConfigError } from '../runner/config.js';

export interface WindowInput {
  readonly readyEpochMs: number;
  /** Time every thread needs to receive its start times. */
  readonly slackMs: number;
  readonly warmupMs: number;
  readonly durationMs: number | null;
  readonly intervalMs: number;
  /** null: start as soon as possible (no shared start). */
  readonly startAtEpochMs: number | null;
}

export interface PlannedWindow {
  readonly warmupStartEpochMs: number;
  readonly plannedStartEpochMs: number;
  readonly measureStartEpochMs: number;
  /** Infinity when bounded by an operation budget. */
  readonly measureEndEpochMs: number;
  readonly warmupRunMs: number;
  readonly startSkewMs: number;
}

export function planWindow(w: WindowInput): PlannedWindow {
  const earliest = w.readyEpochMs + w.slackMs;
  if (w.startAtEpochMs === null) {
    const start = earliest + w.warmupMs;
    return {
      warmupStartEpochMs: earliest,
      plannedStartEpochMs: start,
      measureStartEpochMs: start,
      measureEndEpochMs: w.durationMs === null ? Infinity : start + w.durationMs,
      warmupRunMs: w.warmupMs,
      startSkewMs: 0,
    };
  }
  const planned = w.startAtEpochMs;
  const plannedEnd = w.durationMs === null ? Infinity : planned + w.durationMs;
  let measureStart = planned;
  if (earliest > planned) measureStart = planned + Math.ceil((earliest - planned) / w.intervalMs) * w.intervalMs;
  if (measureStart >= plannedEnd) {
    throw new ConfigError(
      'start-at',
      `a time this shard can still reach: its window ${new Date(planned).toISOString()} + ${w.durationMs} ms is over`,
      new Date(planned).toISOString(),
    );
  }
  const warmupStart = Math.min(measureStart, Math.max(earliest, planned - w.warmupMs));
  return {
    warmupStartEpochMs: warmupStart,
    plannedStartEpochMs: planned,
    measureStartEpochMs: measureStart,
    measureEndEpochMs: plannedEnd,
    warmupRunMs: measureStart - warmupStart,
    startSkewMs: measureStart - planned,
  };
}
