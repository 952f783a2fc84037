/**
 * Persistence modes side by side (`data/persistence-modes.ts`): per engine × workload, each
 * mode's throughput and p50/p99 as a cost relative to `none`, the acknowledged writes a
 * durability run lost in that mode beside it, and the cost chart.
 */
import type { DurabilityResult } from '../../../harness/durability/types.js';
import type { RunResult } from '../../../shared/result-types.js';
import { engineColors } from '../../charts/engine-colors.js';
import { persistenceCostChart } from '../../charts/persistence-cost.js';
import { persistenceComparisons } from '../../data/persistence-modes.js';
import { fractionToPercent, integerToText, nsToHuman, opsPerSecToHuman } from '../../format.js';
import type { ChartSet } from '../chart-set.js';
import { table } from '../elements.js';
import { html, type Markup } from '../markup.js';

export const PERSISTENCE_ID = 'persistence';

function times(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '—';
}

export function persistenceSection(results: readonly RunResult[], durability: readonly DurabilityResult[], charts: ChartSet): Markup | null {
  const comparisons = persistenceComparisons(results, durability);
  if (comparisons.length === 0) return null;
  const rows = comparisons.flatMap((c) =>
    c.rows.map((r) => [
      c.engine,
      c.workload,
      r.mode === c.baseline ? html`${r.mode} <span class="muted">(baseline)</span>` : r.mode,
      opsPerSecToHuman(r.opsPerSec),
      times(r.throughputVsBase),
      nsToHuman(r.p50Ns),
      times(r.p50VsBase),
      nsToHuman(r.p99Ns),
      times(r.p99VsBase),
      r.loss === null ? '— (no durability run)' : `${integerToText(r.loss.lost)} of ${integerToText(r.loss.acked)} (${fractionToPercent(r.loss.lostFraction)})`,
    ]),
  );
  const chart = charts.figure(persistenceCostChart(comparisons, engineColors(results.map((r) => r.engine.name))), 'Dashed line: the baseline (1×).');
  return html`<section id="${PERSISTENCE_ID}"><h2>Persistence modes side by side</h2>
<p class="muted">Runs that differ only in persistence mode. Cost is relative to the baseline; "acknowledged writes lost" comes from <code>cachebench durability</code> (SIGKILL of the server, then a restart on the same data) for the same engine and mode, when such a result was given.</p>
${table(
  [
    { title: 'engine' },
    { title: 'workload' },
    { title: 'mode' },
    { title: 'throughput', numeric: true },
    { title: '÷ baseline', numeric: true },
    { title: 'p50', numeric: true },
    { title: '÷ baseline', numeric: true },
    { title: 'p99', numeric: true },
    { title: '÷ baseline', numeric: true },
    { title: 'acknowledged writes lost', numeric: true },
  ],
  rows,
)}
<div class="charts">${chart}</div></section>`;
}
