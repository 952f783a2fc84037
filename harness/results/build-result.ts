/**
 * Pure assembly of a `RunResult` from what the threads measured: merges per-thread histograms
 * exactly (HDR buckets add), sums counters, builds the per-second series and the open-loop
 * figures, and decides the status. No I/O, no clocks: every input is an argument.
 *
 * This is the single place where configuration enters a result, so it is where secrets leave
 * it: engine options, workload parameters and `config.extra` are redacted (engines/secrets.ts),
 * and every free-text field (label, reasons, checks, facts, stats, notes) is scrubbed of the
 * secrets found in them.
 */
import { redactOptions, redactText, secretsOf } from '../../engines/secrets.js';
import type { MeasuredPart } from './thread-part.js';
import { LATE_THRESHOLD_NS } from '../recorder/recorder.js';
import { mergeEncoded } from '../../shared/histogram.js';
import {
  RESULT_SCHEMA_VERSION,
  type Calibration,
  type Check,
  type DomainFigures,
  type EngineRecord,
  type Environment,
  type MachineNoise,
  type OpStats,
  type RunConfig,
  type RunResult,
  type TimeSeriesPoint,
  type ToolInfo,
  type WorkloadRecord,
} from '../../shared/result-types.js';

export interface ResultInputs {
  readonly label: string;
  readonly tool: ToolInfo;
  readonly env: Environment;
  readonly engine: EngineRecord;
  readonly workload: WorkloadRecord;
  readonly config: RunConfig;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly preloadMs: number;
  readonly parts: readonly MeasuredPart[];
  readonly domain: DomainFigures | undefined;
  readonly checks: readonly Check[];
  readonly calibration: Calibration;
  readonly machine?: MachineNoise;
  /** Open loop: the generator-lag threshold measured before the run (a 1 ms floor when absent). */
  readonly lateThreshold?: { readonly thresholdNs: number; readonly method: string };
  /** Ctrl-C (an abort) ended the run early. */
  readonly interrupted?: boolean;
  /** Reasons found outside the measurement (interrupted by the user…). */
  readonly extraReasons: readonly string[];
}

export function buildRunResult(input: ResultInputs): RunResult {
  const { parts, config } = input;
  const kinds = parts[0]?.snapshot.opKinds ?? [];
  const startEpoch = Math.min(...parts.map((p) => p.snapshot.startEpochMs));
  const endEpoch = Math.max(...parts.map((p) => p.snapshot.endEpochMs));
  const measuredMs = Math.max(0, endEpoch - startEpoch);
  const seconds = measuredMs / 1000 || Number.MIN_VALUE;
  const open = config.loop === 'open';

  const ops: Record<string, OpStats> = {};
  let totalOps = 0;
  let totalErrors = 0;
  kinds.forEach((kind, i) => {
    const count = sum(parts.map((p) => p.snapshot.counts[i] ?? 0));
    const errors = sum(parts.map((p) => p.snapshot.errorsPerKind[i] ?? 0));
    totalOps += count;
    totalErrors += errors;
    if (count === 0 && errors === 0) return;
    const latency = mergeEncoded(parts.map((p) => p.snapshot.latency[i]!));
    ops[kind] = {
      count,
      errors,
      opsPerSec: count / seconds,
      latency,
      ...(open ? { uncorrectedLatency: mergeEncoded(parts.map((p) => p.snapshot.uncorrected![i]!)) } : {}),
    };
  });

  const allLatency = mergeEncoded(parts.flatMap((p) => p.snapshot.latency));
  const allUncorrected = open ? mergeEncoded(parts.flatMap((p) => p.snapshot.uncorrected ?? [])) : undefined;

  const errors: Record<string, number> = {};
  for (const p of parts) for (const [k, n] of Object.entries(p.snapshot.errors)) errors[k] = (errors[k] ?? 0) + n;

  const abandoned = sum(parts.map((p) => p.abandoned));
  const intervalMs = parts[0]?.snapshot.intervalMs ?? 1000;
  const points = timeSeries(parts, intervalMs, measuredMs);

  let openLoop: RunResult['openLoop'];
  if (open) {
    const lag = mergeEncoded(parts.map((p) => p.snapshot.lag!));
    const generatorLag = mergeEncoded(parts.map((p) => p.snapshot.generatorLag ?? p.snapshot.lag!));
    const achievedRate = sum(parts.map((p) => p.attempted)) / seconds;
    const thresholdNs = input.lateThreshold?.thresholdNs ?? LATE_THRESHOLD_NS;
    const missed = sum(parts.map((p) => p.missed ?? 0));
    const missedByGenerator = parts.some((p) => (p.missed ?? 0) > 0 && p.missedWaitingOnServer !== true);
    openLoop = {
      targetRate: config.rate!,
      arrival: config.arrival ?? 'constant',
      lateOps: sum(parts.map((p) => p.snapshot.lateOps)),
      lateThresholdNs: thresholdNs,
      lateThresholdMethod: input.lateThreshold?.method ?? 'fixed 1 ms (no measurement given)',
      lag,
      generatorLag,
      missed,
      // Only the generator's own lag says it fell behind; a server that answered late while
      // sends were on time shows in corrected latency instead (see open-loop.ts). p90, not p99:
      // a generator that fell behind is late for a large share of its sends, while a shared
      // machine's scheduler hiccups make a few sends late (and show in latency all the same).
      saturated: generatorLag.percentiles.p90 > thresholdNs || missedByGenerator,
      achievedRate,
    };
  }

  const reasons: string[] = [...input.extraReasons];
  if (totalErrors > 0) {
    const byKind = Object.entries(errors)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    reasons.push(`${totalErrors} failed operations (${byKind})`);
  }
  if (abandoned > 0) reasons.push(`${abandoned} operations still outstanding at the end were abandoned`);
  if (openLoop?.saturated) {
    reasons.push(
      `load generator saturated: it sent ${openLoop.achievedRate.toFixed(0)} of ${openLoop.targetRate} ops/s, ` +
        `p90 of its own send lag ${(openLoop.generatorLag!.percentiles.p90 / 1e6).toFixed(2)} ms ` +
        `(threshold ${(openLoop.lateThresholdNs / 1e6).toFixed(2)} ms)`,
    );
  }
  if (openLoop && openLoop.missed! > 0) {
    const cause = parts.some((p) => p.missedWaitingOnServer === true)
      ? 'every in-flight slot was waiting on the server (late replies)'
      : 'the generator fell behind';
    reasons.push(`${openLoop.missed} operations due in the measured phase were not sent (missed): ${cause}`);
  }
  const failedChecks = input.checks.filter((c) => !c.passed);
  for (const c of failedChecks) reasons.push(`check failed: ${c.name}: ${c.detail}`);
  // Nothing succeeded: whatever the figures say, they describe no working engine.
  const nothingSucceeded = totalOps === 0;
  if (nothingSucceeded) reasons.push(`no operation succeeded${totalErrors > 0 ? ` (${totalErrors} failed)` : ''}`);
  const status: RunResult['status'] =
    failedChecks.length > 0 || nothingSucceeded
      ? 'failed'
      : totalErrors > 0 || abandoned > 0 || openLoop?.saturated || (openLoop?.missed ?? 0) > 0 || input.extraReasons.length > 0
        ? 'degraded'
        : 'ok';

  const secrets = secretsOf([input.engine.options, input.workload.params, config.extra]);
  const scrub = (text: string): string => redactText(text, secrets);
  const label = scrub(input.label);
  const stamp = input.startedAt.toISOString().replace(/[:.]/g, '-');
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'cachebench.run',
    id: safeId(`${input.engine.name}__${input.workload.name}__${label}__${stamp}`),
    label,
    status,
    statusReasons: reasons.map(scrub),
    tool: input.tool,
    env: input.env,
    engine: redactEngine(withClientCounters(input.engine, parts), scrub),
    workload: { ...input.workload, params: redactOptions(input.workload.params) },
    config: { ...config, extra: redactOptions(config.extra) },
    timing: {
      startedAt: input.startedAt.toISOString(),
      endedAt: input.endedAt.toISOString(),
      preloadMs: input.preloadMs,
      warmupMs: config.warmupMs,
      measuredMs,
      ...(input.interrupted ? { interrupted: true } : {}),
    },
    summary: {
      ops: totalOps,
      errors: totalErrors,
      opsPerSec: totalOps / seconds,
      latency: allLatency,
      ...(allUncorrected ? { uncorrectedLatency: allUncorrected } : {}),
    },
    ops,
    timeSeries: { intervalMs, points },
    errors,
    ...(openLoop ? { openLoop } : {}),
    calibration: input.calibration,
    ...(input.machine ? { machine: input.machine } : {}),
    ...(input.domain ? { domain: input.domain.notes ? { ...input.domain, notes: input.domain.notes.map(scrub) } : input.domain } : {}),
    checks: input.checks.map((c) => ({ ...c, name: scrub(c.name), detail: scrub(c.detail) })),
  };
}

