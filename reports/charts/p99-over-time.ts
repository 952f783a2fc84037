/** p99 latency over time: the p99 of each interval of the measured phase, one line per result. */
import type { RunResult } from '../../shared/result-types.js';
import { nsToHuman } from '../format.js';
import { seriesNames } from '../data/series-names.js';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, latencyLabelExpr, latencyScaleIsLog, logTickValues, plottableNs, type ChartSpec } from './common.js';
import { timeSeriesRows } from './time-series.js';
import { chartSeriesColors, type ColorScale } from './engine-colors.js';
import { splitPastPalette } from './small-multiples.js';

export function p99OverTimeChart(results: readonly RunResult[], names: readonly string[] = seriesNames(results), reportColors?: ColorScale): ChartSpec | null {
  return splitPastPalette(results, names, { text: 'p99 latency over time', subtitle: 'the 99th percentile of each interval of the measured phase' }, (rs, ns) => panel(rs, ns, reportColors));
}

function panel(results: readonly RunResult[], names: readonly string[], reportColors?: ColorScale): ChartSpec | null {
  const rows = timeSeriesRows(results, names);
  const colors = chartSeriesColors(names, results.map((r) => r.engine.name), reportColors);
  if (rows.length === 0) return null;
  const log = latencyScaleIsLog(rows.map((r) => r.p99Ns));
  const values = rows.map((r) => ({
    series: r.series,
    t: r.t,
    p99Ns: plottableNs(r.p99Ns, log),
    p99: nsToHuman(r.p99Ns),
    p50: nsToHuman(r.p50Ns),
    max: nsToHuman(r.maxNs),
  }));
  return {
    title: { text: 'p99 latency over time', subtitle: 'the 99th percentile of each interval of the measured phase' },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.6 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'seconds into the measured phase', axis: { format: '~g' } },
      y: {
        field: 'p99Ns',
        type: 'quantitative',
        title: log ? 'p99 latency (log scale)' : 'p99 latency',
        scale: log ? { type: 'log' } : { type: 'linear', zero: true },
        axis: log ? { labelExpr: latencyLabelExpr(), values: logTickValues(values.map((r) => r.p99Ns)) } : { labelExpr: latencyLabelExpr() },
      },
      color: { field: 'series', type: 'nominal', title: 'result', scale: colors, sort: colors.domain },
      tooltip: [
        { field: 'series', type: 'nominal', title: 'result' },
        { field: 't', type: 'quantitative', title: 'second' },
        { field: 'p50', type: 'nominal', title: 'p50' },
        { field: 'p99', type: 'nominal', title: 'p99' },
        { field: 'max', type: 'nominal', title: 'max' },
      ],
    },
  };
}
