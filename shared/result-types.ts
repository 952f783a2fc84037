/**
 * The `RunResult`: one measured cell (engine × workload × parameters), self-describing and
 * schema-versioned. Measurement code produces it; reports, compare and printers only read it.
 * `run-result.schema.json` beside this file is the JSON Schema of the same shape; bump
 * `RESULT_SCHEMA_VERSION` and the schema together.
 */

export const RESULT_SCHEMA_VERSION = 2 as const;

/**
 * Versions readers accept. Version 2 only added optional fields (`shard`, `merged`, per-interval
 * histograms), so version-1 files read unchanged.
 */
export const READABLE_RESULT_SCHEMA_VERSIONS: readonly number[] = [1, 2];

/** Percentile keys recorded for every latency summary. */
export const PERCENTILES = [
  ['p50', 50],
  ['p75', 75],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  ['p99_9', 99.9],
  ['p99_99', 99.99],
] as const;

export type PercentileKey = (typeof PERCENTILES)[number][0];

/** A latency distribution in nanoseconds (every field's unit is in `unit`). */
export interface LatencySummary {
  readonly unit: 'ns';
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly stdev: number;
  readonly max: number;
  readonly percentiles: Record<PercentileKey, number>;
  /** hdr-histogram-js compressed base64 (`encodeIntoCompressedBase64`): merges exactly. */
  readonly histogram: string;
}

export interface OpStats {
  /** Operations completed successfully in the measured phase. */
  readonly count: number;
  readonly errors: number;
  readonly opsPerSec: number;
  /** Closed loop: service time. Open loop: from the intended start (coordinated-omission corrected). */
  readonly latency: LatencySummary;
  /** Open loop only: from the actual send time, uncorrected, kept beside for comparison. */
  readonly uncorrectedLatency?: LatencySummary;
}

export interface TimeSeriesPoint {
  /** Seconds since the start of the measured phase (end of this interval). */
  readonly t: number;
  readonly ops: number;
  readonly errors: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly maxNs: number;
  /** The interval's all-kinds histogram (compressed base64), so shards' series merge exactly. */
  readonly histogram?: string;
}

export interface OpenLoopFigures {
  readonly targetRate: number;
  readonly arrival: 'constant' | 'poisson';
  /** Operations whose own generator lag (see `generatorLag`) was at least `lateThresholdNs`. */
  readonly lateOps: number;
  /** Generator lag beyond this is the load generator falling behind, not timer jitter (see `lateThresholdMethod`). */
  readonly lateThresholdNs: number;
  /** How `lateThresholdNs` was chosen (measured on this machine before the run). */
  readonly lateThresholdMethod?: string;
  /** Send lag (actual − intended) distribution, whatever caused it. */
  readonly lag: LatencySummary;
  /**
   * The part of each send's lag that was the generator's own: lag spent waiting for a full
   * in-flight window or for a sync engine's previous call is the server's and is left out.
   */
  readonly generatorLag?: LatencySummary;
  /** Operations due in the measured phase that could not be sent before it ended (k6's dropped_iterations). */
  readonly missed?: number;
  /**
   * True when the load generator itself fell behind: p90 of `generatorLag` above
   * `lateThresholdNs`, or operations missed while it was not waiting on the server.
   */
  readonly saturated: boolean;
  /** Operations sent per second of the measured phase. */
  readonly achievedRate: number;
}

/**
 * What else the machine was doing over the measured phase, so a reader can tell a slow engine
 * from a busy machine. CPU figures come from /proc/stat (Linux; null elsewhere) and
 * `process.cpuUsage()`; all are sampled at the start and the end of the measured phase.
 */
export interface MachineNoise {
  /** One-minute load average at the start and at the end of the measured phase. */
  readonly loadAvg1: { readonly start: number; readonly end: number };
  readonly cpuCount: number;
  /** Share of all CPUs' time stolen by the hypervisor (0–1); null without /proc/stat. */
  readonly stealShare: number | null;
  /** Share of all CPUs' time busy machine-wide, this process included (0–1); null without /proc/stat. */
  readonly machineBusyShare: number | null;
  /** This process's CPU time ÷ wall time: 1 = one core fully busy (all its threads together). */
  readonly processCpuCores: number;
  /** CPU cores' worth of work done by other processes (machine busy − this process); null without /proc/stat. */
  readonly otherCpuCores: number | null;
  /** True when something else competed for the machine; `reasons` says what. */
  readonly disturbed: boolean;
  readonly reasons: readonly string[];
}

