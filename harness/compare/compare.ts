/**
 * Run comparison for CI gates, pure: group base and head results by cell (engine, workload,
 * label), and for each gate figure (throughput, p99) estimate head's change with a 95%
 * distribution-free interval (`shift.ts`), then decide against a minimum effect size:
 *
 * - `regressed`: the whole interval is worse than the minimum effect (e.g. throughput < −5%);
 * - `improved`: the whole interval is better than it;
 * - `no change`: the whole interval lies within ±minimum effect;
 * - `inconclusive`: the interval straddles ±minimum effect, too few repeats for an interval,
 *   either side degraded or failed, the load generator saturated on either side, or several
 *   different configurations share one cell's name;
 * - `missing`: the cell exists on one side only.
 *
 * The minimum effect is what matters to you, the interval is what the machine can tell: noise
 * widens the interval (towards `inconclusive`), never the threshold. A cell's verdict is its
 * worst figure's (regressed > inconclusive > improved > no change).
 */
import type { RunResult } from '../../shared/result-types.js';
import { gateFiguresFor, type GateFigure } from './gate-figures.js';
import { summarizeSample, type SampleSummary } from './sample.js';
import { estimateShift, type ShiftEstimate } from './shift.js';
import { minimumRepeatsPerSide } from './rank-sum.js';

export interface CompareOptions {
  /** Smallest relative change that earns `regressed` or `improved` (0.05 = 5%). @default 0.05 */
  readonly minEffect: number;
}

export const DEFAULT_MIN_EFFECT = 0.05;

