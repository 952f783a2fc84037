/**
 * The comparison section of a report made by `compare --report` or `ci`: the verdict per cell
 * and figure in a table (base and head median ± spread, change with its 95% interval, p,
 * reason) and a forest plot per gate figure.
 */
import type { Comparison, FigureComparison, Verdict } from '../../../harness/compare/compare.js';
import { forestChart } from '../../charts/forest.js';
import { changeText, countsText, pText, sideText } from '../../compare.js';
import type { ChartSet } from '../chart-set.js';
import { table } from '../elements.js';
import { html, type Interpolation, type Markup } from '../markup.js';

function verdictBadge(v: Verdict): Markup {
  return html`<span class="badge verdict-${v.replace(' ', '-')}">${v}</span>`;
}

export function comparisonSection(c: Comparison, charts: ChartSet): Markup {
  const rows: Interpolation[][] = [];
  for (const cell of c.cells) {
    const notes = cell.notes.join('; ');
    if (cell.figures.length === 0) rows.push([cell.key, '—', '—', '—', '—', '—', verdictBadge(cell.verdict), cell.reasons.join('; ')]);
    for (const f of cell.figures) {
      rows.push([cell.key, f.figure, sideText(f.unit, f.base), sideText(f.unit, f.head), changeText(f), pText(f), verdictBadge(f.verdict), [f.reason, notes].filter(Boolean).join('; ')]);
    }
  }
  // One plot per figure present, in first-seen order (throughput, p50, p99, then workloads' own).
  const figures = new Map<string, FigureComparison['better']>();
  for (const cell of c.cells) for (const f of cell.figures) if (!figures.has(f.figure)) figures.set(f.figure, f.better);
  const forests = [...figures].map(([name, better]) =>
    charts.figure(forestChart(c, name, better), 'Point: Hodges–Lehmann estimate of the change; line: its 95% distribution-free interval.'),
  );
  return html`<section id="comparison"><h2>Comparison: base vs head</h2>
<p>${countsText(c)}. Minimum effect ${(c.minEffect * 100).toFixed(1)}%: a cell is <em>regressed</em> or <em>improved</em> only when its whole 95% interval lies beyond it, <em>no change</em> when the whole interval lies within it, and <em>inconclusive</em> otherwise.</p>
${c.headFailures.length > 0 ? html`<p class="callout failed">Head failed its checks in ${c.headFailures.join(', ')}.</p>` : null}
${table(
  [
    { title: 'cell' },
    { title: 'figure' },
    { title: 'base median ± spread', numeric: true },
    { title: 'head median ± spread', numeric: true },
    { title: 'change [95% interval]', numeric: true },
    { title: 'p', numeric: true },
    { title: 'verdict' },
    { title: 'reason' },
  ],
  rows,
)}
<div class="charts">${forests}</div></section>`;
}
