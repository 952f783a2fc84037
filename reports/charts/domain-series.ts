/**
 * One workload curve (`domain.series[name]`, e.g. hit ratio over seconds) as a line chart, one
 * line per result that reports it, so engines running the same workload share the chart. Curves
 * over time lose their partial trailing bucket (`wholeIntervalPoints`); colours follow the
 * report's engine colours, legends sort numerically, and more series than the palette become
 * small multiples.
 */
import type { RunResult } from '../../shared/result-types.js';
import { TIME_AXIS } from '../../workloads/scenarios/support/buckets.js';
import { seriesNames } from '../data/series-names.js';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, type ChartSpec } from './common.js';
import { chartSeriesColors, type ColorScale } from './engine-colors.js';
import { splitPastPalette } from './small-multiples.js';
import { wholeIntervalPoints } from './time-series.js';

export function domainSeriesChart(name: string, results: readonly RunResult[], names: readonly string[] = seriesNames(results), reportColors?: ColorScale): ChartSpec | null {
  const reporting = results.map((r, i) => ({ r, name: names[i]! })).filter((x) => x.r.domain?.series?.[name] !== undefined);
  const first = reporting[0]?.r.domain!.series![name];
  if (first === undefined) return null;
  return splitPastPalette(
    reporting.map((x) => x.r),
    reporting.map((x) => x.name),
    { text: name, subtitle: `${first.yLabel} over ${first.xLabel}` },
    (rs, ns) => domainSeriesPanel(name, rs, ns, reportColors),
  );
}

function domainSeriesPanel(name: string, results: readonly RunResult[], names: readonly string[], reportColors?: ColorScale): ChartSpec | null {
  let xLabel: string | undefined;
  let yLabel: string | undefined;
  const values: { series: string; x: number; y: number }[] = [];
  results.forEach((result, i) => {
    const curve = result.domain!.series![name]!;
    xLabel ??= curve.xLabel;
    yLabel ??= curve.yLabel;
    const points = curve.xLabel === TIME_AXIS ? wholeIntervalPoints(curve.points, result.timing.measuredMs) : curve.points;
    for (const p of points) values.push({ series: names[i]!, x: p.x, y: p.y });
  });
  if (values.length === 0) return null;
  const colors = chartSeriesColors(names, results.map((r) => r.engine.name), reportColors);
  return {
    title: { text: name, subtitle: `${yLabel} over ${xLabel}` },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.6 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xLabel ?? 'x' },
      y: { field: 'y', type: 'quantitative', title: yLabel ?? 'y' },
      color: { field: 'series', type: 'nominal', title: 'result', scale: colors, sort: colors.domain },
      order: { field: 'x', type: 'quantitative' },
      tooltip: [
        { field: 'series', type: 'nominal', title: 'result' },
        { field: 'x', type: 'quantitative', title: xLabel ?? 'x', format: '~g' },
        { field: 'y', type: 'quantitative', title: yLabel ?? 'y', format: '~g' },
      ],
    },
  };
}

/** Names of every curve the results report, in first-seen order. */
export function domainSeriesNames(results: readonly RunResult[]): string[] {
  const names = new Set<string>();
  for (const result of results) for (const name of Object.keys(result.domain?.series ?? {})) names.add(name);
  return [...names];
}
