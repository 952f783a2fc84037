/**
 * One cell, resolved once: a `CellSpec` (from flags, a suite cell, or a test) becomes everything
 * a run needs — the engine and workload factories, the engine options validated, the workload
 * parameters with their defaults, the pairing (native / emulated; refused throws), the run
 * configuration (the whole run's and, for a shard, this process's part) and the label.
 *
 * `run`, `suite` and `list` resolve through here before anything starts, and `runCell` runs
 * what was resolved without deciding any of it again; commands that plan cells (compare's
 * re-runs, slo, sweep) resolve the same way. Errors are the typed ones the CLI turns into exit 2:
 * `ConfigError` (names the field), `WorkloadParamError`, `CapabilityError`, `EngineOptionError`.
 */
import { engineFactory, ENGINE_NAMES } from '../../engines/registry.js';
import { rememberSecrets } from '../../engines/secrets.js';
import type { EngineFactory } from '../../engines/types.js';
import { requirePairing, type RunnablePairing } from '../../workloads/pairing.js';
import { workloadFactory, WORKLOAD_NAMES } from '../../workloads/registry.js';
import type { WorkloadFactory } from '../../workloads/types.js';
import type { RunConfig } from '../../shared/result-types.js';
import { ConfigError, resolveConfig, type ConfigInput } from '../runner/config.js';
import { checkShardEngine, placeShard, type ShardPlacement } from '../shard/placement.js';
import type { ShardSpec } from '../shard/shard-spec.js';
import { parseStartAt } from '../shard/start-at.js';

/** A cell as a user states it: names and loosely typed settings, nothing checked yet. */
export interface CellSpec {
  readonly engine: { readonly name: string; readonly options?: Record<string, unknown> };
  readonly workload: { readonly name: string; readonly params?: Record<string, unknown> };
  readonly config?: ConfigInput;
  /** Shown in tables and charts; derived from the spec when absent. */
  readonly label?: string;
  /** Which repeat of its cell this run is (suites with `repeat: N`); recorded in the result. */
  readonly repeat?: { readonly index: number; readonly of: number };
  /** This process's part of a run split across processes or machines (`--shard I/N`). */
  readonly shard?: ShardSpec;
  /** ISO time at which the measured phase starts (`--start-at`), the same for every shard. */
  readonly startAt?: string;
}

/** Everything a run of one cell needs, validated. */
export interface ResolvedCell {
  readonly spec: CellSpec;
  readonly engine: EngineFactory;
  /** Validated by the engine's `validateOptions`; passed to the engine as given. */
  readonly engineOptions: Record<string, unknown>;
  readonly workload: WorkloadFactory;
  /** The full parameter set with defaults filled in (recorded in the result). */
  readonly params: Record<string, unknown>;
  readonly pairing: RunnablePairing;
  /** The whole run's settings (over every shard). */
  readonly config: RunConfig;
  /** This process's part: equal to `config` unless the run is sharded. */
  readonly local: RunConfig;
  /** The run's thread index of this process's first thread (0 unless sharded). */
  readonly firstThread: number;
  readonly placement: ShardPlacement | null;
  readonly startAt: { readonly iso: string; readonly epochMs: number } | null;
  /** The run's label (a shard's result adds `[shard I/N]`). */
  readonly label: string;
}

/** An engine rejected its options; `engine` names it, the message says which option and why. */
export class EngineOptionError extends Error {
  constructor(
    readonly engine: string,
    readonly reason: string,
  ) {
    super(`invalid engine option for ${engine}: ${reason}`);
    this.name = 'EngineOptionError';
  }
}

export function resolveCell(spec: CellSpec): ResolvedCell {
  // Before anything can fail: messages printed from here on are scrubbed of these.
  rememberSecrets([spec.engine.options, spec.workload.params, spec.config?.extra]);
  const engine = engineFactory(spec.engine.name);
  if (!engine) throw new ConfigError('engine', `one of ${ENGINE_NAMES.join(', ')}`, spec.engine.name);
  const workload = workloadFactory(spec.workload.name);
  if (!workload) throw new ConfigError('workload', `one of ${WORKLOAD_NAMES.join(', ')}`, spec.workload.name);
  const engineOptions = spec.engine.options ?? {};
  try {
    engine.validateOptions?.(engineOptions);
  } catch (err) {
    throw new EngineOptionError(engine.name, err instanceof Error ? err.message : String(err));
  }
  const startAt = spec.startAt === undefined ? null : parseStartAt(spec.startAt);
  if (spec.shard) checkShardEngine(engine.name, engine.location);
  const placement = spec.shard ? placeShard(spec.shard, spec.config ?? {}, startAt?.iso ?? null) : null;
  const config = placement ? placement.run : resolveConfig(spec.config);
  checkEngineLimits(engine, config);
  const params = workload.resolveParams(spec.workload.params ?? {});
  const pairing = requirePairing(workload, engine);
  const usesCommands = (pairing.kind === 'emulated' && pairing.emulation.usesCommands === true) || (workload.usesCommands?.(params, engine.family) ?? false);
  const kvOnly = usesCommands ? (engine.kvOnlyReason?.(engineOptions) ?? null) : null;
  if (kvOnly !== null) throw new EngineOptionError(engine.name, `workload '${workload.name}' with these parameters needs the command facet (gets/cas); ${kvOnly}`);
  return {
    spec,
    engine,
    engineOptions,
    workload,
    params,
    pairing,
    config,
    local: placement ? placement.local : config,
    firstThread: placement ? placement.firstThread : 0,
    placement,
    startAt,
    label: spec.label ?? defaultLabel(engine.name, workload.name, config),
  };
}

/** The engine's own limits on the run's settings (its thread slots), checked before anything starts. */
export function checkEngineLimits(ef: EngineFactory, config: RunConfig): void {
  if (ef.maxThreads !== undefined && config.threads > ef.maxThreads) {
    throw new ConfigError('threads', `an integer from 1 to ${ef.maxThreads} for ${ef.name} (its limit of load threads)`, config.threads);
  }
}

function defaultLabel(engine: string, workload: string, c: RunConfig): string {
  const shape = c.clients !== undefined ? `clients=${c.clients} pipeline=${c.pipeline}` : `c=${c.concurrency}`;
  const load = c.loop === 'open' ? `open ${c.rate} ops/s ${c.arrival}` : `closed ${shape}`;
  return `${engine} ${workload} ${load}${c.threads > 1 ? ` t=${c.threads}` : ''}`;
}
