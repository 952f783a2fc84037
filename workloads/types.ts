/**
 * The workload contract. A workload turns a seed and parameters into a stream of operations
 * against an `Engine`; the runner times each `step` and records it under the kind `step`
 * returns. Preload and warm-up use the same object but are excluded from every figure.
 */
import type { Awaitable, Capability, Engine, EngineFamily, KvLanes } from '../engines/types.js';
import type { DomainFigures, DomainSeries } from '../shared/result-types.js';
import type { Rng } from '../shared/rng.js';
import type { RunnablePairing } from './pairing.js';
import type { FigureTable, FigureValue } from './figure-table.js';
import type { ParamTable } from './param-table.js';

/** Loosely typed parameters as they arrive from flags or a suite file; validated by `create`. */
export type WorkloadParams = Record<string, unknown>;

export interface WorkloadContext {
  /** This thread's random stream, already split from the run's seed by thread index. */
  readonly rng: Rng;
  /** The run's seed (recorded in the result). */
  readonly seed: number;
  readonly threadIndex: number;
  readonly threadCount: number;
  /** Length of the run's time-series interval: curves over time (hit ratio, queue depth) use the same buckets. @default 1000 */
  readonly intervalMs?: number;
  /** Family of the engine this instance will drive. */
  readonly family: EngineFamily;
  readonly capabilities: ReadonlySet<Capability>;
  /** Native or which emulation, decided once per cell (`workloads/pairing.ts`); never refused here. */
  readonly mode: RunnablePairing;
  /** The engine is a Redis Cluster: keys of one multi-key command must share a hash slot (use `{tag}`s). */
  readonly cluster?: boolean;
}

/** Result of a correctness check that runs at the end of every run. */
export interface CheckResult {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface WorkloadInstance {
  /** Names of the operation kinds `step` can return, by index (e.g. `['get', 'set']`). */
  readonly opKinds: readonly string[];
  /** Set synchronously by `step` before any engine call: the kind errors are counted under. */
  lastKind: number;
  /**
   * Fill the store so that measured reads hit. Runs once (thread 0 only unless the workload
   * says otherwise), excluded from figures.
   */
  preload?(engine: Engine): Promise<void>;
  /**
   * Called once when the measured phase begins (after preload and warm-up): reset the counters
   * that feed `domain()`, so warm-up traffic never reaches the figures.
   */
  onMeasureStart?(): void;
  /**
   * One user-visible operation (may be several engine calls, e.g. cache-aside get→db→set).
   * Returns the index in `opKinds` to record the latency under. With a sync engine it must
   * return a plain number, so the hot path never allocates a Promise.
   */
  step(engine: Engine): Awaitable<number>;
  /**
   * The callback load path (remote engines with `Engine.lanes`): returns a function that issues
   * one operation on connection `conn` and calls `done(kind)` or `failed(kind, err)` exactly once
   * when it settles — no Promise per operation. Called once per lane; the callbacks it builds
   * are reused for every operation of that lane. Workloads without it run through `step`.
   */
  openLane?(lanes: KvLanes, conn: number, done: (kind: number) => void, failed: (kind: number, err: unknown) => void): () => void;
  /**
   * Workload-specific figures (hit ratio, retries, delivery latency…) for this thread: the
   * figures its table says a thread measures (`threadFigures` checks them), latency
   * distributions, notes, and any raw curves the factory's `summarize` merges.
   */
  domain?(): DomainFigures;
  /** Correctness checks run after the measured phase; a failed one marks the run failed. */
  check?(engine: Engine): Promise<CheckResult[]>;
  /** Release timers, subscriber connections, databases. */
  close?(): Promise<void>;
}

/** How a workload meets an engine that lacks a capability it needs. */
export interface Emulation {
  /** The family this emulation serves. */
  readonly family: EngineFamily;
  /** One line for the result and `--list`: "CAS read-modify-write loop over a JSON board". */
  readonly description: string;
  /** Uses the family's command facet (memcached gets/cas, multi-get), not only kv get/set. */
  readonly usesCommands?: boolean;
}

export interface WorkloadFactory {
  readonly name: string;
  readonly description: string;
  /** Capabilities needed on an engine to run natively. */
  readonly needs: readonly Capability[];
  readonly emulations?: readonly Emulation[];
  /**
   * These parameters on this family use the family's command facet (memcached gets/cas) even
   * where the pairing is native; absent: only emulations marked `usesCommands` do.
   */
  usesCommands?(params: WorkloadParams, family: EngineFamily): boolean;
  /**
   * Operation kinds whose latency is mostly a wait for work on an engine with these
   * capabilities (a blocking pop on an empty queue waits for a producer): the result records
   * them and the SLO search judges the other kinds. Absent: none.
   */
  waitKinds?(capabilities: ReadonlySet<Capability>): readonly string[];
  /** What the workload does differently on a Redis Cluster (hash tags, sharded pub/sub); `list` shows it. */
  readonly onCluster?: string;
  /** The parameter table (`param-table.ts`): name, kind, default, bounds, unit, doc. */
  readonly paramTable: ParamTable;
  /** Documented parameters: name → one line with default and bounds, derived from `paramTable`. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * The figure table (`figure-table.ts`): every figure the workload reports, with its unit, how
   * threads' values merge, and its doc. `domain()`, the run's figures, their units in the result,
   * the printers and `compare`'s gate figures derive from it.
   */
  readonly figureTable: FigureTable;
  /**
   * Validate parameters, throwing `WorkloadParamError` naming the field and allowed values.
   * Returns the full parameter set with defaults filled in (recorded in the result).
   */
  resolveParams(params: WorkloadParams): WorkloadParams;
  create(params: WorkloadParams, ctx: WorkloadContext): WorkloadInstance;
  /**
   * What the figure table cannot derive from the per-thread parts (`summarize-domain.ts` merges
   * the rest): the values of its `derived` figures, the run's curves, and checks that need every
   * thread's view (e.g. "never more than N allowed per client per window" across threads).
   */
  summarize?(parts: readonly DomainFigures[], params: WorkloadParams): DomainExtras;
}

/** A workload's additions to the table-driven merge of its threads' figures. */
export interface DomainExtras {
  /** Values of the figure table's `derived` rows (any other name throws). */
  readonly figures?: Readonly<Record<string, FigureValue>>;
  readonly series?: Readonly<Record<string, DomainSeries>>;
  readonly checks?: readonly CheckResult[];
}

export class WorkloadParamError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'WorkloadParamError';
  }
}
