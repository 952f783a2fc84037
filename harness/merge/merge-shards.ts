/**
 * `cachebench merge`: shards of one run (`--shard I/N`) joined into one `RunResult`, exactly.
 * Histograms are HDR buckets, which add: the merged p99 of each operation kind (corrected and
 * uncorrected), of the whole run and of every interval is the p99 of one histogram fed every
 * shard's samples. Counts, errors by kind, late and missed operations add; series are placed on
 * one wall-clock grid (`series.ts`); workload figures are summarized from every shard's
 * per-thread parts at once, as one unsplit run would; each shard's configuration, environment,
 * engine statistics, window and clock offset are kept under `merged.shards`.
 *
 * Refusals (`MergeError`): results that are not shards, shards of different runs (the message
 * names each differing field and both values), two files for one shard. Missing shards and
 * shards that started late or ended early are not refusals: the result is marked degraded and
 * says which.
 */
import { workloadFactory } from '../../workloads/registry.js';
import { summarizeDomain } from '../../workloads/summarize-domain.js';
import { mergeEncoded } from '../../shared/histogram.js';
import { safeId, sum, sumCounters } from '../results/build-result.js';
import {
  RESULT_SCHEMA_VERSION,
  type Check,
  type DomainFigures,
  type MergedShard,
  type OpStats,
  type RunResult,
  type ShardRecord,
} from '../../shared/result-types.js';
import { identityDifferences } from '../shard/identity.js';
import { MergeError } from './merge-error.js';
import { mergeSeries } from './series.js';

export interface ShardFile {
  readonly source: string;
  readonly result: RunResult;
}

/** Shard starts this far apart (after clock correction when known) are reported as skew. */
export const SKEW_REPORT_MS = 50;

type Sharded = { source: string; result: RunResult; shard: ShardRecord };

