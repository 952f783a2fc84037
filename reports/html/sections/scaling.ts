/**
 * The scaling section, present when the report is given a `cachebench.scaling` document: the
 * ops/s vs threads chart, the figures as a table, and the machine the benchmark ran on.
 */
import type { ScalingReport } from '../../data/scaling.js';
import { opsPerSecToHuman } from '../../format.js';
import { scalingChart } from '../../charts/scaling.js';
import type { ChartSet } from '../chart-set.js';
import { flattenRecord, table } from '../elements.js';
import { html, type Markup } from '../markup.js';

export function scalingSection(report: ScalingReport, charts: ChartSet): Markup {
  const oneThread = new Map<string, number>();
  for (const p of report.points) if (p.threads === 1) oneThread.set(p.engine, p.opsPerSec);
  const rows = report.points.map((p) => {
    const base = oneThread.get(p.engine);
    return [p.engine, p.threads, opsPerSecToHuman(p.opsPerSec), base === undefined || base === 0 ? '—' : `${(p.opsPerSec / base).toFixed(2)}×`];
  });
  const envRows = report.env === undefined ? [] : flattenRecord(report.env);
  const goals = Object.entries(report.goals ?? {});
  const unavailable = report.unavailable ?? [];
  return html`<section id="scaling"><h2>Scaling</h2>
<div class="charts">${charts.figure(scalingChart(report), 'A speed-up of N at N threads is perfect scaling; an engine that serialises every command (one engine thread) stays near 1 or falls below it.')}</div>
${unavailable.length === 0 ? null : html`<p class="callout">Not measured (engine unavailable): ${unavailable.join(', ')}.</p>`}
${table([{ title: 'engine' }, { title: 'threads', numeric: true }, { title: 'throughput', numeric: true }, { title: 'vs 1 thread', numeric: true }], rows)}
${goals.length === 0 ? null : html`<h3>Ratios</h3>${table([{ title: 'ratio' }, { title: 'value', numeric: true }], goals.map(([k, v]) => [k, v === null ? '—' : `${v.toFixed(3)}×`]))}`}
${envRows.length === 0 ? null : html`<h3>Machine</h3>${table([{ title: '' }, { title: 'value' }], envRows)}`}</section>`;
}
