/**
 * The comparison as a forest plot, one chart per gate figure: a row per cell, a point at the
 * estimated change (head / base − 1) and a line over its 95% interval, coloured by verdict, over
 * a grey band of ±minimum effect, so "the whole interval is outside the band" reads at a glance.
 * Pure: the same comparison gives the same spec; labels travel as data, never as expressions.
 */
import type { Comparison, Verdict } from '../../harness/compare/compare.js';
import { CHART_CONFIG, CHART_WIDTH, type ChartSpec } from './common.js';

const VERDICT_COLOURS: readonly (readonly [Verdict, string])[] = [
  ['regressed', '#cf222e'],
  ['improved', '#1a7f37'],
  ['no change', '#57606a'],
  ['inconclusive', '#bf8700'],
];

export interface ForestRow {
  readonly cell: string;
  readonly change: number;
  readonly low: number;
  readonly high: number;
  readonly verdict: Verdict;
  readonly interval: string;
  readonly reason: string;
}

function percentText(x: number): string {
  const s = `${(Math.abs(x) * 100).toFixed(1)}%`;
  return x > 0 ? `+${s}` : x < 0 ? `−${s}` : s;
}

export function forestRows(c: Comparison, figure: string): ForestRow[] {
  const rows: ForestRow[] = [];
  for (const cell of c.cells) {
    const f = cell.figures.find((x) => x.figure === figure);
    if (!f?.shift) continue;
    rows.push({
      cell: cell.key,
      change: f.shift.change,
      low: f.shift.low,
      high: f.shift.high,
      verdict: f.verdict,
      interval: `${percentText(f.shift.change)} [${percentText(f.shift.low)}, ${percentText(f.shift.high)}]`,
      reason: f.reason,
    });
  }
  return rows;
}

/** Null when no cell has an interval for `figure`. */
export function forestChart(c: Comparison, figure: string, better: 'higher' | 'lower'): ChartSpec | null {
  const values = forestRows(c, figure);
  if (values.length === 0) return null;
  const y = { field: 'cell', type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } } as const;
  const x = { type: 'quantitative', title: 'change (head / base − 1), 95% interval', axis: { format: '+.0%' } } as const;
  return {
    title: {
      text: `${figure}: change per cell`,
      subtitle: `${better === 'higher' ? 'right' : 'left'} is better; the grey band is ±${(c.minEffect * 100).toFixed(1)}% (minimum effect)`,
    },
    width: CHART_WIDTH - 200,
    height: { step: 22 },
    config: CHART_CONFIG,
    data: { values },
    layer: [
      {
        data: { values: [{ from: -c.minEffect, to: c.minEffect }] },
        mark: { type: 'rect', color: '#eaeef2' },
        encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' } },
      },
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#8c959f' }, encoding: { x: { ...x, field: 'zero' } } },
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          y,
          x: { ...x, field: 'low' },
          x2: { field: 'high' },
          color: { field: 'verdict', type: 'nominal', title: 'verdict', scale: { domain: VERDICT_COLOURS.map((v) => v[0]), range: VERDICT_COLOURS.map((v) => v[1]) } },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 60, tooltip: true },
        encoding: {
          y,
          x: { ...x, field: 'change' },
          color: { field: 'verdict', type: 'nominal' },
          tooltip: [
            { field: 'cell', type: 'nominal' },
            { field: 'interval', type: 'nominal', title: 'change [95%]' },
            { field: 'verdict', type: 'nominal' },
            { field: 'reason', type: 'nominal' },
          ],
        },
      },
    ],
  } as ChartSpec;
}