export function mergeShards(files: readonly ShardFile[]): RunResult {
  if (files.length === 0) throw new MergeError('nothing to merge: give the result files of every shard');
  const shards = checkShards(files);
  const first = shards[0]!;
  const count = first.shard.count;
  const present = shards.map((s) => s.shard.index);
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!present.includes(i)) missing.push(i);

  const results = shards.map((s) => s.result);
  const starts = shards.map((s) => s.shard.window.measureStartEpochMs);
  const ends = shards.map((s) => s.shard.window.measureEndEpochMs);
  const startEpoch = Math.min(...starts);
  const measuredMs = Math.max(0, Math.max(...ends) - startEpoch);
  const seconds = measuredMs / 1000 || Number.MIN_VALUE;
  const run = first.shard.run;
  const open = run.loop === 'open';

  const kinds = [...new Set(results.flatMap((r) => Object.keys(r.ops)))];
  const ops: Record<string, OpStats> = {};
  for (const kind of kinds) {
    const parts = results.map((r) => r.ops[kind]).filter((o): o is OpStats => o !== undefined);
    const count = sum(parts.map((o) => o.count));
    const uncorrected = parts.map((o) => o.uncorrectedLatency?.histogram).filter((h): h is string => h !== undefined);
    ops[kind] = {
      count,
      errors: sum(parts.map((o) => o.errors)),
      opsPerSec: count / seconds,
      latency: mergeEncoded(parts.map((o) => o.latency.histogram)),
      ...(open && uncorrected.length > 0 ? { uncorrectedLatency: mergeEncoded(uncorrected) } : {}),
    };
  }
  const totalOps = sum(results.map((r) => r.summary.ops));
  const totalErrors = sum(results.map((r) => r.summary.errors));
  const errors: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + n;

  const series = mergeSeries(
    shards.map((s) => ({ result: s.result, measureStartEpochMs: s.shard.window.measureStartEpochMs })),
    measuredMs,
  );

  let openLoop: RunResult['openLoop'];
  if (open) {
    const loops = results.map((r) => r.openLoop).filter((o) => o !== undefined);
    const lag = mergeEncoded(loops.map((o) => o.lag.histogram));
    // Each shard's achieved rate over its own measured time is its attempted count.
    const attempted = sum(results.map((r) => (r.openLoop?.achievedRate ?? 0) * (r.timing.measuredMs / 1000)));
    const achievedRate = attempted / seconds;
    openLoop = {
      targetRate: run.rate!,
      arrival: run.arrival ?? 'constant',
      lateOps: sum(loops.map((o) => o.lateOps)),
      lateThresholdNs: loops[0]!.lateThresholdNs,
      lag,
      achievedRate,
      saturated: loops.some((o) => o.saturated),
    };
  }

  const skew = startSkews(shards);
  const reasons: string[] = [];
  if (missing.length > 0) reasons.push(`${missing.length} of ${count} shards missing: ${missing.join(', ')} (figures cover the others only)`);
  for (const s of shards) {
    const w = s.shard.window;
    if (w.late) reasons.push(`shard ${s.shard.index} started ${w.startSkewMs} ms late (${s.source})`);
    if (w.endedEarly) reasons.push(`shard ${s.shard.index} ended early${w.endSkewMs !== null ? ` by ${Math.round(-w.endSkewMs)} ms` : ''} (${s.source})`);
  }
  const spread = skew.reference ?? skew.local;
  if (spread.spreadMs > SKEW_REPORT_MS) {
    reasons.push(
      `shard starts spread over ${spread.spreadMs.toFixed(1)} ms${skew.reference ? ' (clock-corrected)' : ' (local clocks)'}, more than ${SKEW_REPORT_MS} ms`,
    );
  }
  for (const s of shards) {
    for (const why of s.result.statusReasons) {
      if (!/^shard \d+\/\d+ (started|ended)/.test(why)) reasons.push(`shard ${s.shard.index}: ${why}`);
    }
  }

  const { domain, checks } = mergeDomain(shards);
  const failed = checks.some((c) => !c.passed) || results.some((r) => r.status === 'failed');
  const status: RunResult['status'] = failed ? 'failed' : reasons.length > 0 ? 'degraded' : 'ok';

  const mergedShards: MergedShard[] = shards.map((s, i) => ({
    index: s.shard.index,
    id: s.result.id,
    source: s.source,
    status: s.result.status,
    statusReasons: s.result.statusReasons,
    env: s.result.env,
    config: s.result.config,
    engine: s.result.engine,
    timing: s.result.timing,
    window: s.shard.window,
    clock: s.shard.clock,
    threads: s.shard.threads,
    ops: s.result.summary.ops,
    errors: s.result.summary.errors,
    opsPerSec: s.result.summary.opsPerSec,
    calibration: s.result.calibration,
    startSkewMs: skew.local.perShard[i]!,
    referenceStartSkewMs: skew.reference?.perShard[i] ?? null,
  }));

  const label = first.result.label.replace(/ \[shard \d+\/\d+\]$/, '');
  const startedAt = new Date(Math.min(...results.map((r) => Date.parse(r.timing.startedAt))));
  const endedAt = new Date(Math.max(...results.map((r) => Date.parse(r.timing.endedAt))));
  const { stats: _perShardStats, client: _firstClient, ...engine } = first.result.engine;
  const clientCounts = results.some((r) => r.engine.client) ? { client: sumCounters(results.map((r) => r.engine.client)) } : {};
  const allLatency = results.map((r) => r.summary.latency.histogram);
  const allUncorrected = results.map((r) => r.summary.uncorrectedLatency?.histogram).filter((h): h is string => h !== undefined);
  const worstCalibration = results.reduce((a, r) => (r.calibration.harnessOverheadNsPerOp > a.harnessOverheadNsPerOp ? r.calibration : a), results[0]!.calibration);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'cachebench.run',
    id: safeId(`${engine.name}__${first.result.workload.name}__${label}__merged-${first.shard.runId}`),
    label,
    status,
    statusReasons: reasons,
    tool: first.result.tool,
    env: first.result.env,
    engine: { ...engine, ...clientCounts },
    workload: first.result.workload,
    config: run,
    timing: {
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      preloadMs: Math.max(...results.map((r) => r.timing.preloadMs)),
      warmupMs: run.warmupMs,
      measuredMs,
    },
    summary: {
      ops: totalOps,
      errors: totalErrors,
      opsPerSec: totalOps / seconds,
      latency: mergeEncoded(allLatency),
      ...(open && allUncorrected.length > 0 ? { uncorrectedLatency: mergeEncoded(allUncorrected) } : {}),
    },
    ops,
    timeSeries: { intervalMs: series.intervalMs, points: series.points },
    errors,
    ...(openLoop ? { openLoop } : {}),
    calibration: { ...worstCalibration, method: `${worstCalibration.method} (the highest of ${results.length} shards)` },
    ...(domain ? { domain } : {}),
    checks,
    merged: {
      runId: first.shard.runId,
      shardCount: count,
      present,
      missing,
      seriesAlignment: series.alignment,
      startSpreadMs: skew.local.spreadMs,
      referenceStartSpreadMs: skew.reference?.spreadMs ?? null,
      shards: mergedShards,
    },
  };
}

/**
 * Shard files of several runs (a suite's cells) split by run, in the order each run first
 * appears; each group then goes to `mergeShards` on its own.
 */
/**
 * Files of several runs (a sharded suite, `merge --group`), grouped into runs by run id. Shards
 * of one suite cell (the same suite and position, `config.extra.suiteCell`) that are not of one
 * run are refused, naming each field that differs — a shard run with another seed, tool
 * version or edited suite would otherwise become a run of its own, and both runs would merge
 * with shards "missing".
 */
