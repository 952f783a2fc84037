/**
 * A rate search or sweep in words and as a terminal table: the answer sentence ("highest rate
 * meeting p99 < 1 ms: 84.2k ops/s (knee at ~80k); the server was the limit") and one row per
 * step. Pure: returns text.
 */
import type { SearchRecord } from '../harness/slo/record.js';
import { countToHuman, nsToHuman, opsPerSecToHuman } from './format.js';
import { alignColumns, terminalSafe } from './table.js';

/** `p99 < 1 ms and p99.9 < 5 ms`. */
export function slosText(record: SearchRecord): string {
  return record.slos.map((s) => `${s.percentile} < ${nsToHuman(s.thresholdNs)}`).join(' and ');
}

/** The answer as one sentence a reader can repeat, with its caveats. */
export function searchAnswerSentence(record: SearchRecord): string {
  const knee = record.knee === null ? '' : ` (knee at ~${countToHuman(record.knee.rate)})`;
  const a = record.answer;
  if (a === null) {
    const top = record.steps.reduce((m, s) => Math.max(m, s.achievedRate), 0);
    return `${terminalSafe(record.label)}: ${record.steps.length} rates swept, up to ${opsPerSecToHuman(top)} achieved${knee}`;
  }
  const what = `${terminalSafe(record.label)}: highest rate meeting ${slosText(record)}`;
  const caveats: string[] = [];
  if (a.interrupted) caveats.push('the search was interrupted');
  else if (!a.confirmed && a.rate !== null && record.mode === 'slo') caveats.push('the boundary did not hold on a repeat');
  if (record.mode === 'sweep' && a.rate !== null && a.firstFailingRate !== null) caveats.push(`next rate given: ${opsPerSecToHuman(a.firstFailingRate)}`);
  const waits = record.workload.waitKinds ?? [];
  if (waits.length > 0) caveats.push(`judged without ${waits.join(', ')}: they wait for work`);
  const disturbed = record.steps.filter((s) => s.disturbed).length;
  if (disturbed > 0) caveats.push(`${disturbed} of ${record.steps.length} steps ran on a disturbed machine`);
  const tail = caveats.length > 0 ? ` (${caveats.join('; ')})` : '';
  if (a.rate === null) {
    const side = a.limitedBy === 'generator' ? 'the load generator could not offer it' : 'the server missed it';
    return `${what}: none from ${opsPerSecToHuman(lowestRate(record))} up — ${side}${tail}`;
  }
  const rate = opsPerSecToHuman(a.rate);
  switch (a.limitedBy) {
    case 'generator':
      return `${what}: at least ${rate}${knee}; the load generator was the limit, not the server — add load threads or machines${tail}`;
    case 'range':
      return `${what}: at least ${rate}${knee}; the top of the searched range still met it${tail}`;
    default:
      return `${what}: ${rate}${knee}; the generator was not the limit${tail}`;
  }
}

function lowestRate(record: SearchRecord): number {
  return record.steps.reduce((m, s) => Math.min(m, s.rate), Infinity);
}

export function renderSearchTable(record: SearchRecord): string {
  const rows: string[][] = [['#', 'phase', 'target', 'achieved', 'p50', 'p99', 'p99.9', 'SLO', 'limit']];
  record.steps.forEach((s, i) => {
    rows.push([
      String(i + 1),
      s.phase,
      countToHuman(s.rate),
      countToHuman(s.achievedRate),
      nsToHuman(s.latencyNs.p50),
      nsToHuman(s.latencyNs.p99),
      nsToHuman(s.latencyNs.p99_9),
      s.meets === null ? '-' : s.meets ? 'met' : 'missed',
      s.limit ?? '',
    ]);
  });
  const head = record.mode === 'slo' ? `rate search, ${slosText(record)}` : `sweep${record.slos.length > 0 ? `, ${slosText(record)}` : ''}`;
  const lines = [`${terminalSafe(record.label)} — ${head}`, '', alignColumns(rows), ''];
  const missed = record.steps.filter((s) => s.meets === false);
  const firstFail = record.answer?.firstFailingRate;
  const deciding = missed.find((s) => s.rate === firstFail) ?? missed[0];
  if (deciding) lines.push(`missed at ${countToHuman(deciding.rate)}: ${deciding.reasons.join(', ')}${deciding.limitReason ? ` — ${deciding.limitReason}` : ''}`);
  lines.push(searchAnswerSentence(record));
  return lines.join('\n') + '\n';
}
