/**
 * Latency against throughput: p50, p99 and p99.9 (dash tells them apart, and the legend draws
 * the dash) over the achieved rate, one colour per curve (the engine's colour where it is the
 * only curve of its engine), the SLO thresholds as labelled horizontal rules and each curve's
 * knee (`harness/slo/knee.ts`, on p99) marked. Log latency axis when the values span it.
 */
import { kneeOf } from '../../harness/slo/knee.js';
import { countToHuman, nsToHuman } from '../format.js';
import type { RateCurve } from '../data/rate-curves.js';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, DASH_LEGEND, latencyLabelExpr, latencyScaleIsLog, logTickValues, plottableNs, type ChartSpec } from './common.js';
import { distinctColor, engineColors, PALETTE, type ColorScale } from './engine-colors.js';

export interface SloLine {
  readonly percentile: string;
  readonly thresholdNs: number;
}

/** Percentiles drawn, with their dash: solid p50, dashed p99, dotted p99.9. */
export const CURVE_PERCENTILES = [
  { key: 'p50Ns', label: 'p50', dash: [1, 0] },
  { key: 'p99Ns', label: 'p99', dash: [6, 3] },
  { key: 'p99_9Ns', label: 'p99.9', dash: [2, 2] },
] as const;

/** Curve → colour: its engine's colour unless another curve has it already, then the next free one. */
export function curveColors(curves: readonly RateCurve[], engines: ColorScale = engineColors(curves.map((c) => c.engine))): ColorScale {
  const used = new Set<string>();
  const range: string[] = [];
  for (const c of curves) {
    let color = engines.range[engines.domain.indexOf(c.engine)] ?? PALETTE[0]!;
    if (used.has(color)) {
      // The next free palette colour, then the extended ones: never a colour twice.
      let k = 0;
      while (used.has(distinctColor(k))) k++;
      color = distinctColor(k);
    }
    used.add(color);
    range.push(color);
  }
  return { domain: curves.map((c) => c.name), range };
}

export function latencyThroughputChart(
  curves: readonly RateCurve[],
  options: { slos?: readonly SloLine[]; engines?: ColorScale } = {},
): ChartSpec | null {
  if (curves.length === 0) return null;
  const slos = options.slos ?? [];
  const rows = curves.flatMap((c) =>
    c.points.flatMap((p) =>
      CURVE_PERCENTILES.map((q) => ({
        series: c.name,
        percentile: q.label,
        rate: p.achievedRate,
        offered: c.loop === 'open' ? `${countToHuman(p.offered)} ops/s` : `concurrency ${p.offered}`,
        achieved: `${countToHuman(p.achievedRate)} ops/s`,
        latencyNs: p[q.key],
        latency: nsToHuman(p[q.key]),
        status: p.status,
      })),
    ),
  );
  const log = latencyScaleIsLog([...rows.map((r) => r.latencyNs), ...slos.map((s) => s.thresholdNs)]);
  const values = rows.map((r) => ({ ...r, latencyNs: plottableNs(r.latencyNs, log) }));
  const knees = curves.flatMap((c) => {
    const k = kneeOf(c.points.map((p) => ({ rate: p.achievedRate, latencyNs: p.p99Ns })));
    return k === null ? [] : [{ series: c.name, rate: k.rate, latencyNs: plottableNs(k.latencyNs, log), label: `knee ~${countToHuman(k.rate)}` }];
  });
  const colors = curveColors(curves, options.engines);
  const y = {
    field: 'latencyNs',
    type: 'quantitative',
    title: log ? 'latency (log scale)' : 'latency',
    scale: log ? { type: 'log' } : { type: 'linear', zero: true },
    axis: log ? { labelExpr: latencyLabelExpr(), values: logTickValues([...values.map((r) => r.latencyNs), ...slos.map((s) => s.thresholdNs)]) } : { labelExpr: latencyLabelExpr() },
  } as const;
  const x = { field: 'rate', type: 'quantitative', title: 'achieved throughput (ops/s)', axis: { format: '~s' }, scale: { zero: true } } as const;
  const layers: unknown[] = [
    {
      data: { values },
      mark: { type: 'line', point: { size: 30, filled: true }, strokeWidth: 1.8 },
      encoding: {
        x,
        y,
        color: { field: 'series', type: 'nominal', title: 'engine', scale: colors, legend: { labelLimit: 0 } },
        strokeDash: {
          field: 'percentile',
          type: 'nominal',
          title: 'percentile',
          sort: CURVE_PERCENTILES.map((q) => q.label),
          scale: { domain: CURVE_PERCENTILES.map((q) => q.label), range: CURVE_PERCENTILES.map((q) => [...q.dash]) },
                    legend: DASH_LEGEND,
        },
        detail: { field: 'percentile', type: 'nominal' },
        order: { field: 'rate', type: 'quantitative' },
        tooltip: [
          { field: 'series', type: 'nominal', title: 'curve' },
          { field: 'percentile', type: 'nominal' },
          { field: 'offered', type: 'nominal', title: 'offered' },
          { field: 'achieved', type: 'nominal', title: 'achieved' },
          { field: 'latency', type: 'nominal', title: 'latency' },
          { field: 'status', type: 'nominal' },
        ],
      },
    },
  ];
  if (slos.length > 0) {
    const sloValues = slos.map((s) => ({ latencyNs: s.thresholdNs, label: `SLO ${s.percentile} < ${nsToHuman(s.thresholdNs)}` }));
    layers.push(
      { data: { values: sloValues }, mark: { type: 'rule', color: '#b00020', strokeDash: [4, 4], strokeWidth: 1.5 }, encoding: { y } },
      {
        data: { values: sloValues },
        mark: { type: 'text', color: '#b00020', align: 'left', baseline: 'bottom', dx: 4, dy: -2, fontSize: 11 },
        encoding: { y, x: { datum: 0, type: 'quantitative' }, text: { field: 'label' } },
      },
    );
  }
  if (knees.length > 0) {
    layers.push(
      {
        data: { values: knees },
        mark: { type: 'point', shape: 'diamond', size: 160, filled: true, color: '#111', tooltip: true },
        encoding: { x, y },
      },
      {
        data: { values: knees },
        mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontSize: 11, color: '#111' },
        encoding: { x, y, text: { field: 'label' } },
      },
    );
  }
  return {
    title: { text: 'Latency vs throughput', subtitle: 'p50 / p99 / p99.9 (corrected in open loop) at each achieved rate; ◆ knee: the last point before p99 exceeds twice its lowest value' },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    layer: layers,
  } as ChartSpec;
}
