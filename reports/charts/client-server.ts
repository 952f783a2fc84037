/**
 * Client and server, one above the other on one time axis: on top the client's ops/s and p99 per
 * interval, below the server's own figures over the same intervals (commands/s, CPU, memory, hit
 * ratio: `data/server-rates.ts`), one colour per result throughout. The x scale is shared, so an
 * interval where the client slowed lines up with what the server did then. Panels only for
 * figures some result has; only results that carry a server series are drawn.
 */
import type { RunResult } from '../../shared/result-types.js';
import { nsToHuman } from '../format.js';
import { SERVER_FIGURES, serverRateRows } from '../data/server-rates.js';
import { CHART_CONFIG, CHART_WIDTH, latencyLabelExpr, latencyScaleIsLog, logTickValues, plottableNs, type ChartSpec } from './common.js';
import { chartSeriesColors, type ColorScale } from './engine-colors.js';
import { splitPastPalette } from './small-multiples.js';
import { timeSeriesRows } from './time-series.js';

export const PANEL_HEIGHT = 130;

/** Panel keys of the client side. */
export const CLIENT_OPS = 'client ops/s';
export const CLIENT_P99 = 'client p99';

interface Row {
  readonly series: string;
  readonly t: number;
  readonly panel: string;
  readonly value: number;
  readonly text: string;
}

export function clientServerChart(results: readonly RunResult[], names: readonly string[], title = 'Client and server, interval by interval', reportColors?: ColorScale): ChartSpec | null {
  const withSeries = results.map((r, i) => ({ r, name: names[i]! })).filter((x) => (x.r.engine.stats?.series?.points.length ?? 0) > 0);
  return splitPastPalette(
    withSeries.map((x) => x.r),
    withSeries.map((x) => x.name),
    { text: title },
    (rs, ns) => clientServerPanels(rs, ns, title, reportColors),
  );
}

function clientServerPanels(results: readonly RunResult[], names: readonly string[], title: string, reportColors?: ColorScale): ChartSpec | null {
  const rows: Row[] = [];
  for (const c of timeSeriesRows(results, names)) {
    rows.push({ series: c.series, t: c.t, panel: CLIENT_OPS, value: c.opsPerSec, text: `${Math.round(c.opsPerSec).toLocaleString('en-US')} ops/s` });
    rows.push({ series: c.series, t: c.t, panel: CLIENT_P99, value: c.p99Ns, text: nsToHuman(c.p99Ns) });
  }
  let serverRows = 0;
  results.forEach((r, i) => {
    for (const s of serverRateRows(r.engine.stats!.series!, r.engine.family)) {
      for (const f of SERVER_FIGURES) {
        const v = s.figures[f.key];
        if (v === undefined) continue;
        serverRows++;
        rows.push({ series: names[i]!, t: s.t, panel: f.title, value: v, text: f.key === 'hitRatio' ? `${(v * 100).toFixed(1)}%` : String(Number(v.toPrecision(3))) });
      }
    }
  });
  if (serverRows === 0) return null;
  const log = latencyScaleIsLog(rows.filter((r) => r.panel === CLIENT_P99).map((r) => r.value));
  const values = rows.map((r) => (r.panel === CLIENT_P99 ? { ...r, value: plottableNs(r.value, log) } : r));
  const colors = chartSeriesColors(names, results.map((r) => r.engine.name), reportColors);
  const sources = [...new Set(results.map((r) => r.engine.stats!.series!.source))].join(', ');
  const intervals = [...new Set(results.map((r) => r.engine.stats!.series!.intervalMs))].map((ms) => `${ms} ms`).join(', ');
  const panels = [
    { key: CLIENT_OPS, title: CLIENT_OPS, axis: { format: '~s' }, scale: { zero: true } },
    {
      key: CLIENT_P99,
      title: log ? 'client p99 (log)' : CLIENT_P99,
      // A short log panel gets one tick per power of ten, or its labels would pile up.
      axis: log ? { labelExpr: latencyLabelExpr(), values: logTickValues(values.filter((r) => r.panel === CLIENT_P99).map((r) => r.value)) } : { labelExpr: latencyLabelExpr() },
      scale: log ? { type: 'log' } : { zero: true },
    },
    ...SERVER_FIGURES.filter((f) => rows.some((r) => r.panel === f.title)).map((f) => ({ key: f.title, title: f.title, axis: { format: f.format }, scale: { zero: true } })),
  ];
  const last = panels.length - 1;
  return {
    title: { text: title, subtitle: `top: what the client measured; below: the server's own counters (${sources}), every ${intervals}, on the same time axis` },
    config: CHART_CONFIG,
    data: { values },
    vconcat: panels.map((p, i) => ({
      width: CHART_WIDTH,
      height: PANEL_HEIGHT,
      transform: [{ filter: { field: 'panel', equal: p.key } }],
      mark: { type: 'line', point: { size: 12 }, strokeWidth: 1.6 },
      encoding: {
        x: {
          field: 't',
          type: 'quantitative',
          // One axis title, under the bottom panel; the others keep their ticks for reading.
          title: i === last ? 'seconds into the measured phase' : null,
          axis: { format: '~g' },
        },
        y: { field: 'value', type: 'quantitative', title: p.title, axis: p.axis, scale: p.scale },
        color: { field: 'series', type: 'nominal', title: 'result', scale: colors, sort: colors.domain },
        order: { field: 't', type: 'quantitative' },
        tooltip: [
          { field: 'series', type: 'nominal', title: 'result' },
          { field: 't', type: 'quantitative', title: 'second', format: '.2f' },
          { field: 'text', type: 'nominal', title: p.title },
        ],
      },
    })),
    resolve: { scale: { x: 'shared', color: 'shared' } },
  } as ChartSpec;
}

