/**
 * Terminal lines for split runs: a shard says which part it ran and how its start and clock
 * compared; a merged result lists its shards with their start skew, clock offset and rate, so
 * a late shard or a drifting clock is seen beside the figures. Pure: returns text.
 */
import type { ClockOffset, RunResult } from '../shared/result-types.js';
import { alignColumns, terminalSafe } from './table.js';
import { countToHuman } from './format.js';

export function shardLines(result: RunResult): string[] {
  const lines: string[] = [];
  const s = result.shard;
  if (s) {
    const last = s.threads.first + s.threads.count - 1;
    lines.push(
      `shard ${s.index}/${s.count} · threads ${s.threads.first}${last > s.threads.first ? `–${last}` : ''} of ${s.run.threads} · ` +
        `start ${s.window.late ? `${s.window.startSkewMs} ms late` : 'on time'} · clock ${clockText(s.clock)}`,
    );
  }
  const m = result.merged;
  if (m) {
    const corrected = m.referenceStartSpreadMs === null ? '' : `, ${ms(m.referenceStartSpreadMs)} clock-corrected`;
    lines.push(
      `merged ${m.present.length} of ${m.shardCount} shards (run ${m.runId})${m.missing.length > 0 ? `, missing ${m.missing.join(', ')}` : ''} · ` +
        `series ${m.seriesAlignment} · starts spread ${ms(m.startSpreadMs)}${corrected}`,
    );
    const rows = [['shard', 'host', 'ops/s', 'start skew', 'corrected', 'clock offset', 'status']];
    for (const sh of m.shards) {
      rows.push([
        String(sh.index),
        terminalSafe(sh.env.hostname),
        countToHuman(sh.opsPerSec),
        signedMs(sh.startSkewMs) + (sh.window.late ? ' (late)' : ''),
        sh.referenceStartSkewMs === null ? '-' : signedMs(sh.referenceStartSkewMs),
        clockText(sh.clock),
        sh.status,
      ]);
    }
    lines.push(alignColumns(rows));
  }
  return lines;
}

function clockText(c: ClockOffset | null): string {
  if (c === null) return 'not compared';
  if ('error' in c) return `not compared (${terminalSafe(c.error)})`;
  return `${signedMs(c.offsetMs)} ±${ms(c.uncertaintyMs)} vs ${c.reference}`;
}

function ms(v: number): string {
  return `${Math.abs(v) < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
}

function signedMs(v: number): string {
  const text = ms(Math.abs(v));
  return `${v < 0 && /[1-9]/.test(text) ? '−' : '+'}${text}`;
}
