/**
 * Runs a rate search or a sweep for one cell: every step is an ordinary open-loop `runCell` at
 * its rate (coordinated-omission corrected latency, warm-up excluded), judged by `judgeStep`,
 * and the steps with the answer become a `SearchRecord`. The results are returned for the
 * caller to write; nothing here prints.
 */
import { randomSeed } from '../../shared/rng.js';
import { collectToolInfo } from '../env.js';
import type { RunResult } from '../../shared/result-types.js';
import { runCell, type CellSpec, type RunHooks } from '../cell/run-cell.js';
import { kneeOf } from './knee.js';
import { SEARCH_SCHEMA_VERSION, type SearchRecord, type SearchStepRecord } from './record.js';
import { roundRate, searchRate, validateSearchOptions, type SearchAnswer, type SearchOptions, type StepPhase } from './search.js';
import type { Slo } from './slo.js';
import { judgedLatency, judgeStep, type StepVerdict } from './step.js';

export interface SearchHooks {
  /** Hooks for each step's run (progress, Ctrl-C). */
  readonly run?: RunHooks;
  /** Called before each step starts. */
  onStepStart?(rate: number, phase: StepPhase | 'sweep', index: number): void;
  /** Called after each step with its result and verdict, before the next step starts (write it here). */
  onStep?(step: SearchStepRecord, result: RunResult): void | Promise<void>;
}

export interface SearchRun {
  readonly record: SearchRecord;
  readonly results: readonly RunResult[];
}

/** Every step of one search draws from the same seed: one picked now when the cell has none. */
export function withFixedSeed(cell: CellSpec): CellSpec {
  if (cell.config?.seed !== undefined) return cell;
  return { ...cell, config: { ...cell.config, seed: randomSeed() } };
}

/** The cell at one rate: open loop, labelled with the rate when the user gave a label. */
export function cellAtRate(cell: CellSpec, rate: number): CellSpec {
  return {
    ...cell,
    config: { ...cell.config, rate, loop: 'open' },
    ...(cell.label !== undefined ? { label: `${cell.label} ${rate} ops/s` } : {}),
  };
}

async function step(cell: CellSpec, rate: number, phase: StepPhase | 'sweep', slos: readonly Slo[], index: number, hooks: SearchHooks) {
  hooks.onStepStart?.(rate, phase, index);
  const result = await runCell(cellAtRate(cell, rate), hooks.run ?? {});
  const verdict: StepVerdict | null = slos.length > 0 ? judgeStep(result, slos) : null;
  const record = stepRecord(rate, phase, result, verdict);
  await hooks.onStep?.(record, result);
  return { result, verdict, record };
}

export async function runSloSearch(cell: CellSpec, slos: readonly Slo[], options: SearchOptions, hooks: SearchHooks = {}): Promise<SearchRun> {
  if (slos.length === 0) throw new RangeError('a rate search needs at least one SLO');
  const o = validateSearchOptions(options);
  cell = withFixedSeed(cell);
  const startedAt = new Date();
  const results: RunResult[] = [];
  const records: SearchStepRecord[] = [];
  const outcome = await searchRate(
    o,
    async (rate, phase) => {
      const s = await step(cell, rate, phase, slos, records.length, hooks);
      results.push(s.result);
      records.push(s.record);
      return s.verdict!;
    },
    () => hooks.run?.signal?.aborted === true,
  );
  return {
    results,
    record: buildRecord('slo', cell, results, records, slos, { rateMin: o.rateMin, rateMax: o.rateMax, resolution: o.resolution, factor: o.factor }, outcome.answer, startedAt),
  };
}

export async function runSweep(cell: CellSpec, rates: readonly number[], slos: readonly Slo[], hooks: SearchHooks = {}): Promise<SearchRun> {
  if (rates.length === 0) throw new RangeError('a sweep needs at least one rate');
  cell = withFixedSeed(cell);
  const startedAt = new Date();
  const results: RunResult[] = [];
  const records: SearchStepRecord[] = [];
  const verdicts: { rate: number; verdict: StepVerdict | null }[] = [];
  for (const rate of rates) {
    if (hooks.run?.signal?.aborted) break;
    const s = await step(cell, rate, 'sweep', slos, records.length, hooks);
    results.push(s.result);
    records.push(s.record);
    verdicts.push({ rate, verdict: s.verdict });
  }
  const interrupted = verdicts.length < rates.length;
  const answer = slos.length > 0 ? sweepAnswer(verdicts as { rate: number; verdict: StepVerdict }[], interrupted) : null;
  return { results, record: buildRecord('sweep', cell, results, records, slos, { rates: [...rates] }, answer, startedAt) };
}