export function groupByRun(files: readonly ShardFile[]): ShardFile[][] {
  const groups = new Map<string, ShardFile[]>();
  const runOfCell = new Map<string, ShardFile>();
  for (const f of files) {
    if (f.result.merged) throw new MergeError(`${f.source} is already a merged result; merge the shard files themselves`);
    if (!f.result.shard) throw new MergeError(`${f.source} is not a shard (it was not run with --shard I/N)`);
    const cell = suiteCellOf(f.result);
    if (cell !== null) {
      const other = runOfCell.get(cell.key);
      if (other === undefined) runOfCell.set(cell.key, f);
      else if (other.result.shard!.runId !== f.result.shard.runId) {
        // config.extra holds the suite cell's tag, whose hash changes with any field; name the fields themselves when some differ.
        const all = identityDifferences(f.result.shard.identity, other.result.shard!.identity);
        const named = all.filter((d) => !d.startsWith('config.extra:'));
        const diff = named.length > 0 ? named : all;
        throw new MergeError(
          `${f.source} (shard ${f.result.shard.index}) and ${other.source} (shard ${other.result.shard!.index}) are cell ${cell.index} of suite '${cell.suite}' ` +
            `but not one run: ${diff.length > 0 ? diff.join('; ') : `run ids ${f.result.shard.runId} vs ${other.result.shard!.runId}`}`,
        );
      }
    }
    const list = groups.get(f.result.shard.runId);
    if (list) list.push(f);
    else groups.set(f.result.shard.runId, [f]);
  }
  return [...groups.values()];
}

/** The suite cell a result was run as (`config.extra.suiteCell`, see harness/suite/cell-key.ts), if any. */
function suiteCellOf(r: RunResult): { key: string; suite: string; index: number } | null {
  const tag = (r.config.extra as { suiteCell?: { suite?: unknown; index?: unknown } }).suiteCell;
  if (tag === undefined || typeof tag.suite !== 'string' || typeof tag.index !== 'number') return null;
  return { key: `${tag.suite}\u0000${tag.index}`, suite: tag.suite, index: tag.index };
}

/** Every file a shard of one run, one file per shard; sorted by shard index. */
function checkShards(files: readonly ShardFile[]): Sharded[] {
  const out: Sharded[] = [];
  for (const f of files) {
    if (f.result.merged) throw new MergeError(`${f.source} is already a merged result; merge the shard files themselves`);
    if (!f.result.shard) throw new MergeError(`${f.source} is not a shard (it was not run with --shard I/N)`);
    out.push({ source: f.source, result: f.result, shard: f.result.shard });
  }
  const ref = out[0]!;
  for (const s of out.slice(1)) {
    if (s.shard.runId === ref.shard.runId) continue;
    const diff = identityDifferences(ref.shard.identity, s.shard.identity);
    throw new MergeError(
      `${s.source} (shard ${s.shard.index}) is not part of the same run as ${ref.source} (shard ${ref.shard.index}): ` +
        (diff.length > 0 ? diff.join('; ') : `run ids ${s.shard.runId} vs ${ref.shard.runId}`),
    );
  }
  const seen = new Map<number, string>();
  for (const s of out) {
    const other = seen.get(s.shard.index);
    if (other !== undefined) throw new MergeError(`shard ${s.shard.index} appears twice: ${other} and ${s.source}`);
    seen.set(s.shard.index, s.source);
  }
  return out.sort((a, b) => a.shard.index - b.shard.index);
}

/** Each shard's start relative to the median start; with every clock offset known, also on the reference clock. */
function startSkews(shards: readonly Sharded[]): {
  local: { perShard: number[]; spreadMs: number };
  reference: { perShard: number[]; spreadMs: number } | null;
} {
  const local = relative(shards.map((s) => s.shard.window.measureStartEpochMs));
  const offsets = shards.map((s) => (s.shard.clock && 'offsetMs' in s.shard.clock ? s.shard.clock.offsetMs : null));
  const reference = offsets.every((o) => o !== null)
    ? relative(shards.map((s, i) => s.shard.window.measureStartEpochMs + offsets[i]!))
    : null;
  return { local, reference };
}

function relative(starts: readonly number[]): { perShard: number[]; spreadMs: number } {
  const sorted = [...starts].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { perShard: starts.map((s) => round3(s - median)), spreadMs: round3(sorted[sorted.length - 1]! - sorted[0]!) };
}

/** Every shard's per-thread figures summarized at once (as one unsplit run); checks of every shard kept, named by shard. */
function mergeDomain(shards: readonly Sharded[]): { domain: DomainFigures | undefined; checks: Check[] } {
  const checks: Check[] = [];
  for (const s of shards) for (const c of s.result.checks) checks.push({ ...c, name: `${c.name} (shard ${s.shard.index})` });
  const wf = workloadFactory(shards[0]!.result.workload.name);
  const parts = shards.flatMap((s) => s.shard.domainParts ?? []);
  if (wf && parts.length > 0) {
    const summary = summarizeDomain(wf, parts, shards[0]!.result.workload.params);
    return { domain: summary.domain, checks: [...checks, ...summary.checks.map((c) => ({ ...c, name: `${c.name} (all shards)` }))] };
  }
  return { domain: parts[0] ?? shards[0]!.result.domain, checks };
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
