/**
 * The Markdown summary for CI (a GitHub step summary): a headline per workload
 * (`data/headlines.ts`), one table of results (engine, workload,
 * ops/s, p50, p99, p99.9, max, errors, status), then what went wrong: failed checks, status
 * reasons, saturated open-loop runs. GitHub renders HTML inside Markdown, so every user string
 * is escaped for both languages and kept on one line, so a label cannot break the table.
 */
import type { RunResult } from '../shared/result-types.js';
import { domainFigureText, integerToText, nsToHuman, opsPerSecToHuman } from './format.js';
import { seriesNames } from './data/series-names.js';
import { headlines } from './data/headlines.js';

/** Make `text` literal inside a Markdown table cell (and inert as HTML). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1');
}

const STATUS_TEXT: ReadonlyMap<RunResult['status'], string> = new Map([
  ['ok', '✅ ok'],
  ['degraded', '⚠️ degraded'],
  ['failed', '❌ failed'],
]);

export function renderMarkdown(results: readonly RunResult[]): string {
  const lines: string[] = ['## cachebench results', ''];
  if (results.length === 0) {
    lines.push('No results.');
    return lines.join('\n') + '\n';
  }
  const names = seriesNames(results);
  for (const h of headlines(results)) {
    lines.push(`- **${escapeMarkdown(h.workload)}**: ${escapeMarkdown(h.sentence)}${h.caveats.length > 0 ? ` _Caveats: ${escapeMarkdown(h.caveats.join('; '))}._` : ''}`);
  }
  lines.push('');
  lines.push('| result | engine | workload | ops/s | p50 | p99 | p99.9 | max | errors | status |');
  lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  results.forEach((r, i) => {
    const l = r.summary.latency;
    const cells = [
      escapeMarkdown(names[i]!),
      escapeMarkdown(r.engine.name),
      escapeMarkdown(r.workload.name) + (r.workload.mode === 'native' ? '' : ' (emulated)'),
      opsPerSecToHuman(r.summary.opsPerSec),
      nsToHuman(l.percentiles.p50),
      nsToHuman(l.percentiles.p99),
      nsToHuman(l.percentiles.p99_9),
      nsToHuman(l.max),
      integerToText(r.summary.errors),
      STATUS_TEXT.get(r.status) ?? escapeMarkdown(String(r.status)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  });

  const failedChecks: string[] = [];
  const problems: string[] = [];
  results.forEach((r, i) => {
    const name = escapeMarkdown(names[i]!);
    for (const check of r.checks) {
      if (!check.passed) failedChecks.push(`- **${name}**: ${escapeMarkdown(check.name)} — ${escapeMarkdown(check.detail)}`);
    }
    for (const reason of r.statusReasons) problems.push(`- **${name}** (${r.status}): ${escapeMarkdown(reason)}`);
    // The runner usually states saturation as a status reason already; say it only if it did not.
    if (r.openLoop?.saturated === true && r.statusReasons.length === 0) {
      problems.push(
        `- **${name}**: the load generator could not keep the schedule (target ${opsPerSecToHuman(r.openLoop.targetRate)}, ` +
          `achieved ${opsPerSecToHuman(r.openLoop.achievedRate)})`,
      );
    }
  });
  const figureLines = results.flatMap((r, i) => {
    const figures = Object.entries(r.domain?.figures ?? {});
    if (figures.length === 0) return [];
    return [`- **${escapeMarkdown(names[i]!)}**: ${figures.map(([n]) => `${escapeMarkdown(n)} ${escapeMarkdown(domainFigureText(r.domain!, n))}`).join(', ')}`];
  });
  if (figureLines.length > 0) lines.push('', '### Workload figures', '', ...figureLines);
  if (failedChecks.length > 0) lines.push('', '### Failed checks', '', ...failedChecks);
  if (problems.length > 0) lines.push('', '### Problems', '', ...problems);
  return lines.join('\n') + '\n';
}
