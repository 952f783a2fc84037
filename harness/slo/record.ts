/**
 * The search record: what `cachebench slo` and `cachebench sweep` found, beside the ordinary
 * result of every step (each step's `resultId` names its `RunResult` file). Kind
 * `cachebench.search`, its own schema version; readers check both before trusting a file.
 */
import type { RunConfig, ToolInfo } from '../../shared/result-types.js';
import type { SearchAnswer, StepPhase } from './search.js';
import type { LimitSide } from './step.js';

export const SEARCH_SCHEMA_VERSION = 1 as const;

export interface SearchStepRecord {
  /** Target rate of the step, ops/s. */
  readonly rate: number;
  readonly phase: StepPhase | 'sweep';
  readonly resultId: string;
  readonly achievedRate: number;
  readonly status: 'ok' | 'degraded' | 'failed';
  /** Corrected latency percentiles of the step, ns: the judged kinds (`judgedLatency`), without the workload's wait kinds. */
  readonly latencyNs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly p99_9: number; readonly p99_99: number };
  /** Null in a sweep without SLOs. */
  readonly meets: boolean | null;
  readonly reasons: readonly string[];
  readonly limit: LimitSide | null;
  readonly limitReason: string | null;
  /** The machine was busy with other work during the step (`RunResult.machine`). */
  readonly disturbed: boolean;
}

export interface SearchRecord {
  readonly schemaVersion: typeof SEARCH_SCHEMA_VERSION;
  readonly kind: 'cachebench.search';
  readonly id: string;
  readonly mode: 'slo' | 'sweep';
  /** The cell's label without the rate (`redis-style kv`). */
  readonly label: string;
  readonly engine: { readonly name: string; readonly location: string };
  /** `waitKinds`: operation kinds left out of the judged latency (blocking pops), absent when none. */
  readonly workload: { readonly name: string; readonly params: Record<string, unknown>; readonly waitKinds?: readonly string[] };
  /** The settings every step shared (each step's own rate is in its step). */
  readonly config: Omit<RunConfig, 'rate'>;
  readonly slos: readonly { readonly percentile: string; readonly thresholdNs: number }[];
  /** slo: the search's bounds and resolution; sweep: the rates given. */
  readonly search: { readonly rateMin: number; readonly rateMax: number; readonly resolution: number; readonly factor: number } | { readonly rates: readonly number[] };
  readonly steps: readonly SearchStepRecord[];
  /** Null for a sweep without SLOs. */
  readonly answer: SearchAnswer | null;
  /** The knee of the p99 curve over the steps (`knee.ts`); null when latency never took off. */
  readonly knee: { readonly rate: number; readonly p99Ns: number } | null;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly tool: ToolInfo;
}

export class SearchFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'SearchFileError';
  }
}

/** True when `value` is a search record (any version), so mixed folders can be sorted. */
export function isSearchRecordLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'cachebench.search';
}

export function asSearchRecord(source: string, value: unknown): SearchRecord {
  if (!isSearchRecordLike(value)) throw new SearchFileError(source, 'not a cachebench.search record');
  const v = value as { schemaVersion?: unknown; steps?: unknown };
  if (v.schemaVersion !== SEARCH_SCHEMA_VERSION) {
    throw new SearchFileError(source, `schemaVersion ${JSON.stringify(v.schemaVersion)} is not supported (this cachebench reads ${SEARCH_SCHEMA_VERSION})`);
  }
  if (!Array.isArray(v.steps)) throw new SearchFileError(source, 'missing steps');
  return value as SearchRecord;
}
