/** Throughput over time: ops/s per interval of the measured phase, one line per result. */
import type { RunResult } from '../../shared/result-types.js';
import { seriesNames } from '../data/series-names.js';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, type ChartSpec } from './common.js';
import { timeSeriesRows } from './time-series.js';
import { chartSeriesColors, type ColorScale } from './engine-colors.js';
import { splitPastPalette } from './small-multiples.js';

export function throughputOverTimeChart(results: readonly RunResult[], names: readonly string[] = seriesNames(results), reportColors?: ColorScale): ChartSpec | null {
  return splitPastPalette(results, names, { text: 'Throughput over time', subtitle: 'ops/s in each interval of the measured phase' }, (rs, ns) => panel(rs, ns, reportColors));
}

function panel(results: readonly RunResult[], names: readonly string[], reportColors?: ColorScale): ChartSpec | null {
  const values = timeSeriesRows(results, names);
  const colors = chartSeriesColors(names, results.map((r) => r.engine.name), reportColors);
  if (values.length === 0) return null;
  return {
    title: { text: 'Throughput over time', subtitle: 'ops/s in each interval of the measured phase' },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.6 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'seconds into the measured phase', axis: { format: '~g' } },
      y: { field: 'opsPerSec', type: 'quantitative', title: 'ops/s', axis: { format: '~s' }, scale: { zero: true } },
      color: { field: 'series', type: 'nominal', title: 'result', scale: colors, sort: colors.domain },
      tooltip: [
        { field: 'series', type: 'nominal', title: 'result' },
        { field: 't', type: 'quantitative', title: 'second' },
        { field: 'opsPerSec', type: 'quantitative', title: 'ops/s', format: ',.0f' },
        { field: 'errorsPerSec', type: 'quantitative', title: 'errors/s', format: ',.0f' },
      ],
    },
  };
}