export const VERDICTS = ['regressed', 'improved', 'no change', 'inconclusive', 'missing'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface FigureComparison {
  readonly figure: string;
  readonly unit: GateFigure['unit'];
  readonly better: GateFigure['better'];
  readonly base: SampleSummary | null;
  readonly head: SampleSummary | null;
  /** null when either side is missing, has a 0 value, or has too few repeats. */
  readonly shift: ShiftEstimate | null;
  readonly verdict: Verdict;
  readonly reason: string;
}

export interface CellComparison {
  /** `engine · workload · label`: what both sides are matched by. */
  readonly key: string;
  readonly label: string;
  readonly engine: string;
  readonly workload: string;
  readonly repeats: { readonly base: number; readonly head: number };
  readonly verdict: Verdict;
  /** What blocks a verdict for the cell as a whole (missing side, degraded, saturated…); figure reasons are in `figures`. */
  readonly reasons: readonly string[];
  /** Remarks that do not change the verdict (settings differ between the sides). */
  readonly notes: readonly string[];
  readonly figures: readonly FigureComparison[];
}

export interface Comparison {
  readonly minEffect: number;
  readonly cells: readonly CellComparison[];
  readonly counts: Readonly<Record<Verdict, number>>;
  /** Cells where a head result failed its checks: a correctness failure fails the gate. */
  readonly headFailures: readonly string[];
}

export function cellKey(r: RunResult): string {
  return `${r.engine.name} · ${r.workload.name} · ${r.label}`;
}

function group(results: readonly RunResult[]): Map<string, RunResult[]> {
  const m = new Map<string, RunResult[]>();
  for (const r of results) {
    const k = cellKey(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** JSON with sorted keys, so equal settings give equal text. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * What makes two results the same cell, apart from what differs by repeat: the seed each repeat
 * draws and the suite's bookkeeping tag (`config.extra.suiteCell`: position and spec hash).
 */
function configurationOf(r: RunResult): string {
  const { suiteCell: _tag, ...extra } = r.config.extra ?? {};
  return canonical({ options: r.engine.options, params: r.workload.params, config: { ...r.config, seed: undefined, extra } });
}

/** `3.1%` for reasons, signed (`+3.1%`, `−20.0%`). */
export function pct(x: number, signed = true): string {
  const s = (Math.abs(x) * 100).toFixed(1) + '%';
  if (!signed) return s;
  return x > 0 ? '+' + s : x < 0 ? '−' + s : s;
}

export function intervalText(s: ShiftEstimate): string {
  return `${pct(s.change)} [${pct(s.low)}, ${pct(s.high)}]`;
}

/** "head failed in 2 of 7 repeats: <first reason>". */
function sideProblem(side: 'base' | 'head', results: readonly RunResult[], what: (r: RunResult) => boolean, word: string): string | null {
  const bad = results.filter(what);
  if (bad.length === 0) return null;
  const first = bad[0]!.statusReasons[0];
  return `${side} ${word} in ${bad.length} of ${results.length} repeats${first ? `: ${first}` : ''}`;
}

/** Reasons the cell cannot be judged at all, whatever its figures say. */
function cellProblems(base: readonly RunResult[], head: readonly RunResult[]): string[] {
  const reasons: string[] = [];
  for (const [side, rs] of [
    ['base', base],
    ['head', head],
  ] as const) {
    const failed = sideProblem(side, rs, (r) => r.status === 'failed', 'failed');
    if (failed) reasons.push(failed);
    const saturated = rs.filter((r) => r.openLoop?.saturated === true).length;
    if (saturated > 0) reasons.push(`load generator saturated on ${side} in ${saturated} of ${rs.length} repeats: the figures show the generator's limit, not the engine's`);
    const degraded = sideProblem(side, rs, (r) => r.status === 'degraded' && r.openLoop?.saturated !== true, 'degraded');
    if (degraded) reasons.push(degraded);
    const configs = new Set(rs.map(configurationOf));
    if (configs.size > 1) reasons.push(`${configs.size} different configurations share this cell's name on ${side}: give the cells distinct labels`);
  }
  return reasons;
}

function decide(f: GateFigure, s: ShiftEstimate, minEffect: number): { verdict: Verdict; reason: string } {
  // Badness: positive = worse, whichever direction the figure prefers.
  const [worseLow, worseHigh] = f.better === 'higher' ? [-s.high, -s.low] : [s.low, s.high];
  const worseText = pct(f.better === 'higher' ? -minEffect : minEffect);
  const betterText = pct(f.better === 'higher' ? minEffect : -minEffect);
  const range = `[${pct(s.low)}, ${pct(s.high)}]`;
  if (worseLow > minEffect) return { verdict: 'regressed', reason: `${f.name} ${range} lies entirely beyond ${worseText}` };
  if (worseHigh < -minEffect) return { verdict: 'improved', reason: `${f.name} ${range} lies entirely beyond ${betterText}` };
  if (worseLow > -minEffect && worseHigh < minEffect) return { verdict: 'no change', reason: `${f.name} ${range} lies within ±${pct(minEffect, false)}` };
  return { verdict: 'inconclusive', reason: `${f.name} ${range} straddles ${worseLow <= -minEffect ? betterText : worseText}${worseLow <= -minEffect && worseHigh >= minEffect ? ` and ${worseText}` : ''}: more repeats or a quieter machine would narrow it` };
}

function compareFigure(f: GateFigure, base: readonly RunResult[], head: readonly RunResult[], minEffect: number, blocked: string | null): FigureComparison {
  const rawBase = base.map((r) => f.read(r));
  const rawHead = head.map((r) => f.read(r));
  // Common figures are checked when files are read; a workload's own may be absent from some repeats.
  if (![...rawBase, ...rawHead].every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const common = { figure: f.name, unit: f.unit, better: f.better, base: null, head: null, shift: null };
    return { ...common, verdict: 'inconclusive', reason: `${f.name} (${f.field}) is not a number in every repeat` };
  }
  const b = rawBase as number[];
  const h = rawHead as number[];
  const sides = { base: summarizeSample(b), head: summarizeSample(h) };
  const common = { figure: f.name, unit: f.unit, better: f.better, ...sides };
  if (b.some((v) => !(v > 0)) || h.some((v) => !(v > 0))) {
    return { ...common, shift: null, verdict: 'inconclusive', reason: `${f.name} is 0 in some repeats (nothing measured?): no ratio to estimate` };
  }
  const shift = estimateShift(b, h);
  if (shift === null) {
    return {
      ...common,
      shift: null,
      verdict: 'inconclusive',
      reason: `too few repeats (base ${b.length}, head ${h.length}): a 95% interval needs at least ${minimumRepeatsPerSide()} per side`,
    };
  }
  if (blocked !== null) return { ...common, shift, verdict: 'inconclusive', reason: blocked };
  return { ...common, shift, ...decide(f, shift, minEffect) };
}

const SEVERITY: readonly Verdict[] = ['regressed', 'missing', 'inconclusive', 'improved', 'no change'];

function worst(verdicts: readonly Verdict[]): Verdict {
  for (const v of SEVERITY) if (verdicts.includes(v)) return v;
  return 'no change';
}

function first(rs: readonly RunResult[]): RunResult {
  return rs[0]!;
}

export function compareRuns(base: readonly RunResult[], head: readonly RunResult[], options: CompareOptions = { minEffect: DEFAULT_MIN_EFFECT }): Comparison {
  const b = group(base);
  const h = group(head);
  const keys = [...new Set([...b.keys(), ...h.keys()])].sort();
  const headFailures: string[] = [];
  const cells = keys.map((key): CellComparison => {
    const bs = b.get(key) ?? [];
    const hs = h.get(key) ?? [];
    const any = first(bs.length > 0 ? bs : hs);
    const identity = { key, label: any.label, engine: any.engine.name, workload: any.workload.name, repeats: { base: bs.length, head: hs.length } };
    if (bs.length === 0 || hs.length === 0) {
      return { ...identity, verdict: 'missing', reasons: [`no ${bs.length === 0 ? 'base' : 'head'} results for this cell`], notes: [], figures: [] };
    }
    if (hs.some((r) => r.status === 'failed')) headFailures.push(key);
    const problems = cellProblems(bs, hs);
    const figures = gateFiguresFor(any.workload.name).map((f) => compareFigure(f, bs, hs, options.minEffect, problems.length > 0 ? problems.join('; ') : null));
    const notes =
      problems.length === 0 && configurationOf(first(bs)) !== configurationOf(first(hs))
        ? ['base and head ran this cell with different settings (engine options, workload parameters or run config)']
        : [];
    return { ...identity, verdict: worst(figures.map((f) => f.verdict)), reasons: problems, notes, figures };
  });
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, cells.filter((c) => c.verdict === v).length])) as Record<Verdict, number>;
  return { minEffect: options.minEffect, cells, counts, headFailures };
}

export interface GateOptions {
  /** Cells on one side only do not fail the gate. @default false */
  readonly allowMissing?: boolean;
  /** `inconclusive` fails the gate. @default false */
  readonly strict?: boolean;
}

/** 1 on `regressed`, on a failed head check, on `missing` unless allowed, on `inconclusive` when strict; else 0. */
export function gateExitCode(c: Comparison, options: GateOptions = {}): 0 | 1 {
  if (c.counts.regressed > 0 || c.headFailures.length > 0) return 1;
  if (!options.allowMissing && c.counts.missing > 0) return 1;
  if (options.strict && c.counts.inconclusive > 0) return 1;
  return 0;
}

/** One word for the whole comparison: the worst cell verdict. */
export function overallVerdict(c: Comparison): Verdict {
  return worst(c.cells.map((x) => x.verdict));
}
