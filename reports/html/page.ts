/**
 * The self-contained HTML report: one file with the summary, the charts, a section per workload,
 * open-loop and scaling sections when relevant, every result in detail, configuration,
 * environment and calibration. vega, vega-lite and vega-embed are inlined, and a
 * Content-Security-Policy forbids every network fetch, so the page opens offline from disk and
 * as a CI artifact, and nothing in it can phone home. The output depends only on the inputs
 * (no clock, no randomness): the same results make the same page.
 */
import type { Comparison } from '../../harness/compare/compare.js';
import type { RunResult } from '../../shared/result-types.js';
import type { SearchRecord } from '../../harness/slo/record.js';
import type { DurabilityResult } from '../../harness/durability/types.js';
import { PERSISTENCE_ID, persistenceSection } from './sections/persistence.js';
import { latencySpectrumChart } from '../charts/latency-spectrum.js';
import { p99OverTimeChart } from '../charts/p99-over-time.js';
import { throughputChart } from '../charts/throughput.js';
import { throughputOverTimeChart } from '../charts/throughput-over-time.js';
import type { ScalingReport } from '../data/scaling.js';
import { seriesNames } from '../data/series-names.js';
import { PALETTE, seriesColors } from '../charts/engine-colors.js';
import { chartLibraries } from './assets.js';
import { ChartSet } from './chart-set.js';
import { CHARTS_DATA_ID, CLIENT_SCRIPT } from './client.js';
import { html, trustedHtml, type Markup } from './markup.js';
import { jsonForScript, scriptSourceForInline } from './script-safe.js';
import { calibrationSection } from './sections/calibration.js';
import { comparisonSection } from './sections/comparison.js';
import { configurationSection } from './sections/configuration.js';
import { LATENCY_THROUGHPUT_ID, latencyThroughputSection } from './sections/latency-throughput.js';
import { openLoopSection } from './sections/open-loop.js';
import { overviewSection } from './sections/overview.js';
import { resultDetails } from './sections/result-details.js';
import { scalingSection } from './sections/scaling.js';
import { summarySection } from './sections/summary.js';
import { groupByWorkload, workloadSection } from './sections/workload.js';
import { REPORT_CSS } from './styles.js';

export interface HtmlReportOptions {
  /** Page title. @default 'cachebench report' */
  readonly title?: string;
  /** A `cachebench.scaling` document (from bench/scaling) to draw as a scaling chart. */
  readonly scaling?: ScalingReport;
  /** Rate searches and sweeps (`cachebench slo` / `sweep`) whose steps are among the results. */
  readonly searches?: readonly SearchRecord[];
  /** Durability results (`cachebench durability`): their losses sit beside each persistence mode's cost. */
  readonly durability?: readonly DurabilityResult[];
  /** A base-vs-head comparison (`compare --report`, `ci`): drawn first, as a table and forest plots. */
  readonly comparison?: Comparison;
}

/**
 * No network at all: scripts and styles only inline, images only from data:/blob: (vega-embed's
 * PNG/SVG export). `unsafe-eval` because vega compiles its expressions with `Function`.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";

/** Up to this many results, the overview spectrum draws one line per result × op kind. */
export const OVERVIEW_PER_KIND_MAX_RESULTS = 8;

