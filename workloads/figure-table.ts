/**
 * Workload figures as data. A workload states each figure it reports once, as a row of its
 * table — name, unit, how threads' values merge into the run's, one line of doc — and the rest
 * derives from the table: the per-thread figures `domain()` hands over are checked against it
 * (`threadFigures`: an undeclared figure is a programming error and throws), the run's figures
 * are merged by each row's rule (`mergeFigures`, used by `runCell` for one process's threads and
 * by `merge` for every shard's threads alike, through `summarizeDomain`), the result records each
 * figure's unit (`domain.units`) so the terminal table, the Markdown summary and the HTML report
 * print it in its unit, and `compare`'s gate figures are the rows marked `better`. The model is
 * YCSB's workload files and vitest's typed option table: one declaration, many readers.
 *
 * Merge rules, in the order a row is evaluated (table order, so a ratio may use any row above):
 * - `sum`: the threads' values added (counts; rates over the same measured phase).
 * - `max`: the largest thread's value (a peak, a size every thread sees).
 * - `last`: every thread reports the same value (a parameter, a layout); the last one is kept.
 * - `{ ratio: [n, d] }`: n ÷ d of the merged figures (d may be a list, added), per thread too;
 *   absent when d is 0 — a ratio with nothing under it states nothing (no reads → no hit ratio).
 * - `{ latency, stat }`: a statistic of a latency distribution the threads recorded
 *   (`domain.latencies`), taken after the HDR histograms are merged exactly.
 * - `derived`: computed by the workload's `summarize` from what the rules cannot reach (curves,
 *   the cross-thread checks); nowhere else.
 * A `hidden` row is raw material: it crosses threads in the parts (a ratio's operand) but is not
 * one of the run's figures. A row with `when` is present only for some parameter values.
 */
import type { DomainFigures, FigureUnit, LatencySummary, PercentileKey } from '../shared/result-types.js';
import type { WorkloadParams } from './types.js';

export type FigureValue = number | string | boolean;

export type FigureMerge =
  | 'sum'
  | 'max'
  | 'last'
  | { readonly ratio: readonly [numerator: string, denominator: string | readonly string[]] }
  | { readonly latency: string; readonly stat: 'mean' | PercentileKey }
  | 'derived';

export interface FigureSpec {
  readonly name: string;
  readonly unit: FigureUnit;
  readonly merge: FigureMerge;
  /** One line: what the figure counts, for `list`, the docs and a reader of the result. */
  readonly doc: string;
  /** Raw material between threads (a ratio's operand), dropped from the run's figures. */
  readonly hidden?: boolean;
  /** `compare` gates on this figure beside throughput, p50 and p99; which direction is better. */
  readonly better?: 'higher' | 'lower';
  /** Present only when this holds of the run's parameters (the doc says when). */
  readonly when?: (params: WorkloadParams) => boolean;
}

export type FigureTable = readonly FigureSpec[];

/** A thread reports these rows' values itself; the others are computed from them. */
function measured(spec: FigureSpec): boolean {
  return spec.merge === 'sum' || spec.merge === 'max' || spec.merge === 'last';
}

function operands(merge: FigureMerge): readonly string[] {
  if (typeof merge !== 'object' || !('ratio' in merge)) return [];
  const [n, d] = merge.ratio;
  return [n, ...(typeof d === 'string' ? [d] : d)];
}

/**
 * A figure table, checked once when the workload's module loads: names unique, a ratio's
 * operands declared above it, hidden rows never gated on.
 */
export function defineFigures(specs: FigureTable): FigureTable {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new Error(`figure table: ${spec.name} is declared twice`);
    for (const name of operands(spec.merge)) {
      if (!seen.has(name)) throw new Error(`figure table: ${spec.name} divides ${name}, which is not declared above it`);
    }
    if (spec.hidden && spec.better) throw new Error(`figure table: hidden figure ${spec.name} cannot be gated on`);
    seen.add(spec.name);
  }
  return Object.freeze([...specs]);
}

function ratioOf(merge: FigureMerge, figures: Readonly<Record<string, FigureValue>>): number | undefined {
  if (typeof merge !== 'object' || !('ratio' in merge)) return undefined;
  const [n, d] = merge.ratio;
  const num = figures[n];
  let den = 0;
  for (const name of typeof d === 'string' ? [d] : d) {
    const v = figures[name];
    if (typeof v === 'number') den += v;
  }
  return typeof num === 'number' && den !== 0 ? num / den : undefined;
}

/**
 * One thread's figures for `domain()`: exactly the values it measured (rows merged by sum, max
 * or last; a name the table does not declare throws, naming the declared ones), plus the ratios
 * they give, so a thread's part reads like the run's.
 */
