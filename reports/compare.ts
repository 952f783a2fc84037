/**
 * Printers for a `Comparison`, pure: an aligned terminal table and a Markdown summary for
 * `$GITHUB_STEP_SUMMARY` (cell, base and head median ± spread, change with its 95% interval,
 * p, verdict, reason). Every label is escaped in Markdown: result files are untrusted input.
 */
import { figureInUnit, opsPerSecToHuman } from './format.js';
import { escapeMarkdown } from './markdown.js';
import { overallVerdict, pct, VERDICTS, type CellComparison, type Comparison, type FigureComparison, type Verdict } from '../harness/compare/compare.js';
import type { SampleSummary } from '../harness/compare/sample.js';

function valueText(unit: FigureComparison['unit'], v: number): string {
  return unit === 'ops/s' ? opsPerSecToHuman(v) : figureInUnit(unit, v);
}

/** `2.10M ±1.2% (n=7)`. */
export function sideText(unit: FigureComparison['unit'], s: SampleSummary | null): string {
  if (s === null || s.n === 0) return '—';
  return `${valueText(unit, s.median)} ±${pct(s.spread, false)} (n=${s.n})`;
}

export function changeText(f: FigureComparison): string {
  return f.shift === null ? '—' : `${pct(f.shift.change)} [${pct(f.shift.low)}, ${pct(f.shift.high)}]`;
}

export function pText(f: FigureComparison): string {
  if (f.shift === null) return '—';
  const p = f.shift.p;
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

function rowReason(c: CellComparison, f: FigureComparison | null): string {
  return [...(f ? [f.reason] : c.reasons), ...c.notes].join('; ');
}

const HEADER = ['verdict', 'cell', 'figure', 'base median ± spread', 'head median ± spread', 'change [95% interval]', 'p', 'reason'];

function rows(c: Comparison, verdictText: (v: Verdict) => string): string[][] {
  const out: string[][] = [];
  for (const cell of c.cells) {
    if (cell.figures.length === 0) {
      out.push([verdictText(cell.verdict), cell.key, '—', '—', '—', '—', '—', rowReason(cell, null)]);
      continue;
    }
    for (const f of cell.figures) {
      out.push([verdictText(f.verdict), cell.key, f.figure, sideText(f.unit, f.base), sideText(f.unit, f.head), changeText(f), pText(f), rowReason(cell, f)]);
    }
  }
  return out;
}

/** "2 regressed, 5 no change, 1 inconclusive" (verdicts with no cell left out). */
export function countsText(c: Comparison): string {
  const parts = VERDICTS.filter((v) => c.counts[v] > 0).map((v) => `${c.counts[v]} ${v}`);
  return parts.length === 0 ? 'no cells' : parts.join(', ');
}

export function comparisonToTable(c: Comparison, notes: readonly string[] = []): string {
  const all = [HEADER, ...rows(c, (v) => v)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const lines = all.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  lines.push('', `cells: ${countsText(c)} (minimum effect ${pct(c.minEffect, false)}, 95% intervals)`);
  for (const n of notes) lines.push(`note: ${n}`);
  if (c.headFailures.length > 0) lines.push(`head failed its checks in: ${c.headFailures.join(', ')}`);
  lines.push(`verdict: ${overallVerdict(c)}`);
  return lines.join('\n');
}

const VERDICT_MARK: Readonly<Record<Verdict, string>> = {
  regressed: '🔴 regressed',
  improved: '🟢 improved',
  'no change': '⚪ no change',
  inconclusive: '🟡 inconclusive',
  missing: '⚫ missing',
};

export function comparisonToMarkdown(c: Comparison, notes: readonly string[] = []): string {
  const lines = [
    `### cachebench compare: ${overallVerdict(c)}`,
    '',
    `${countsText(c)} — minimum effect ${pct(c.minEffect, false)}, change = head / base − 1 (Hodges–Lehmann) with its 95% interval, p from the Mann–Whitney U test.`,
    '',
    `| ${HEADER.slice(1, 7).join(' | ')} | verdict | reason |`,
    `| --- | --- | ---: | ---: | ---: | ---: | --- | --- |`,
  ];
  for (const r of rows(c, (v) => VERDICT_MARK[v])) {
    const [verdict, ...rest] = r;
    const cells = [...rest.slice(0, 6), verdict!, rest[6]!];
    lines.push(`| ${cells.map(escapeMarkdown).join(' | ')} |`);
  }
  if (c.headFailures.length > 0) lines.push('', `**Head failed its checks** in ${c.headFailures.map(escapeMarkdown).join(', ')}: the gate fails whatever the timings say.`);
  for (const n of notes) lines.push('', `Note: ${escapeMarkdown(n)}`);
  return lines.join('\n');
}
