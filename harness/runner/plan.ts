/**
 * The resolved, per-thread description of a measured cell: what every thread needs to run its
 * share, structured-cloneable so it crosses into worker threads unchanged.
 */
import type { RunConfig } from '../../shared/result-types.js';
import type { RunnablePairing } from '../../workloads/pairing.js';

export interface EngineSpec {
  readonly name: string;
  readonly options: Record<string, unknown>;
}

export interface WorkloadSpec {
  readonly name: string;
  readonly params: Record<string, unknown>;
  /** Decided once for the cell (`workloads/pairing.ts`); every thread's workload receives it. */
  readonly mode: RunnablePairing;
}

export interface ThreadPlan {
  readonly engine: EngineSpec;
  readonly workload: WorkloadSpec;
  readonly config: RunConfig;
  readonly threadIndex: number;
  /** Closed loop: this thread's lanes. */
  readonly concurrency: number;
  /** Open loop: this thread's share of the target rate. */
  readonly rate: number | null;
  /** Open loop: cap on outstanding async operations (clients × pipeline); derived from the rate when absent. */
  readonly maxInFlight?: number;
  /** Open loop: generator lag from which a send counts as late (measured by run-cell before the run). */
  readonly lateThresholdNs?: number;
  /** This thread's share of the operation budget, or null when the phase is timed. */
  readonly requests: number | null;
  /** Length of one time-series interval (`seriesIntervalMs`, chosen once per run). @default SERIES_INTERVAL_MS */
  readonly intervalMs?: number;
}

/** Start times sent to every thread after all have preloaded (a barrier), as epoch ms. */
export interface PhaseTimes {
  readonly warmupStartEpochMs: number;
  readonly measureStartEpochMs: number;
  /** Infinity when the measured phase is bounded by an operation budget. */
  readonly measureEndEpochMs: number;
}

/** Split `total` into `parts` integers that differ by at most one and sum to `total`. */
export function splitEvenly(total: number, parts: number, index: number): number {
  const base = Math.floor(total / parts);
  return base + (index < total - base * parts ? 1 : 0);
}
