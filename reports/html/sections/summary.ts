/**
 * The summary table at the top of the page: one row per result with throughput, the headline
 * latencies, errors, status (badges with reasons) and the machine's noise over the measured
 * phase (a `disturbed` badge with what competed for the CPUs).
 */
import type { RunResult } from '../../../shared/result-types.js';
import { inFlightText, integerToText, nsToHuman, opsPerSecToHuman } from '../../format.js';
import { statusCell, table } from '../elements.js';
import { html, type Markup } from '../markup.js';

export function summarySection(results: readonly RunResult[], names: readonly string[]): Markup {
  const rows = results.map((r, i) => {
    const p = r.summary.latency.percentiles;
    const loop = r.config.loop === 'open' ? `open @ ${opsPerSecToHuman(r.config.rate ?? Number.NaN)}` : `closed, ${inFlightText(r.config)}`;
    return [
      html`<a href="#result-${i + 1}">${names[i]!}</a>`,
      r.engine.name,
      html`${r.workload.name}${r.workload.mode === 'native' ? null : html` <span class="badge emulated" title="${r.workload.mode}">emulated</span>`}`,
      loop,
      r.config.threads,
      opsPerSecToHuman(r.summary.opsPerSec),
      nsToHuman(p.p50),
      nsToHuman(p.p99),
      nsToHuman(p.p99_9),
      nsToHuman(r.summary.latency.max),
      integerToText(r.summary.errors),
      statusCell(r),
      machineCell(r),
    ];
  });
  return html`<section id="summary"><h2>Summary</h2>${table(
    [
      { title: 'result' },
      { title: 'engine' },
      { title: 'workload' },
      { title: 'loop' },
      { title: 'threads', numeric: true },
      { title: 'throughput', numeric: true },
      { title: 'p50', numeric: true },
      { title: 'p99', numeric: true },
      { title: 'p99.9', numeric: true },
      { title: 'max', numeric: true },
      { title: 'errors', numeric: true },
      { title: 'status' },
      { title: 'machine' },
    ],
    rows,
  )}</section>`;
}

/** "quiet" or a `disturbed` badge, with load average and what else used the CPUs. */
export function machineCell(r: RunResult): Markup | string {
  const m = r.machine;
  if (m === undefined) return '—';
  const figures = `load ${m.loadAvg1.end.toFixed(2)} on ${m.cpuCount} CPUs, this process ${m.processCpuCores.toFixed(2)} cores${
    m.otherCpuCores === null ? '' : `, others ${Math.max(0, m.otherCpuCores).toFixed(2)} cores`
  }${m.stealShare ? `, steal ${(m.stealShare * 100).toFixed(1)}%` : ''}`;
  return m.disturbed
    ? html`<span class="badge disturbed" title="${m.reasons.join('; ')}">disturbed</span><ul class="reasons"><li>${figures}</li></ul>`
    : html`quiet<ul class="reasons"><li>${figures}</li></ul>`;
}
