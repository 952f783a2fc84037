/**
 * Throughput per engine × workload: one bar per result, in one panel per workload (each panel with
 * its own ops/s axis), coloured by engine (the report-wide engine colours), so the same workload
 * on two engines sits side by side.
 */
import type { RunResult } from '../../shared/result-types.js';
import { opsPerSecToHuman } from '../format.js';
import { seriesNames } from '../data/series-names.js';
import { CHART_CONFIG, CHART_WIDTH, type ChartSpec } from './common.js';
import { engineColors } from './engine-colors.js';

export function throughputChart(results: readonly RunResult[], names: readonly string[] = seriesNames(results)): ChartSpec | null {
  if (results.length === 0) return null;
  const colors = engineColors(results.map((r) => r.engine.name));
  const values = results.map((result, i) => ({
    series: names[i]!,
    engine: result.engine.name,
    workload: result.workload.name,
    opsPerSec: result.summary.opsPerSec,
    throughput: opsPerSecToHuman(result.summary.opsPerSec),
    status: result.status,
  }));
  return {
    title: { text: 'Throughput per engine × workload', subtitle: 'operations per second over the measured phase, one panel per workload' },
    config: CHART_CONFIG,
    data: { values },
    facet: {
      row: {
        field: 'workload',
        type: 'nominal',
        title: null,
        sort: null,
        header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold', labelFontSize: 12 },
      },
    },
    spacing: 8,
    // Every panel has its own ops/s scale: a 3.5M ops/s kv bar must not flatten a 4k leaderboard.
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: CHART_WIDTH - 140,
      height: { step: 20 },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'series', type: 'nominal', title: null, sort: null, axis: { labelLimit: 0 } },
        x: { field: 'opsPerSec', type: 'quantitative', title: 'ops/s', axis: { format: '~s' } },
        color: { field: 'engine', type: 'nominal', title: 'engine', scale: colors, sort: colors.domain },
        tooltip: [
          { field: 'series', type: 'nominal', title: 'result' },
          { field: 'engine', type: 'nominal' },
          { field: 'workload', type: 'nominal' },
          { field: 'throughput', type: 'nominal', title: 'throughput' },
          { field: 'status', type: 'nominal' },
        ],
      },
    },
  };
}
