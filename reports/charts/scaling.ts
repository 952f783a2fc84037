/**
 * Scaling with threads, from a `cachebench.scaling` document: on the left ops/s against thread
 * count, one line per engine (log scale when engines differ by more than 30×, as a plain Map loop
 * beside a store behind locks does); on the right each engine's speed-up over its own 1-thread
 * figure, against the perfect-scaling diagonal, so engines of very different speeds compare.
 */
import type { ScalingReport } from '../data/scaling.js';
import { opsPerSecToHuman } from '../format.js';
import { CHART_CONFIG, CHART_HEIGHT, LOG_SPREAD, type ChartSpec } from './common.js';

export const MEASURED = 'measured';
export const PERFECT = 'perfect scaling';

const PANEL_WIDTH = 300;

export function scalingChart(report: ScalingReport): ChartSpec | null {
  if (report.points.length === 0) return null;
  const oneThread = new Map<string, number>();
  for (const p of report.points) if (p.threads === 1) oneThread.set(p.engine, p.opsPerSec);
  const values: { engine: string; threads: number; opsPerSec: number; throughput: string; speedup: number | null; line: string }[] = [];
  for (const p of report.points) {
    const base = oneThread.get(p.engine);
    values.push({
      engine: p.engine,
      threads: p.threads,
      opsPerSec: p.opsPerSec,
      throughput: opsPerSecToHuman(p.opsPerSec),
      speedup: base === undefined || base <= 0 ? null : p.opsPerSec / base,
      line: MEASURED,
    });
  }
  const threadCounts = [...new Set(report.points.map((p) => p.threads))].sort((a, b) => a - b);
  for (const threads of threadCounts) values.push({ engine: PERFECT, threads, opsPerSec: 0, throughput: '', speedup: threads, line: PERFECT });

  const rates = report.points.map((p) => p.opsPerSec).filter((v) => v > 0);
  const log = rates.length > 0 && Math.max(...rates) / Math.min(...rates) >= LOG_SPREAD;
  const threadsAxis = { field: 'threads', type: 'quantitative', title: 'threads', axis: { tickMinStep: 1, format: 'd' } } as const;
  const engineColor = { field: 'engine', type: 'nominal', title: 'engine' } as const;
  const measuredOnly = { filter: `datum.line === '${MEASURED}'` };

  return {
    title: { text: 'Scaling with threads', subtitle: 'left: ops/s; right: speed-up over the same engine with 1 thread (dashed: perfect scaling)' },
    config: CHART_CONFIG,
    data: { values },
    hconcat: [
      {
        width: PANEL_WIDTH,
        height: CHART_HEIGHT,
        transform: [measuredOnly],
        mark: { type: 'line', point: true, strokeWidth: 1.8 },
        encoding: {
          x: threadsAxis,
          y: {
            field: 'opsPerSec',
            type: 'quantitative',
            title: log ? 'ops/s (log scale)' : 'ops/s',
            axis: { format: '~s' },
            scale: log ? { type: 'log' } : { zero: true },
          },
          color: engineColor,
          order: { field: 'threads', type: 'quantitative' },
          tooltip: [
            { field: 'engine', type: 'nominal' },
            { field: 'threads', type: 'quantitative' },
            { field: 'throughput', type: 'nominal', title: 'ops/s' },
          ],
        },
      },
      {
        width: PANEL_WIDTH,
        height: CHART_HEIGHT,
        layer: [
          {
            transform: [{ filter: `datum.line === '${PERFECT}'` }],
            mark: { type: 'line', strokeDash: [4, 4], color: '#888', strokeWidth: 1.2 },
            encoding: { x: threadsAxis, y: { field: 'speedup', type: 'quantitative' } },
          },
          {
            transform: [measuredOnly, { filter: 'datum.speedup != null' }],
            mark: { type: 'line', point: true, strokeWidth: 1.8 },
            encoding: {
              x: threadsAxis,
              y: { field: 'speedup', type: 'quantitative', title: 'speed-up over 1 thread (×)', scale: { zero: true } },
              color: engineColor,
              order: { field: 'threads', type: 'quantitative' },
              tooltip: [
                { field: 'engine', type: 'nominal' },
                { field: 'threads', type: 'quantitative' },
                { field: 'speedup', type: 'quantitative', title: 'speed-up', format: '.2f' },
                { field: 'throughput', type: 'nominal', title: 'ops/s' },
              ],
            },
          },
        ],
      },
    ],
  };
}
