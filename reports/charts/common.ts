/**
 * What every chart shares: the spec type, size and look, the percentile axis of spectrum plots
 * (x = 1/(1−p) on a log scale, ticks labelled 50%, 90%, 99%…), the latency axis (values in ns,
 * each tick labelled in the unit that suits it, like `nsToHuman`), and the spectrum layer used by
 * the latency, open-loop and domain-latency charts. Chart functions are pure: same results in,
 * same spec out, with data inlined (`data.values`) and never a URL.
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import type { LatencySummary } from '../../shared/result-types.js';
import { nsToHuman } from '../format.js';
import { spectrumPoints } from '../data/spectrum.js';

/** A vega-lite spec as the report embeds it. */
export type ChartSpec = TopLevelSpec;

export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 260;

/** Look shared by every chart; system fonts only, so nothing is fetched. */
export const CHART_CONFIG: Config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  title: { anchor: 'start', fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  // labelLimit 0: legends are never truncated (a long label widens the legend instead).
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, orient: 'bottom', direction: 'vertical', columns: 2 },
  view: { stroke: '#ccc' },
};

/**
 * Legend of a dash channel: strokes drawn in a neutral colour (vega's stroke symbols get no colour
 * of their own from a dash encoding and would be invisible), so the legend shows each dash.
 * `encode` is vega's legend customisation, which vega-lite passes through but does not type.
 */
export const DASH_LEGEND = {
  symbolType: 'stroke',
  symbolSize: 500,
  symbolStrokeWidth: 2,
  encode: { symbols: { update: { stroke: { value: '#333' }, strokeWidth: { value: 2 } } } },
} as never;

/** Percentile tick positions on the 1/(1−p) axis and their labels. */
const PERCENTILE_TICKS: readonly (readonly [number, string])[] = [
  [2, '50%'],
  [10, '90%'],
  [100, '99%'],
  [1e3, '99.9%'],
  [1e4, '99.99%'],
  [1e5, '99.999%'],
  [1e6, '99.9999%'],
  [1e7, '99.99999%'],
];

/** Tick values up to `maxInverseTail` (at least the 50% and 90% ticks). */
export function percentileTickValues(maxInverseTail: number): number[] {
  const values = PERCENTILE_TICKS.filter(([v]) => v <= Math.max(maxInverseTail, 10)).map(([v]) => v);
  return values;
}

/** A vega expression mapping a tick value to its percentile label (`1000` → `99.9%`). */
export function percentileLabelExpr(): string {
  let expr = "''";
  for (let i = PERCENTILE_TICKS.length - 1; i >= 0; i--) {
    const [value, label] = PERCENTILE_TICKS[i]!;
    expr = `datum.value == ${value} ? '${label}' : ${expr}`;
  }
  return expr;
}

/**
 * A vega expression labelling a tick in ns in the unit that suits it (`1500` → `1.5 µs`), the
 * same choice `nsToHuman` makes, so axes and tables read alike.
 */
export function latencyLabelExpr(): string {
  return (
    "datum.value >= 1e9 ? format(datum.value / 1e9, '.3~r') + ' s'" +
    " : datum.value >= 1e6 ? format(datum.value / 1e6, '.3~r') + ' ms'" +
    " : datum.value >= 1e3 ? format(datum.value / 1e3, '.3~r') + ' µs'" +
    " : format(datum.value, '.3~r') + ' ns'"
  );
}

/**
 * Log scale when values span more than `LOG_SPREAD`× (a stall beside microsecond operations
 * would flatten everything else on a linear axis), linear from zero otherwise.
 */
export const LOG_SPREAD = 30;

export function latencyScaleIsLog(valuesNs: readonly number[]): boolean {
  let min = Infinity;
  let max = 0;
  for (const v of valuesNs) {
    if (v > 0 && v < min) min = v;
    if (v > max) max = v;
  }
  return max > 0 && max / min >= LOG_SPREAD;
}

/**
 * Ticks of a log latency axis: one per power of ten from below the smallest positive value to
 * above the largest. Vega's own log ticks (1, 2, 5 per decade) pile up over the eight decades a
 * stall beside nanosecond operations spans.
 */
export function logTickValues(values: readonly number[]): number[] {
  let min = Infinity;
  let max = 0;
  for (const v of values) {
    if (v > 0 && v < min) min = v;
    if (v > max) max = v;
  }
  if (max === 0) return [];
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) out.push(10 ** k);
  return out;
}

