/**
 * Latency vs throughput: the curve chart for every set of results of one cell at several loads,
 * with the SLO lines of the searches given, and for each search its answer in a sentence and
 * its steps in a table (phase, target, achieved, percentiles, verdict, which side limited).
 */
import type { RunResult } from '../../../shared/result-types.js';
import type { SearchRecord } from '../../../harness/slo/record.js';
import { engineColors } from '../../charts/engine-colors.js';
import { latencyThroughputChart, type SloLine } from '../../charts/latency-throughput.js';
import { rateCurves } from '../../data/rate-curves.js';
import { countToHuman, nsToHuman } from '../../format.js';
import { searchAnswerSentence, slosText } from '../../search-text.js';
import type { ChartSet } from '../chart-set.js';
import { table } from '../elements.js';
import { html, type Markup } from '../markup.js';

export const LATENCY_THROUGHPUT_ID = 'latency-throughput';

export function latencyThroughputSection(results: readonly RunResult[], searches: readonly SearchRecord[], charts: ChartSet): Markup | null {
  const curves = rateCurves(results);
  if (curves.length === 0 && searches.length === 0) return null;
  const slos = uniqueSlos(searches);
  const chart = charts.figure(
    latencyThroughputChart(curves, { slos, engines: engineColors(results.map((r) => r.engine.name)) }),
    'One colour per curve (engine); solid p50, dashed p99, dotted p99.9. Red dashed lines: the SLOs searched for.',
  );
  return html`<section id="${LATENCY_THROUGHPUT_ID}"><h2>Latency vs throughput</h2>
${searches.map((s) => html`<p class="answer"><strong>${searchAnswerSentence(s)}</strong></p>`)}
<div class="charts">${chart}</div>
${searches.map((s) => searchTable(s))}</section>`;
}

function uniqueSlos(searches: readonly SearchRecord[]): SloLine[] {
  const seen = new Map<string, SloLine>();
  for (const s of searches) for (const slo of s.slos) seen.set(`${slo.percentile}<${slo.thresholdNs}`, slo);
  return [...seen.values()];
}

function searchTable(s: SearchRecord): Markup {
  const rows = s.steps.map((step, i) => [
    String(i + 1),
    step.phase,
    `${countToHuman(step.rate)} ops/s`,
    `${countToHuman(step.achievedRate)} ops/s`,
    nsToHuman(step.latencyNs.p50),
    nsToHuman(step.latencyNs.p99),
    nsToHuman(step.latencyNs.p99_9),
    step.meets === null ? '—' : step.meets ? html`<span class="badge ok">met</span>` : html`<span class="badge failed">missed</span>`,
    step.meets === false ? `${step.reasons.join(', ')}${step.limit ? ` — ${step.limit}: ${step.limitReason ?? ''}` : ''}` : '',
  ]);
  const what = s.mode === 'slo' ? `rate search for ${slosText(s)}` : `sweep${s.slos.length > 0 ? ` against ${slosText(s)}` : ''}`;
  return html`<details><summary>${s.label}: ${what}, ${s.steps.length} steps</summary>${table(
    [
      { title: '#', numeric: true },
      { title: 'phase' },
      { title: 'target', numeric: true },
      { title: 'achieved', numeric: true },
      { title: 'p50', numeric: true },
      { title: 'p99', numeric: true },
      { title: 'p99.9', numeric: true },
      { title: 'SLO' },
      { title: 'why missed' },
    ],
    rows,
  )}</details>`;
}
