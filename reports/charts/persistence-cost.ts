/**
 * What each persistence mode costs, relative to the baseline (`none`): one panel for throughput
 * (÷ none) and one for p99 (÷ none), a bar per mode, colour per engine (the report-wide engine
 * colours). A bar at 1 costs nothing; throughput 0.4 is 60% fewer ops/s, p99 3 is three times
 * the tail.
 */
import type { PersistenceComparison } from '../data/persistence-modes.js';
import { CHART_CONFIG, type ChartSpec } from './common.js';
import type { ColorScale } from './engine-colors.js';

export function persistenceCostChart(comparisons: readonly PersistenceComparison[], engines: ColorScale): ChartSpec | null {
  const values = comparisons.flatMap((c) =>
    c.rows.flatMap((r) => [
      { engine: c.engine, workload: c.workload, mode: r.mode, figure: `throughput ÷ ${c.baseline}`, ratio: r.throughputVsBase, text: `${r.throughputVsBase.toFixed(2)}×` },
      { engine: c.engine, workload: c.workload, mode: r.mode, figure: `p99 ÷ ${c.baseline}`, ratio: r.p99VsBase, text: `${r.p99VsBase.toFixed(2)}×` },
    ]),
  );
  if (values.length === 0) return null;
  return {
    title: { text: 'What each persistence mode costs', subtitle: 'relative to no persistence (1× = no cost); one bar per mode' },
    config: CHART_CONFIG,
    data: { values: values.filter((v) => Number.isFinite(v.ratio)) },
    facet: { column: { field: 'figure', type: 'nominal', title: null, sort: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 260,
      height: { step: 18 },
      layer: [
        {
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y: { field: 'mode', type: 'nominal', title: null, sort: null, axis: { labelLimit: 0 } },
            yOffset: { field: 'engine', type: 'nominal' },
            x: { field: 'ratio', type: 'quantitative', title: '× baseline', scale: { zero: true } },
            color: { field: 'engine', type: 'nominal', title: 'engine', scale: { domain: [...engines.domain], range: [...engines.range] } },
            tooltip: [
              { field: 'engine', type: 'nominal' },
              { field: 'workload', type: 'nominal' },
              { field: 'mode', type: 'nominal' },
              { field: 'figure', type: 'nominal' },
              { field: 'text', type: 'nominal', title: 'ratio' },
            ],
          },
        },
        { mark: { type: 'rule', color: '#333', strokeDash: [3, 3] }, encoding: { x: { datum: 1 } } },
      ],
    },
  } as ChartSpec;
}