/**
 * Below 1 ns a histogram cannot tell values apart (it records integer ns); a log axis cannot show
 * 0, so on a log axis 0 ns is drawn at 1 ns (the tooltip still says 0 ns).
 */
export function plottableNs(valueNs: number, log: boolean): number {
  return log && valueNs < 1 ? 1 : valueNs;
}

/** A percentile as tooltip text with the precision the tail needs: `99.968%`. */
export function percentileText(percentile: number): string {
  return `${Number(percentile.toPrecision(percentile >= 99 ? 7 : 4))}%`;
}

/** One row of a spectrum chart's data. */
export interface SpectrumRow {
  readonly series: string;
  readonly kind: string;
  readonly percentile: string;
  readonly inverseTail: number;
  readonly latencyNs: number;
  readonly latency: string;
}

/** Rows of one line: `summary`'s spectrum under `series` and `kind`. */
export function spectrumRows(series: string, kind: string, summary: LatencySummary): SpectrumRow[] {
  return spectrumPoints(summary).map((p) => ({
    series,
    kind,
    percentile: percentileText(p.percentile),
    // Six digits place a point to far better than a pixel and keep the embedded JSON small.
    inverseTail: Number(p.inverseTail.toPrecision(6)),
    latencyNs: p.valueNs,
    latency: nsToHuman(p.valueNs),
  }));
}

export interface SpectrumChartOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Legend title of the colour channel (`series` values). */
  readonly colorTitle: string;
  /** Legend title of the dash channel (`kind` values); no dash channel when absent. */
  readonly dashTitle?: string;
  /** Colours of the `series` values (`seriesColors`); vega's default scheme when absent. */
  readonly colors?: { readonly domain: readonly string[]; readonly range: readonly string[] };
}

/**
 * A percentile spectrum: one line per (series, kind); colour tells series apart, dash tells kinds
 * apart when `dashTitle` is given. Null when there is nothing to draw.
 */
export function spectrumChart(rows: readonly SpectrumRow[], options: SpectrumChartOptions): ChartSpec | null {
  if (rows.length === 0) return null;
  const log = latencyScaleIsLog(rows.map((r) => r.latencyNs));
  const maxInverseTail = rows.reduce((m, r) => Math.max(m, r.inverseTail), 1);
  const values = rows.map((r) => ({ ...r, latencyNs: plottableNs(r.latencyNs, log) }));
  const tooltip = [
    { field: 'series', type: 'nominal', title: options.colorTitle },
    { field: 'kind', type: 'nominal', title: options.dashTitle ?? 'kind' },
    { field: 'percentile', type: 'nominal', title: 'percentile' },
    { field: 'latency', type: 'nominal', title: 'latency' },
  ] as const;
  return {
    title: { text: options.title, ...(options.subtitle === undefined ? {} : { subtitle: options.subtitle }) },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', point: { size: 12 }, strokeWidth: 1.6 },
    encoding: {
      x: {
        field: 'inverseTail',
        type: 'quantitative',
        title: 'percentile',
        scale: { type: 'log', domain: [1, Math.max(maxInverseTail, 10)] },
        axis: { values: percentileTickValues(maxInverseTail), labelExpr: percentileLabelExpr(), grid: true },
      },
      y: {
        field: 'latencyNs',
        type: 'quantitative',
        title: log ? 'latency (log scale)' : 'latency',
        scale: log ? { type: 'log' } : { type: 'linear', zero: true },
        axis: log ? { labelExpr: latencyLabelExpr(), values: logTickValues(values.map((r) => r.latencyNs)) } : { labelExpr: latencyLabelExpr() },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: options.colorTitle,
        ...(options.colors === undefined ? {} : { scale: { domain: [...options.colors.domain], range: [...options.colors.range] }, sort: [...options.colors.domain] }),
      },
      // The legend draws strokes, so a dashed kind looks dashed there too (not a dot).
      ...(options.dashTitle === undefined
        ? {}
        : { strokeDash: { field: 'kind', type: 'nominal', title: options.dashTitle, legend: DASH_LEGEND } }),
      detail: { field: 'kind', type: 'nominal' },
      order: { field: 'inverseTail', type: 'quantitative' },
      tooltip: [...tooltip],
    },
  };
}