export interface Calibration {
  /** Harness cost per operation (timing + recording + dispatch) measured with the null engine. */
  readonly harnessOverheadNsPerOp: number;
  /** A bare loop of the same length, for reference. */
  readonly bareLoopNsPerOp: number;
  readonly method: string;
}

export interface Environment {
  readonly node: string;
  readonly v8: string;
  readonly os: { readonly platform: string; readonly release: string; readonly arch: string };
  /**
   * `count` is the machine's CPUs; `affinity` the ones this process could run on (Linux's
   * `Cpus_allowed_list`, e.g. `0` under `taskset -c 0` or `--cpus 0`; null elsewhere; absent
   * in results written before it was recorded).
   */
  readonly cpu: { readonly model: string; readonly count: number; readonly speedMHz: number; readonly affinity?: string | null };
  readonly memoryBytes: number;
  readonly hostname: string;
}

export interface ToolInfo {
  readonly name: 'cachebench';
  readonly version: string;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
}

export interface EngineRecord {
  readonly name: string;
  readonly family: 'redis' | 'memcached' | 'null';
  readonly location: 'in-process' | 'managed' | 'remote';
  readonly version: string;
  readonly capabilities: readonly string[];
  /** Options the engine was built with (URLs with passwords redacted). */
  readonly options: Record<string, unknown>;
  readonly facts?: Record<string, string | number | boolean>;
  /** Stats sampled before and after the measured phase, and numeric deltas. */
  readonly stats?: {
    readonly before: Record<string, string | number>;
    readonly after: Record<string, string | number>;
    readonly delta: Record<string, number>;
    /** What `before` → `after` spans: the measured phase, or (engines that cannot be sampled mid-run) warm-up too. */
    readonly deltaCovers?: 'measured' | 'warmup+measured';
    /** The server's own figures every interval of the measured phase (absent when it cannot be sampled mid-run). */
    readonly series?: ServerSeries;
  };
  /**
   * The load client's own counters over the measured phase, summed over threads (and shards):
   * a cluster client's `movedRedirects` / `askRedirects` / `tryAgainRetries` — redirections followed, not errors.
   */
  readonly client?: Record<string, number>;
}

/**
 * Server statistics sampled every `intervalMs` of the measured phase, aligned with the client's
 * series (`t` = seconds since the measured phase began, the end of each interval; the last point
 * is the end of the phase). Values are the server's cumulative counters and gauges as sampled
 * (`commands`: commands the server counted — redis total_commands_processed, memcached's command
 * counters summed); per-interval rates are differences of consecutive points, the first from `start`.
 */
export interface ServerSeries {
  readonly intervalMs: number;
  /** `own connection` (a connection of its own to a real server), `same process`, or `own session on the shared engine` (worker threads' in-process engine, sampled from the main thread). */
  readonly source: string;
  readonly start?: Record<string, number>;
  readonly points: readonly { readonly t: number; readonly values: Record<string, number> }[];
}

export interface WorkloadRecord {
  readonly name: string;
  readonly params: Record<string, unknown>;
  /** `native`, or the emulation's description when the engine lacked a capability. */
  readonly mode: string;
  /**
   * Operation kinds whose latency is mostly a wait for work (a blocking pop), not service time:
   * shown like any kind, left out where latency is judged (the SLO search). Absent: none.
   */
  readonly waitKinds?: readonly string[];
}

export interface RunConfig {
  readonly loop: 'closed' | 'open';
  /** Closed loop: operations in flight (per thread). */
  readonly concurrency: number;
  /** Open loop: target ops/s over all threads. */
  readonly rate: number | null;
  readonly arrival: 'constant' | 'poisson' | null;
  readonly threads: number;
  /** Real servers: connections per load thread (memtier's `-c`), when set with `--clients`. */
  readonly clients?: number;
  /** Real servers: requests in flight per connection (memtier's `--pipeline`, redis-benchmark's `-P`). */
  readonly pipeline?: number;
  readonly durationMs: number | null;
  /** Operation budget of the measured phase (instead of a duration). */
  readonly requests: number | null;
  readonly warmupMs: number;
  readonly seed: number;
  readonly timeoutMs: number;
  /** Anything else the command line or suite set (recorded verbatim). */
  readonly extra: Record<string, unknown>;
}