export function threadFigures(table: FigureTable, values: Readonly<Record<string, FigureValue>>): Record<string, FigureValue> {
  for (const name of Object.keys(values)) {
    const spec = table.find((s) => s.name === name);
    if (!spec) throw new Error(`figure ${name} is not in the workload's figure table (declared: ${table.map((s) => s.name).join(', ')})`);
    if (!measured(spec)) throw new Error(`figure ${name} is computed from other figures (merge ${JSON.stringify(spec.merge)}); a thread does not report it`);
  }
  const out: Record<string, FigureValue> = { ...values };
  for (const spec of table) {
    const r = ratioOf(spec.merge, out);
    if (r !== undefined) out[spec.name] = r;
  }
  return out;
}

function mergeMeasured(spec: FigureSpec, parts: readonly DomainFigures[]): FigureValue | undefined {
  let out: FigureValue | undefined;
  for (const part of parts) {
    const v = part.figures[spec.name];
    if (v === undefined) continue;
    if (spec.merge === 'last' || out === undefined || typeof v !== 'number' || typeof out !== 'number') out = v;
    else out = spec.merge === 'sum' ? out + v : Math.max(out, v);
  }
  return out;
}

/**
 * The run's figures from its threads' parts, each row by its rule, in table order; hidden rows
 * dropped. `derived` holds the values of the `derived` rows (from the workload's `summarize`);
 * a value there for any other name throws.
 */
export function mergeFigures(
  table: FigureTable,
  parts: readonly DomainFigures[],
  latencies: Readonly<Record<string, LatencySummary>>,
  derived: Readonly<Record<string, FigureValue>> = {},
): Record<string, FigureValue> {
  for (const name of Object.keys(derived)) {
    if (table.find((s) => s.name === name)?.merge !== 'derived') {
      throw new Error(`figure ${name} is not a derived figure of the workload's figure table (derived: ${table.filter((s) => s.merge === 'derived').map((s) => s.name).join(', ') || 'none'})`);
    }
  }
  const all: Record<string, FigureValue> = {};
  for (const spec of table) {
    const m = spec.merge;
    let v: FigureValue | undefined;
    if (m === 'sum' || m === 'max' || m === 'last') v = mergeMeasured(spec, parts);
    else if (m === 'derived') v = derived[spec.name];
    else if ('ratio' in m) v = ratioOf(m, all);
    else {
      const l = latencies[m.latency];
      v = l === undefined || l.count === 0 ? undefined : m.stat === 'mean' ? l.mean : l.percentiles[m.stat];
    }
    if (v !== undefined) all[spec.name] = v;
  }
  const out: Record<string, FigureValue> = {};
  for (const spec of table) if (!spec.hidden && all[spec.name] !== undefined) out[spec.name] = all[spec.name]!;
  return out;
}

/** The unit of each figure present, for `domain.units`. */
export function figureUnits(table: FigureTable, figures: Readonly<Record<string, FigureValue>>): Record<string, FigureUnit> {
  const out: Record<string, FigureUnit> = {};
  for (const spec of table) if (spec.name in figures) out[spec.name] = spec.unit;
  return out;
}

/** The rows a run of these parameters reports (not hidden, `when` holding). */
export function shownFigures(table: FigureTable, params: WorkloadParams): FigureSpec[] {
  return table.filter((s) => !s.hidden && (s.when === undefined || s.when(params)));
}

function mergeText(merge: FigureMerge): string {
  if (merge === 'sum') return 'summed over threads';
  if (merge === 'max') return 'largest thread';
  if (merge === 'last') return 'same in every thread';
  if (merge === 'derived') return 'from the whole run';
  if ('ratio' in merge) {
    const [n, d] = merge.ratio;
    return `${n} ÷ ${typeof d === 'string' ? d : d.join(' + ')}`;
  }
  return `${merge.stat} of ${merge.latency}`;
}

/** One line per shown row for `cachebench list`: `hitRatio [fraction, hits ÷ hits + misses]: doc`. */
export function figureDoc(spec: FigureSpec): string {
  return `${spec.name} [${spec.unit}, ${mergeText(spec.merge)}${spec.better ? `, gated: ${spec.better} is better` : ''}]: ${spec.doc}`;
}

/** `compare`'s gate figures besides throughput, p50 and p99: the rows marked `better`, with their units. */
export function gateFiguresOf(table: FigureTable): { readonly name: string; readonly unit: FigureUnit; readonly better: 'higher' | 'lower' }[] {
  return table.filter((s) => s.better !== undefined && !s.hidden).map((s) => ({ name: s.name, unit: s.unit, better: s.better! }));
}
