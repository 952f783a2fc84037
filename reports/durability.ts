/**
 * Printers for a durability result: an aligned terminal table and a Markdown table, one row per
 * persistence mode — `mode | writes/s | p50 | p99 | p99.9 | acked | lost | lost window | restart`
 * — plus the lines that say how the experiment ran. Functions return strings; callers print.
 */
import { countToHuman, fractionToPercent, msToHuman, nsToHuman } from './format.js';
import { escapeMarkdown } from './markdown.js';
import type { DurabilityResult, ModeResult } from '../harness/durability/types.js';

const HEADER = ['mode', 'writes/s', 'p50', 'p99', 'p99.9', 'acked', 'lost', 'lost %', 'lost window', 'restart'];

/** With more than redis-server in the result, an engine column leads (one table, both engines). */
function withEngine(r: DurabilityResult): boolean {
  return r.modes.some((m) => m.engine !== undefined && m.engine !== 'redis-server');
}

function header(r: DurabilityResult): string[] {
  return withEngine(r) ? ['engine', ...HEADER] : HEADER;
}

function row(r: DurabilityResult, m: ModeResult): string[] {
  return withEngine(r) ? [m.engine ?? 'redis-server', ...rowOf(m)] : rowOf(m);
}

function relativeToKill(msBefore: number): string {
  // An ack can land just after the kill instant: the reply was already on its way.
  return msBefore >= 0 ? `${msToHuman(msBefore)} before` : `${msToHuman(-msBefore)} after`;
}

/** `412 ms before → 3 ms before kill`: when the lost writes were acknowledged. */
export function lostWindowText(m: ModeResult): string {
  if (m.lostWindow === null) return '-';
  const w = m.lostWindow;
  return `${relativeToKill(w.firstAckBeforeKillMs)} → ${relativeToKill(w.lastAckBeforeKillMs)} kill`;
}

function rowOf(m: ModeResult): string[] {
  return [
    m.mode,
    countToHuman(m.writesPerSec),
    nsToHuman(m.latency.percentiles.p50),
    nsToHuman(m.latency.percentiles.p99),
    nsToHuman(m.latency.percentiles.p99_9),
    String(m.acked),
    String(m.lost),
    fractionToPercent(m.lostFraction),
    lostWindowText(m),
    msToHuman(m.restartMs),
  ];
}

/** How the experiment ran, in a few lines under the table. */
function notes(r: DurabilityResult): string[] {
  const c = r.config;
  const bound = [c.writes !== null ? `${c.writes} writes` : null, c.durationMs !== null ? msToHuman(c.durationMs) : null].filter((x) => x !== null);
  const versions = r.engineVersions ?? { 'redis-server': r.redisServerVersion };
  const lines = [
    `${Object.entries(versions).map(([e, v]) => `${e} ${v}`).join(', ')}; SET of ${c.valueBytes}-byte values, ${c.inFlight} in flight on one connection; ` +
      `SIGKILL ${msToHuman(c.killAfterMs)} after the first write${bound.length ? ` (stream bounded by ${bound.join(' / ')})` : ''}; seed ${c.seed}.`,
    'lost = acknowledged before the kill but missing after the restart; lost window = when those writes were acknowledged.',
    'SIGKILL goes to the server and any child it forked (BGSAVE, AOF rewrite), not to the machine: data already written to the OS page cache survives it, so the fsync policy shows in latency here, not in loss.',
  ];
  if (r.modes.some((m) => m.mode === 'rdb')) lines.push(`rdb runs with save ${JSON.stringify(r.modes.find((m) => m.mode === 'rdb')!.serverConfig.save)}.`);
  for (const m of r.modes) {
    const who = withEngine(r) ? `${m.engine ?? 'redis-server'} ` : '';
    if (!m.killedMidStream) lines.push(`${who}${m.mode}: the write stream ended before the kill; nothing was in flight when it came.`);
    if (m.unackedSurvived > 0) lines.push(`${who}${m.mode}: ${m.unackedSurvived} of ${m.unacked} unacknowledged writes were applied anyway.`);
  }
  return lines;
}

export function durabilityToTable(r: DurabilityResult): string {
  const head = header(r);
  const rows = [head, ...r.modes.map((m) => row(r, m))];
  const widths = head.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  lines.push('', ...notes(r));
  return lines.join('\n');
}

export function durabilityToMarkdown(r: DurabilityResult): string {
  const head = header(r);
  const textColumns = new Set(['engine', 'mode', 'lost window']);
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((h) => (textColumns.has(h) ? '---' : '---:')).join(' | ')} |`];
  for (const m of r.modes) lines.push(`| ${row(r, m).map(escapeMarkdown).join(' | ')} |`);
  lines.push('', ...notes(r).map((l) => `- ${escapeMarkdown(l)}`));
  return lines.join('\n');
}