/**
 * Figures a workload reports about its own job, beside latency and throughput. Reports show
 * `figures` as a table, each `series` as a line chart and each `latencies` entry as a
 * percentile spectrum, so a new workload needs no report code to be shown.
 */
export interface DomainFigures {
  /** Scalars: name → value (`hitRatio: 0.93`, `casRetries: 1200`, `dbOverCacheLatency: 850`). */
  readonly figures: Record<string, number | string | boolean>;
  /** Curves: name → points, with axis titles (`hit ratio` over `seconds`). */
  readonly series?: Record<string, DomainSeries>;
  /** Extra latency distributions (`delivery`, `dbRead`, `cacheHit`). */
  readonly latencies?: Record<string, LatencySummary>;
  /** Free-form notes shown under the figures ("memcached: emulated with CAS on a JSON board"). */
  readonly notes?: readonly string[];
  /**
   * The unit of each figure, from the workload's figure table (`workloads/figure-table.ts`), so
   * printers format a figure by what it is rather than guess from its name. Absent in results
   * written before figure tables (printers then read the unit off the name's ending).
   */
  readonly units?: Record<string, FigureUnit>;
}

/**
 * What a figure counts, and so how it prints: `count` an exact tally (`1,234`), `fraction` a
 * share in [0, 1] (`93.1%`), `times` a ratio of two like figures (`151×`), `number` any other
 * quantity (`3.52`), `ns`/`us`/`ms` a duration, `bytes` a size, `per-second` a rate, `text` a
 * word or a flag.
 */
export type FigureUnit = 'count' | 'fraction' | 'times' | 'number' | 'ns' | 'us' | 'ms' | 'bytes' | 'per-second' | 'text';

/** Every `FigureUnit`, for the JSON Schema and the tests. */
export const FIGURE_UNITS: readonly FigureUnit[] = ['count', 'fraction', 'times', 'number', 'ns', 'us', 'ms', 'bytes', 'per-second', 'text'];