/**
 * A sweep's answer: the highest given rate that met the SLOs below the lowest failing one
 * (rates in ascending order). Nothing is repeated in a sweep, so it is never `confirmed`, and
 * its resolution is the gap to the next rate given.
 */
export function sweepAnswer(steps: readonly { rate: number; verdict: StepVerdict }[], interrupted: boolean): SearchAnswer {
  const sorted = [...steps].sort((a, b) => a.rate - b.rate);
  const firstFail = sorted.find((s) => !s.verdict.meets) ?? null;
  const passing = sorted.filter((s) => s.verdict.meets && (firstFail === null || s.rate < firstFail.rate));
  const best = passing.length > 0 ? passing[passing.length - 1]! : null;
  const resolution = best !== null && firstFail !== null ? firstFail.rate / best.rate - 1 : 0;
  const base = { firstFailingRate: firstFail?.rate ?? null, confirmed: false, resolution, interrupted };
  if (best === null) return { rate: null, bound: 'none', limitedBy: firstFail?.verdict.limit ?? 'server', ...base };
  if (firstFail === null) return { rate: best.rate, bound: 'at-least', limitedBy: 'range', ...base };
  const limitedBy = firstFail.verdict.limit ?? 'server';
  return { rate: best.rate, bound: limitedBy === 'generator' ? 'at-least' : 'exact', limitedBy, ...base };
}

function stepRecord(rate: number, phase: StepPhase | 'sweep', r: RunResult, v: StepVerdict | null): SearchStepRecord {
  const p = judgedLatency(r).percentiles;
  return {
    rate,
    phase,
    resultId: r.id,
    achievedRate: r.openLoop?.achievedRate ?? r.summary.opsPerSec,
    status: r.status,
    latencyNs: { p50: p.p50, p90: p.p90, p99: p.p99, p99_9: p.p99_9, p99_99: p.p99_99 },
    meets: v === null ? null : v.meets,
    reasons: v?.reasons ?? [],
    limit: v?.limit ?? null,
    limitReason: v?.limitReason ?? null,
    disturbed: r.machine?.disturbed === true,
  };
}

function buildRecord(
  mode: 'slo' | 'sweep',
  cell: CellSpec,
  results: readonly RunResult[],
  steps: readonly SearchStepRecord[],
  slos: readonly Slo[],
  search: SearchRecord['search'],
  answer: SearchAnswer | null,
  startedAt: Date,
): SearchRecord {
  const first = results[0];
  const { rate: _rate, ...config } = first?.config ?? { rate: null, loop: 'open', concurrency: 0, arrival: null, threads: 1, durationMs: null, requests: null, warmupMs: 0, seed: 0, timeoutMs: 0, extra: {} };
  const knee = kneeOf(steps.map((s) => ({ rate: s.achievedRate, latencyNs: s.latencyNs.p99 })));
  const label = cell.label ?? `${cell.engine.name} ${cell.workload.name}`;
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  return {
    schemaVersion: SEARCH_SCHEMA_VERSION,
    kind: 'cachebench.search',
    id: `${mode}__${label}__${stamp}`.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 180),
    mode,
    label,
    engine: { name: cell.engine.name, location: first?.engine.location ?? 'unknown' },
    workload: {
      name: cell.workload.name,
      params: first?.workload.params ?? cell.workload.params ?? {},
      ...(first?.workload.waitKinds !== undefined ? { waitKinds: first.workload.waitKinds } : {}),
    },
    config,
    slos: slos.map((s) => ({ percentile: s.percentile, thresholdNs: s.thresholdNs })),
    search,
    steps,
    answer,
    knee: knee === null ? null : { rate: roundRate(knee.rate), p99Ns: knee.latencyNs },
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    tool: collectToolInfo(),
  };
}
