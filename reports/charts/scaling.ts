/**
 * Scaling: ops/s against thread count, one line per engine, from a `cachebench.scaling` document.
 * A dashed "linear" reference per engine (its 1-thread figure × threads) shows how far each
 * engine is from scaling perfectly.
 */
import type { ScalingReport } from '../data/scaling.js';
import { opsPerSecToHuman } from '../format.js';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, type ChartSpec } from './common.js';

export const MEASURED = 'measured';
export const LINEAR = 'linear from 1 thread';

export function scalingChart(report: ScalingReport): ChartSpec | null {
  if (report.points.length === 0) return null;
  const oneThread = new Map<string, number>();
  for (const p of report.points) if (p.threads === 1) oneThread.set(p.engine, p.opsPerSec);
  const values: { engine: string; threads: number; opsPerSec: number; throughput: string; line: string }[] = [];
  for (const p of report.points) {
    values.push({ engine: p.engine, threads: p.threads, opsPerSec: p.opsPerSec, throughput: opsPerSecToHuman(p.opsPerSec), line: MEASURED });
    const base = oneThread.get(p.engine);
    if (base !== undefined) {
      const ideal = base * p.threads;
      values.push({ engine: p.engine, threads: p.threads, opsPerSec: ideal, throughput: opsPerSecToHuman(ideal), line: LINEAR });
    }
  }
  return {
    title: { text: 'Scaling with threads', subtitle: 'ops/s against thread count; dashed: perfect scaling from the 1-thread figure' },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 1.8 },
    encoding: {
      x: { field: 'threads', type: 'quantitative', title: 'threads', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'opsPerSec', type: 'quantitative', title: 'ops/s', axis: { format: '~s' }, scale: { zero: true } },
      color: { field: 'engine', type: 'nominal', title: 'engine' },
      strokeDash: { field: 'line', type: 'nominal', title: 'line', sort: [MEASURED, LINEAR] },
      order: { field: 'threads', type: 'quantitative' },
      tooltip: [
        { field: 'engine', type: 'nominal' },
        { field: 'line', type: 'nominal' },
        { field: 'threads', type: 'quantitative' },
        { field: 'throughput', type: 'nominal', title: 'ops/s' },
      ],
    },
  };
}
