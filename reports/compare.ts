/** Printers for a `Comparison`: an aligned terminal table and a Markdown table for CI summaries. */
import { nsToHuman, opsPerSecToHuman } from './index.js';
import { escapeMarkdown } from './markdown.js';
import { pct, type Comparison } from '../harness/compare/compare.js';

function change(x: number | null): string {
  return x === null ? 'n/a' : pct(x);
}

function rowsOf(c: Comparison): string[][] {
  return c.rows.map((r) => [
    r.verdict,
    r.key,
    r.baselineOpsPerSec === null ? 'n/a' : opsPerSecToHuman(r.baselineOpsPerSec),
    r.candidateOpsPerSec === null ? 'n/a' : opsPerSecToHuman(r.candidateOpsPerSec),
    change(r.throughputChange),
    r.baselineP99Ns === null ? 'n/a' : nsToHuman(r.baselineP99Ns),
    r.candidateP99Ns === null ? 'n/a' : nsToHuman(r.candidateP99Ns),
    change(r.p99Change),
    r.reasons.join('; '),
  ]);
}

const HEADER = ['verdict', 'cell', 'base ops/s', 'cand ops/s', 'Δ ops/s', 'base p99', 'cand p99', 'Δ p99', 'why'];

export function comparisonToTable(c: Comparison): string {
  const rows = [HEADER, ...rowsOf(c)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  lines.push('', c.regressed ? 'verdict: REGRESSED' : 'verdict: ok');
  return lines.join('\n');
}

export function comparisonToMarkdown(c: Comparison): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`];
  for (const r of rowsOf(c)) lines.push(`| ${r.map(escapeMarkdown).join(' | ')} |`);
  lines.push('', c.regressed ? '**Verdict: regressed**' : '**Verdict: ok**');
  return lines.join('\n');
}
