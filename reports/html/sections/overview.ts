/**
 * The overview at the top of the page: "who wins, by how much, and was the run clean", as a
 * headline per workload (`data/headlines.ts`) with its caveats, and one line counting what a
 * reader should distrust (degraded or failed runs, emulations, runs on a disturbed machine).
 */
import type { RunResult } from '../../../shared/result-types.js';
import { headlines } from '../../data/headlines.js';
import { html, type Markup } from '../markup.js';

export function overviewSection(results: readonly RunResult[]): Markup | null {
  if (results.length === 0) return null;
  const hs = headlines(results);
  const degraded = results.filter((r) => r.status === 'degraded').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  const emulated = results.filter((r) => r.workload.mode !== 'native').length;
  const disturbed = results.filter((r) => r.machine?.disturbed === true).length;
  const unknownMachine = results.filter((r) => r.machine === undefined).length;
  const issues: string[] = [];
  if (failed > 0) issues.push(`${failed} failed`);
  if (degraded > 0) issues.push(`${degraded} degraded`);
  if (emulated > 0) issues.push(`${emulated} emulated`);
  if (disturbed > 0) issues.push(`${disturbed} on a disturbed machine`);
  const cleanLine =
    issues.length === 0
      ? html`<p class="clean ok">Clean: all ${results.length} runs ok, native${unknownMachine === 0 ? ', on a quiet machine' : ''}.</p>`
      : html`<p class="clean callout">Of ${results.length} runs: ${issues.join(', ')}. The caveats under each headline say which.</p>`;
  return html`<section id="overview"><h2>Overview</h2>${cleanLine}
<ul class="headlines">${hs.map(
    (h) => html`<li><strong>${h.workload}</strong>: ${h.sentence}${h.caveats.length === 0 ? null : html`<ul class="reasons">${h.caveats.map((c) => html`<li>${c}</li>`)}</ul>`}</li>`,
  )}</ul></section>`;
}