export function renderHtmlReport(results: readonly RunResult[], options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'cachebench report';
  const names = seriesNames(results);
  const charts = new ChartSet();
  // Up to the palette, every result keeps one colour across all charts; past it, charts become
  // small multiples and each panel or section colours its own few series.
  const colors = results.length <= PALETTE.length ? seriesColors(names, results.map((r) => r.engine.name)) : undefined;

  // Beyond a handful of runs, result × kind lines are unreadable in one chart: the overview then
  // draws one merged line per run, and each workload section keeps the per-kind lines.
  const mergedOverview = results.length > OVERVIEW_PER_KIND_MAX_RESULTS;
  const overviewCharts = [
    charts.figure(throughputChart(results, names), 'Bars grouped by workload; colour is the engine.'),
    charts.figure(
      latencySpectrumChart(results, { names, merged: mergedOverview, ...(colors ? { reportColors: colors } : {}) }),
      mergedOverview ? 'Each line is one run, all its operation kinds merged.' : 'Each line is one operation kind of one run, drawn from its full HDR histogram.',
    ),
    charts.figure(throughputOverTimeChart(results, names, colors)),
    charts.figure(p99OverTimeChart(results, names, colors)),
  ];
  const rateCurves = latencyThroughputSection(results, options.searches ?? [], charts);
  const comparison = options.comparison === undefined ? null : comparisonSection(options.comparison, charts);
  const persistence = persistenceSection(results, options.durability ?? [], charts);
  const openLoop = openLoopSection(results, names, charts, colors);
  const scaling = options.scaling === undefined ? null : scalingSection(options.scaling, charts);
  const workloads = groupByWorkload(results, names).map((group, i) => ({ group, markup: workloadSection(group, i, charts, colors) }));

  const failed = results.filter((r) => r.status === 'failed').length;
  const degraded = results.filter((r) => r.status === 'degraded').length;

  const toc: Markup[] = [];
  if (comparison !== null) toc.push(html`<a href="#comparison">Comparison</a>`);
  if (results.length > 0) toc.push(html`<a href="#overview">Overview</a>`, html`<a href="#summary">Summary</a>`, html`<a href="#charts">Charts</a>`);
  if (rateCurves !== null) toc.push(html`<a href="#${LATENCY_THROUGHPUT_ID}">Latency vs throughput</a>`);
  if (persistence !== null) toc.push(html`<a href="#${PERSISTENCE_ID}">Persistence</a>`);
  if (openLoop !== null) toc.push(html`<a href="#open-loop">Open loop</a>`);
  if (scaling !== null) toc.push(html`<a href="#scaling">Scaling</a>`);
  for (const [i, w] of workloads.entries()) toc.push(html`<a href="#workload-${i + 1}">${w.group.workload}</a>`);
  if (results.length > 0) {
    toc.push(html`<a href="#results">Results in detail</a>`, html`<a href="#configuration">Configuration</a>`, html`<a href="#calibration">Calibration</a>`);
  }

  const libraries = chartLibraries();
  const body = html`<header><h1>${title}</h1>
<p class="meta">${describeRuns(results)}</p>
<nav class="toc">${toc}</nav></header>
${failed > 0 ? html`<p class="callout failed">${failed} of ${results.length} runs failed (a correctness check failed or the run aborted); see the badges below.</p>` : null}
${degraded > 0 ? html`<p class="callout">${degraded} of ${results.length} runs were degraded (errors during the run, or a load generator that could not keep its schedule); see the reasons in the summary.</p>` : null}
${comparison}
${overviewSection(results)}
${results.length === 0 ? html`<p class="muted">No run results were given.</p>` : summarySection(results, names)}
${results.length === 0 ? null : html`<section id="charts"><h2>Charts</h2><div class="charts">${overviewCharts}</div></section>`}
${rateCurves}
${persistence}
${openLoop}
${scaling}
${workloads.map((w) => w.markup)}
${results.length === 0 ? null : html`<section id="results"><h2>Results in detail</h2>${results.map((r, i) => resultDetails(r, names[i]!, i))}</section>`}
${results.length === 0 ? null : configurationSection(results, names)}
${results.length === 0 ? null : calibrationSection(results, names)}
<footer class="muted"><p>Charts drawn with ${libraries.map((l) => `${l.name} ${l.version}`).join(', ')}, inlined in this page.</p></footer>
<noscript><p class="callout">Charts need JavaScript; the tables above hold every figure.</p></noscript>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${generatorText(results)}">
<title>${html`${title}`}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
<script type="application/json" id="${CHARTS_DATA_ID}">${trustedHtml(jsonForScript(charts.charts))}</script>
${libraries.map((l) => `<script data-library="${l.name}">${scriptSourceForInline(l.source)}</script>`).join('\n')}
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/** "3 runs of 2 engines × 2 workloads, 2026-11-22T00:10:00Z – 00:12:00Z, cachebench 0.1.0". */
function describeRuns(results: readonly RunResult[]): string {
  if (results.length === 0) return 'cachebench';
  const engines = new Set(results.map((r) => r.engine.name));
  const workloads = new Set(results.map((r) => r.workload.name));
  const starts = results.map((r) => r.timing.startedAt).sort();
  const ends = results.map((r) => r.timing.endedAt).sort();
  const versions = [...new Set(results.map((r) => `${r.tool.name} ${r.tool.version}`))].join(', ');
  return (
    `${results.length} run${results.length === 1 ? '' : 's'} of ${engines.size} engine${engines.size === 1 ? '' : 's'} × ` +
    `${workloads.size} workload${workloads.size === 1 ? '' : 's'}, ${starts[0]} – ${ends[ends.length - 1]}, ${versions}`
  );
}

function generatorText(results: readonly RunResult[]): string {
  const version = results[0]?.tool.version;
  return html`cachebench${version === undefined ? '' : ` ${version}`}`.html;
}
