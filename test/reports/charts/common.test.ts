import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { latencyLabelExpr, latencyScaleIsLog, percentileLabelExpr, percentileTickValues, plottableNs } from '../../../reports/charts/common.js';
import { nsToHuman } from '../../../reports/format.js';

/** Evaluate an axis label expression for one tick value with vega's own expression engine. */
async function label(expr: string, value: number): Promise<string> {
  const spec = { signals: [{ name: 'out', update: expr.replaceAll('datum.value', `(${value})`) }] };
  const view = new vega.View(vega.parse(spec as vega.Spec), { renderer: 'none' });
  await view.runAsync();
  const out = view.signal('out') as string;
  view.finalize();
  return out;
}

describe('chart axes', () => {
  it('labels the 1/(1-p) axis with percentiles', async () => {
    const expr = percentileLabelExpr();
    expect(await Promise.all([2, 10, 100, 1000, 10000].map((v) => label(expr, v)))).toEqual(['50%', '90%', '99%', '99.9%', '99.99%']);
    expect(percentileTickValues(5000)).toEqual([2, 10, 100, 1000]);
    expect(percentileTickValues(3)).toEqual([2, 10]);
  });
  it('labels latency ticks in the unit nsToHuman would choose', async () => {
    const expr = latencyLabelExpr();
    for (const ns of [500, 1500, 20_000, 3_000_000, 2_000_000_000]) expect(await label(expr, ns)).toBe(nsToHuman(ns));
  });
  it('switches to a log latency scale when values span more than 30x', () => {
    expect(latencyScaleIsLog([1000, 2000, 25_000])).toBe(false);
    expect(latencyScaleIsLog([0, 1000, 200_000_000])).toBe(true);
    expect(plottableNs(0, true)).toBe(1);
    expect(plottableNs(0, false)).toBe(0);
  });
});