export interface DomainSeries {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

export interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface RunResult {
  /** Files of version 1 read unchanged (version 2 only added optional fields). */
  readonly schemaVersion: 1 | typeof RESULT_SCHEMA_VERSION;
  readonly kind: 'cachebench.run';
  /** Unique, filesystem-safe: `<engine>__<workload>__<label>__<timestamp>`. */
  readonly id: string;
  /** A human label for tables and charts (`redis-style kv 1:10 closed c=1`). */
  readonly label: string;
  /** `degraded`: errors occurred (server died, timeouts); `failed`: a correctness check failed or the run aborted. */
  readonly status: 'ok' | 'degraded' | 'failed';
  readonly statusReasons: readonly string[];
  /** Which repeat of its cell this run was (1-based `index` of `of`), when a suite repeated it. */
  readonly repeat?: { readonly index: number; readonly of: number };
  readonly tool: ToolInfo;
  readonly env: Environment;
  readonly engine: EngineRecord;
  readonly workload: WorkloadRecord;
  readonly config: RunConfig;
  readonly timing: {
    readonly startedAt: string;
    readonly endedAt: string;
    readonly preloadMs: number;
    readonly warmupMs: number;
    readonly measuredMs: number;
    /** True when Ctrl-C (an abort) ended the run before its planned end; `measuredMs` is the real time. */
    readonly interrupted?: boolean;
  };
  readonly summary: {
    readonly ops: number;
    readonly errors: number;
    readonly opsPerSec: number;
    /** All kinds merged. */
    readonly latency: LatencySummary;
    readonly uncorrectedLatency?: LatencySummary;
  };
  /** Per operation kind (`get`, `set`, `get_miss`…). */
  readonly ops: Record<string, OpStats>;
  readonly timeSeries: { readonly intervalMs: number; readonly points: readonly TimeSeriesPoint[] };
  /** Failures counted by kind (`timeout`, `connection`, `reply:WRONGTYPE`…). */
  readonly errors: Record<string, number>;
  readonly openLoop?: OpenLoopFigures;
  readonly calibration: Calibration;
  /** Load average, steal and CPU shares over the measured phase (absent in older results). */
  readonly machine?: MachineNoise;
  /** Workload-specific figures (hit ratio curve, CAS retries, delivery latency…). */
  readonly domain?: DomainFigures;
  readonly checks: readonly Check[];
  /** Present when this result is one shard of a run split across processes (`--shard I/N`). */
  readonly shard?: ShardRecord;
  /** Present when `cachebench merge` joined shards into this result. */
  readonly merged?: MergedRecord;
}

/** A clock comparison against a reference every shard can reach (the target server). */
export type ClockOffset =
  | {
      /** What the local clock was compared with, e.g. `redis TIME`. */
      readonly reference: string;
      /** reference − local wall clock, ms (Cristian's method on the fastest of `samples` round trips). */
      readonly offsetMs: number;
      /** ± bound of `offsetMs`: half that round trip, plus the reference's resolution. */
      readonly uncertaintyMs: number;
      readonly samples: number;
    }
  | { readonly reference: string; readonly error: string };

/** The wall-clock window one shard measured, on its own clock (epoch ms). */
export interface ShardWindow {
  /** The shared planned start of the measured phase (`--start-at`), or null when each shard started on its own. */
  readonly startAt: string | null;
  readonly plannedStartEpochMs: number;
  /** Where measuring began: the planned start, or a later interval boundary when the shard was late. */
  readonly measureStartEpochMs: number;
  /** null when the phase is bounded by an operation budget rather than a duration. */
  readonly plannedEndEpochMs: number | null;
  readonly measureEndEpochMs: number;
  /** When preload was done and the shard could start. */
  readonly readyEpochMs: number;
  /** measureStart − plannedStart: 0 on time. */
  readonly startSkewMs: number;
  /** measureEnd − plannedEnd (negative: ended early); null without a planned end. */
  readonly endSkewMs: number | null;
  /** Warm-up actually run (shorter than configured when preload ran into it). */
  readonly warmupRunMs: number;
  readonly late: boolean;
  readonly endedEarly: boolean;
}

export interface ShardRecord {
  readonly index: number;
  readonly count: number;
  /** Equal for every shard of one run (a hash of `identity`); `merge` refuses shards whose ids differ. */
  readonly runId: string;
  /** What makes two shards parts of the same run: flat name → JSON value, compared by `merge`. */
  readonly identity: Record<string, string>;
  /** The whole run's settings (threads, rate, requests over all shards); `config` is this shard's share. */
  readonly run: RunConfig;
  /** This shard's load threads in the run's numbering: [first, first + count). */
  readonly threads: { readonly first: number; readonly count: number };
  readonly window: ShardWindow;
  readonly clock: ClockOffset | null;
  /** Per-thread workload figures before summarizing, so `merge` summarizes every shard's threads at once. */
  readonly domainParts?: readonly DomainFigures[];
}

/** One shard as `merge` keeps it: its own facts, configuration and environment. */
export interface MergedShard {
  readonly index: number;
  readonly id: string;
  readonly source: string;
  readonly status: RunResult['status'];
  readonly statusReasons: readonly string[];
  readonly env: Environment;
  readonly config: RunConfig;
  readonly engine: EngineRecord;
  readonly timing: RunResult['timing'];
  readonly window: ShardWindow;
  readonly clock: ClockOffset | null;
  readonly threads: { readonly first: number; readonly count: number };
  readonly ops: number;
  readonly errors: number;
  readonly opsPerSec: number;
  readonly calibration: Calibration;
  /** This shard's start relative to the median shard: on local clocks, and corrected by clock offsets when known. */
  readonly startSkewMs: number;
  readonly referenceStartSkewMs: number | null;
}

export interface MergedRecord {
  readonly runId: string;
  readonly shardCount: number;
  readonly present: readonly number[];
  readonly missing: readonly number[];
  /** `exact`: every shard's intervals lie on one grid (same start, late shards on its boundaries); `nearest`: assigned to the nearest merged interval. */
  readonly seriesAlignment: 'exact' | 'nearest';
  /** max − min of the shards' measured starts: local clocks, and reference-corrected when every shard has an offset. */
  readonly startSpreadMs: number;
  readonly referenceStartSpreadMs: number | null;
  readonly shards: readonly MergedShard[];
}
