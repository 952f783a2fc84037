/**
 * Open-loop runs: the schedule figures (target vs achieved rate, late operations, send lag,
 * saturation) and the corrected vs uncorrected latency chart. A saturated load generator is
 * called out, because its latencies include its own queueing.
 */
import type { RunResult } from '../../../shared/result-types.js';
import { integerToText, nsToHuman, opsPerSecToHuman } from '../../format.js';
import type { ColorScale } from '../../charts/engine-colors.js';
import { openLoopChart } from '../../charts/open-loop.js';
import type { ChartSet } from '../chart-set.js';
import { table } from '../elements.js';
import { html, type Markup } from '../markup.js';

export function openLoopSection(results: readonly RunResult[], names: readonly string[], charts: ChartSet, colors?: ColorScale): Markup | null {
  const open = results.map((r, i) => ({ r, name: names[i]! })).filter((x) => x.r.config.loop === 'open');
  if (open.length === 0) return null;
  const rows = open.map(({ r, name }) => {
    const o = r.openLoop;
    const corrected = r.summary.latency.percentiles.p99;
    const uncorrected = r.summary.uncorrectedLatency?.percentiles.p99;
    return [
      name,
      o === undefined ? '—' : `${opsPerSecToHuman(o.targetRate)} (${o.arrival})`,
      o === undefined ? '—' : opsPerSecToHuman(o.achievedRate),
      o === undefined ? '—' : integerToText(o.missed ?? 0),
      o === undefined ? '—' : `${integerToText(o.lateOps)} (≥ ${nsToHuman(o.lateThresholdNs)})`,
      o === undefined ? '—' : nsToHuman(o.lag.percentiles.p99),
      o?.generatorLag === undefined ? '—' : nsToHuman(o.generatorLag.percentiles.p99),
      nsToHuman(corrected),
      uncorrected === undefined ? '—' : nsToHuman(uncorrected),
      o?.saturated === true ? html`<span class="badge saturated">saturated</span>` : 'kept schedule',
    ];
  });
  const saturated = open.filter((x) => x.r.openLoop?.saturated === true).map((x) => x.name);
  return html`<section id="open-loop"><h2>Open loop</h2>
<p class="muted">Latency counts from each operation's intended start time (coordinated-omission corrected); the uncorrected figure counts from the actual send and is kept for comparison. Missed: operations due in the phase that could not be sent before it ended. The generator's lag leaves out time spent waiting on the server (a full in-flight window); only it can mark the generator saturated.</p>
${saturated.length === 0 ? null : html`<p class="callout">The load generator could not keep the schedule in: ${saturated.join(', ')}. Their latencies include the generator's own delay.</p>`}
${table(
  [
    { title: 'result' },
    { title: 'target', numeric: true },
    { title: 'achieved', numeric: true },
    { title: 'missed', numeric: true },
    { title: 'late ops', numeric: true },
    { title: 'send lag p99', numeric: true },
    { title: "generator's lag p99", numeric: true },
    { title: 'p99 corrected', numeric: true },
    { title: 'p99 uncorrected', numeric: true },
    { title: 'schedule' },
  ],
  rows,
)}
<div class="charts">${charts.figure(openLoopChart(results, names, colors), 'Solid: from the intended start; dashed: from the actual send.')}</div></section>`;
}
