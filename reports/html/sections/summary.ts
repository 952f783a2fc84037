/**
 * The summary table at the top of the page: one row per result with throughput, the headline
 * latencies, errors and status (badges with reasons).
 */
import type { RunResult } from '../../../shared/result-types.js';
import { integerToText, nsToHuman, opsPerSecToHuman } from '../../format.js';
import { statusCell, table } from '../elements.js';
import { html, type Markup } from '../markup.js';

export function summarySection(results: readonly RunResult[], names: readonly string[]): Markup {
  const rows = results.map((r, i) => {
    const p = r.summary.latency.percentiles;
    const loop = r.config.loop === 'open' ? `open @ ${opsPerSecToHuman(r.config.rate ?? Number.NaN)}` : `closed c=${r.config.concurrency}`;
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
    ],
    rows,
  )}</section>`;
}
