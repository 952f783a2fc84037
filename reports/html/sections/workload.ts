/**
 * One section per workload: which results ran it and how (native or emulated, parameters), their
 * latency spectrum, the workload's own figures as a table (one column per result), each of its
 * curves and latency distributions as charts, its notes, and the correctness checks.
 */
import type { RunResult } from '../../../shared/result-types.js';
import { domainFigureText, opsPerSecToHuman } from '../../format.js';
import { clientServerChart } from '../../charts/client-server.js';
import type { ColorScale } from '../../charts/engine-colors.js';
import { domainLatencyChart, domainLatencyNames } from '../../charts/domain-latency.js';
import { domainSeriesChart, domainSeriesNames } from '../../charts/domain-series.js';
import { latencySpectrumChart } from '../../charts/latency-spectrum.js';
import type { ChartSet } from '../chart-set.js';
import { checkOutcomeBadge, recordToText, statusCell, table } from '../elements.js';
import { html, type Interpolation, type Markup } from '../markup.js';
import type { WorkloadGroup } from '../../data/workload-groups.js';
import { workloadFactory } from '../../../workloads/registry.js';

export { groupByWorkload, type WorkloadGroup } from '../../data/workload-groups.js';

/** A figure's name, with its figure table's doc as the tooltip when the workload is known here. */
function figureName(workload: string, figure: string): Interpolation {
  const doc = workloadFactory(workload)?.figureTable.find((s) => s.name === figure)?.doc;
  return doc === undefined ? figure : html`<span title="${doc}">${figure}</span>`;
}

export function workloadSection(group: WorkloadGroup, index: number, charts: ChartSet, colors?: ColorScale): Markup {
  const { results, names } = group;
  const runsTable = table(
    [{ title: 'result' }, { title: 'engine' }, { title: 'mode' }, { title: 'parameters' }, { title: 'throughput', numeric: true }, { title: 'status' }],
    results.map((r, i) => [
      names[i]!,
      r.engine.name,
      r.workload.mode === 'native' ? 'native' : html`<span class="badge emulated">emulated</span> ${r.workload.mode.replace(/^emulated:?\s*/i, '')}`,
      html`<code>${recordToText(r.workload.params)}</code>`,
      opsPerSecToHuman(r.summary.opsPerSec),
      statusCell(r),
    ]),
  );

  const spectrum = charts.figure(
    latencySpectrumChart(results, { title: `${group.workload}: latency spectrum per operation kind`, names, ...(colors ? { reportColors: colors } : {}) }),
    'Each line is one operation kind of one run, drawn from its full HDR histogram.',
  );

  const clientServer = charts.figure(
    clientServerChart(results, names, `${group.workload}: client and server, interval by interval`, colors),
    "Top: the client's ops/s and p99; below: the server's own counters over the same intervals (commands it counted, CPU, memory, hit ratio), sampled on a connection or session of their own.",
  );

  // Domain figures: one row per figure name, one column per result that reports figures.
  const withDomain = results.map((r, i) => ({ r, name: names[i]! })).filter((x) => x.r.domain !== undefined);
  const figureNames = new Set<string>();
  for (const { r } of withDomain) for (const name of Object.keys(r.domain!.figures)) figureNames.add(name);
  const figuresTable =
    figureNames.size === 0
      ? null
      : table(
          [{ title: 'figure' }, ...withDomain.map((x) => ({ title: x.name, numeric: true }))],
          [...figureNames].map((figure) => [
            figureName(group.workload, figure),
            ...withDomain.map((x) => {
              return x.r.domain!.figures[figure] === undefined ? '—' : domainFigureText(x.r.domain!, figure);
            }),
          ]),
        );

  const seriesFigures = domainSeriesNames(results).map((name) => charts.figure(domainSeriesChart(name, results, names, colors)));
  const latencyFigures = charts.figure(
    domainLatencyChart(results, names, `${group.workload}: workload latencies`, colors),
    domainLatencyNames(results).length > 1 ? 'Distributions the workload measured itself, on shared axes for comparison.' : undefined,
  );

  const notes = withDomain.flatMap((x) => (x.r.domain!.notes ?? []).map((note) => html`<li><strong>${x.name}</strong>: ${note}</li>`));

  const checkRows = results.flatMap((r, i) => r.checks.map((c) => [names[i]!, c.name, checkOutcomeBadge(c), c.detail]));
  const failed = results.reduce((n, r) => n + r.checks.filter((c) => !c.passed).length, 0);

  return html`<section id="workload-${index + 1}" class="workload"><h2>Workload: ${group.workload}</h2>
${runsTable}
<div class="charts">${spectrum}${clientServer}</div>
${figuresTable === null ? null : html`<h3>Workload figures</h3>${figuresTable}`}
${seriesFigures.length === 0 && latencyFigures === null ? null : html`<div class="charts">${seriesFigures}${latencyFigures}</div>`}
${notes.length === 0 ? null : html`<h3>Notes</h3><ul class="notes">${notes}</ul>`}
<h3>Checks</h3>
${
  checkRows.length === 0
    ? html`<p class="muted">This workload ran no correctness checks.</p>`
    : html`${failed > 0 ? html`<p class="callout failed">${failed} check${failed === 1 ? '' : 's'} failed.</p>` : null}${table(
        [{ title: 'result' }, { title: 'check' }, { title: 'outcome' }, { title: 'detail' }],
        checkRows,
      )}`
}</section>`;
}