/** The threads' client counters (`MeasuredPart.client`), summed, on the engine record. */
function withClientCounters(engine: EngineRecord, parts: readonly MeasuredPart[]): EngineRecord {
  if (!parts.some((p) => p.client)) return engine;
  return { ...engine, client: sumCounters(parts.map((p) => p.client)) };
}

/** Counters added by name (absent records and names count as zero). */
export function sumCounters(records: readonly (Readonly<Record<string, number>> | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) if (r) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function redactEngine(engine: EngineRecord, scrub: (text: string) => string): EngineRecord {
  const text = <V>(record: Record<string, V>): Record<string, V> =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? scrub(v) : v])) as Record<string, V>;
  return {
    ...engine,
    options: redactOptions(engine.options),
    ...(engine.facts ? { facts: text(redactOptions(engine.facts)) } : {}),
    ...(engine.stats ? { stats: { ...engine.stats, before: text(engine.stats.before), after: text(engine.stats.after) } } : {}),
  };
}

function timeSeries(parts: readonly MeasuredPart[], intervalMs: number, measuredMs: number): TimeSeriesPoint[] {
  const byIndex = new Map<number, { ops: number; errors: number; encoded: string[] }>();
  for (const p of parts) {
    for (const iv of p.snapshot.intervals) {
      let slot = byIndex.get(iv.index);
      if (!slot) byIndex.set(iv.index, (slot = { ops: 0, errors: 0, encoded: [] }));
      slot.ops += iv.ops;
      slot.errors += iv.errors;
      if (iv.histogram) slot.encoded.push(iv.histogram);
    }
  }
  const points: TimeSeriesPoint[] = [];
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) {
    const slot = byIndex.get(index)!;
    const s = mergeEncoded(slot.encoded);
    points.push({
      t: Math.min((index + 1) * intervalMs, Math.max(measuredMs, index * intervalMs)) / 1000,
      ops: slot.ops,
      errors: slot.errors,
      p50Ns: s.percentiles.p50,
      p99Ns: s.percentiles.p99,
      maxNs: s.max,
      ...(s.count > 0 ? { histogram: s.histogram } : {}),
    });
  }
  return points;
}

export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** A result id safe in file names on every OS. */
export function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 180);
}
