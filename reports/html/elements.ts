/**
 * Small building blocks shared by the page's sections: tables (numeric columns right-aligned),
 * status and check badges, and text for loosely typed values (options,
 * parameters, facts) that arrive as arbitrary JSON.
 */
import { redactText } from '../../engines/secrets.js';
import type { RunResult } from '../../shared/result-types.js';
import { namedFigureToText } from '../format.js';
import { html, type Interpolation, type Markup } from './markup.js';

export interface Column {
  readonly title: string;
  /** Right-aligned, tabular digits. */
  readonly numeric?: boolean;
}

export function table(columns: readonly Column[], rows: readonly (readonly Interpolation[])[], caption?: string): Markup {
  return html`<div class="table-wrap"><table>${caption === undefined ? null : html`<caption>${caption}</caption>`}
<thead><tr>${columns.map((c) => html`<th${c.numeric === true ? html` class="num"` : null}>${c.title}</th>`)}</tr></thead>
<tbody>${rows.map(
    (row) => html`<tr>${row.map((cell, i) => html`<td${columns[i]?.numeric === true ? html` class="num"` : null}>${cell}</td>`)}</tr>
`,
  )}</tbody></table></div>`;
}

export function statusBadge(status: RunResult['status']): Markup {
  return html`<span class="badge ${status}">${status}</span>`;
}

/** The status badge with the reasons under it (degraded/failed runs say why). */
export function statusCell(result: RunResult): Markup {
  return html`${statusBadge(result.status)}${
    result.statusReasons.length === 0 ? null : html`<ul class="reasons">${result.statusReasons.map((r) => html`<li>${r}</li>`)}</ul>`
  }`;
}

/**
 * Whether a check judged anything: a passing check whose detail counts nothing ("0 sessions
 * checked", "0 views") examined no item, so it is not a pass. Workloads state counts first in
 * their details; this reads that convention.
 */
export function checkJudgedNothing(check: { readonly passed: boolean; readonly detail: string }): boolean {
  return check.passed && /^0 [a-z][\w -]*$/i.test(check.detail.trim());
}

/** pass / fail, or `not judged` for a check that examined nothing. */
export function checkOutcomeBadge(check: { readonly passed: boolean; readonly detail: string }): Markup {
  return checkJudgedNothing(check) ? html`<span class="badge not-judged">not judged</span>` : checkBadge(check.passed);
}

export function checkBadge(passed: boolean): Markup {
  return passed ? html`<span class="badge pass">pass</span>` : html`<span class="badge fail">fail</span>`;
}

/**
 * A password in a URL (`redis://user:secret@host`) becomes `***`: reports are shared as CI
 * artifacts, and a result written by an older cachebench may still hold one (new results are
 * redacted when built). The rule is engines/secrets.ts's.
 */
export function redactUrlPasswords(text: string): string {
  return redactText(text, []);
}

/** Any JSON-ish value as one line of text (`{"keys":1000}`, `true`, `—` for null), URL passwords redacted. */
export function valueToText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return redactUrlPasswords(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return redactUrlPasswords(JSON.stringify(value));
  } catch {
    return redactUrlPasswords(String(value));
  }
}

/**
 * Nested objects as dotted names (`{ cpu: { model: 'x' } }` → `cpu.model: x`), for tables of
 * machine facts whose shape the report does not own.
 */
export function flattenRecord(value: unknown, prefix = ''): [string, string][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [[prefix || 'value', valueToText(value)]];
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const name = prefix === '' ? k : `${prefix}.${k}`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) rows.push(...flattenRecord(v, name));
    else if (typeof v === 'number') rows.push([name, namedFigureToText(k, v)]);
    else rows.push([name, valueToText(v)]);
  }
  return rows;
}

/** Entries of a record as code-formatted `name=value` pairs, or `—` when empty. */
export function recordToText(record: Record<string, unknown> | undefined): string {
  const entries = Object.entries(record ?? {});
  if (entries.length === 0) return '—';
  return entries.map(([k, v]) => `${k}=${valueToText(v)}`).join(' ');
}
