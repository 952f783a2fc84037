/**
 * Everything else one result holds, folded away under its name: per-kind latency table, errors by
 * kind, the engine (version, location, capabilities, options, facts, stats deltas) and the phase
 * timings.
 */
import type { LatencySummary, RunResult } from '../../../shared/result-types.js';
import { integerToText, msToHuman, nsToHuman, opsPerSecToHuman } from '../../format.js';
import { recordToText, statusBadge, table, valueToText } from '../elements.js';
import { html, type Interpolation, type Markup } from '../markup.js';

function latencyCells(l: LatencySummary): string[] {
  const p = l.percentiles;
  return [nsToHuman(l.mean), nsToHuman(p.p50), nsToHuman(p.p90), nsToHuman(p.p99), nsToHuman(p.p99_9), nsToHuman(p.p99_99), nsToHuman(l.max)];
}

export function resultDetails(result: RunResult, name: string, index: number): Markup {
  // One row per kind (and merged), latencies in the unit that suits each; open-loop runs add the
  // uncorrected figures of each row beneath it, so the queueing the correction reveals is visible.
  const kindRows: Interpolation[][] = [];
  const addRows = (kind: string, count: number, errors: number, opsPerSec: number, latency: LatencySummary, uncorrected?: LatencySummary) => {
    kindRows.push([kind, integerToText(count), integerToText(errors), opsPerSecToHuman(opsPerSec), ...latencyCells(latency)]);
    if (uncorrected !== undefined) kindRows.push([`${kind} (uncorrected)`, '', '', '', ...latencyCells(uncorrected)]);
  };
  for (const [kind, s] of Object.entries(result.ops)) addRows(kind, s.count, s.errors, s.opsPerSec, s.latency, s.uncorrectedLatency);
  const all = result.summary;
  addRows('all', all.ops, all.errors, all.opsPerSec, all.latency, all.uncorrectedLatency);
  const numeric = { numeric: true } as const;
  const kindTable = table(
    [{ title: 'op kind' }, { title: 'count', ...numeric }, { title: 'errors', ...numeric }, { title: 'throughput', ...numeric }, { title: 'mean', ...numeric }, { title: 'p50', ...numeric }, { title: 'p90', ...numeric }, { title: 'p99', ...numeric }, { title: 'p99.9', ...numeric }, { title: 'p99.99', ...numeric }, { title: 'max', ...numeric }],
    kindRows,
  );

  const errors = Object.entries(result.errors);
  const errorTable = errors.length === 0 ? html`<p class="muted">No errors.</p>` : table([{ title: 'error kind' }, { title: 'count', ...numeric }], errors.map(([k, n]) => [k, integerToText(n)]));

  const e = result.engine;
  const engineTable = table(
    [{ title: '' }, { title: 'value' }],
    [
      ['engine', `${e.name} (${e.family} family)`],
      ['location', e.location],
      ['version', e.version],
      ['capabilities', e.capabilities.join(', ') || '—'],
      ['options', html`<code>${recordToText(e.options)}</code>`],
      ['facts', html`<code>${recordToText(e.facts)}</code>`],
    ],
  );
  const delta = Object.entries(e.stats?.delta ?? {});
  const statsTable =
    delta.length === 0
      ? null
      : html`<h4>Engine statistics over the measured phase</h4>${table(
          [{ title: 'stat' }, { title: 'before', ...numeric }, { title: 'after', ...numeric }, { title: 'change', ...numeric }],
          delta.map(([k, d]) => [k, valueToText(e.stats?.before[k]), valueToText(e.stats?.after[k]), integerToText(d)]),
        )}`;

  const t = result.timing;
  const timingText = `started ${t.startedAt}, ended ${t.endedAt}; preload ${msToHuman(t.preloadMs)}, warm-up ${msToHuman(t.warmupMs)}, measured ${msToHuman(t.measuredMs)}`;

  // <summary> takes phrasing content only: the badge goes there, the reasons into the body.
  return html`<details id="result-${index + 1}" class="result"><summary>${name} ${statusBadge(result.status)}</summary>
${result.statusReasons.length === 0 ? null : html`<ul class="reasons">${result.statusReasons.map((r) => html`<li>${r}</li>`)}</ul>`}
<p class="muted"><code>${result.id}</code> · ${timingText}</p>
${kindTable}
<h4>Errors by kind</h4>${errorTable}
<h4>Engine</h4>${engineTable}
${statsTable}
</details>`;
}
