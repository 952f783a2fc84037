/**
 * The terminal table of one result: a header saying what ran, then one row per operation kind
 * and a merged `all` row with ops/s, p50, p90, p99, p99.9, max and errors, each latency in the
 * unit that suits it. Open-loop runs add the uncorrected row and the schedule figures; the
 * workload's own figures follow in their units (`151×`, `93.1%`, `1.15 ms`); errors,
 * status reasons and failed checks follow. Pure: returns the text, prints nothing.
 */
import type { LatencySummary, RunResult } from '../shared/result-types.js';
import { countToHuman, domainFigureText, inFlightText, integerToText, msToHuman, nsToHuman, opsPerSecToHuman } from './format.js';
import { shardLines } from './shard-lines.js';

const COLUMNS = ['kind', 'ops/s', 'p50', 'p90', 'p99', 'p99.9', 'max', 'errors'] as const;

function latencyCells(latency: LatencySummary): string[] {
  if (latency.count === 0) return ['-', '-', '-', '-', '-'];
  const p = latency.percentiles;
  return [nsToHuman(p.p50), nsToHuman(p.p90), nsToHuman(p.p99), nsToHuman(p.p99_9), nsToHuman(latency.max)];
}

/** Lay out rows as aligned columns: first column left-aligned, the rest right-aligned. */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

/** Strip control characters so a label cannot move the cursor or recolour the terminal. */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

function describeLoop(result: RunResult): string {
  const c = result.config;
  const threads = `${c.threads} thread${c.threads === 1 ? '' : 's'}`;
  if (c.loop === 'open') {
    return `open loop at ${opsPerSecToHuman(c.rate ?? Number.NaN)} (${c.arrival ?? 'constant'}), ${threads}`;
  }
  return `closed loop, ${threads}, ${inFlightText(c)}`;
}

export function renderTable(result: RunResult): string {
  const lines: string[] = [];
  const status = result.status === 'ok' ? 'ok' : result.status.toUpperCase();
  lines.push(`${terminalSafe(result.label)}  [${status}]`);
  lines.push(
    terminalSafe(
      `${result.engine.name} ${result.engine.version} (${result.engine.location}) · ${result.workload.name}` +
        `${result.workload.mode === 'native' ? '' : ` (emulated: ${result.workload.mode.replace(/^emulated:?\s*/i, '')})`} · ${describeLoop(result)} · ` +
        `${msToHuman(result.timing.measuredMs)} measured · seed ${result.config.seed}`,
    ),
  );
  lines.push('');

  const rows: string[][] = [[...COLUMNS]];
  for (const [kind, stats] of Object.entries(result.ops)) {
    rows.push([terminalSafe(kind), countToHuman(stats.opsPerSec), ...latencyCells(stats.latency), integerToText(stats.errors)]);
  }
  rows.push(['all', countToHuman(result.summary.opsPerSec), ...latencyCells(result.summary.latency), integerToText(result.summary.errors)]);
  if (result.summary.uncorrectedLatency !== undefined) {
    rows.push(['all (uncorrected)', '', ...latencyCells(result.summary.uncorrectedLatency), '']);
  }
  lines.push(alignColumns(rows));

  const open = result.openLoop;
  if (open !== undefined) {
    lines.push('');
    lines.push(
      `schedule: target ${opsPerSecToHuman(open.targetRate)} (${open.arrival}), achieved ${opsPerSecToHuman(open.achievedRate)}, ` +
        `missed ${integerToText(open.missed ?? 0)}, ${integerToText(open.lateOps)} ops late by ≥ ${nsToHuman(open.lateThresholdNs)}, ` +
        `send lag p99 ${nsToHuman(open.lag.percentiles.p99)}` +
        (open.generatorLag ? ` (generator's own ${nsToHuman(open.generatorLag.percentiles.p99)})` : ''),
    );
    if (open.saturated) {
      lines.push('WARNING: the load generator fell behind its schedule (saturated); latencies include its own delay');
    }
  }

  const figures = Object.entries(result.domain?.figures ?? {});
  if (figures.length > 0) {
    lines.push('');
    lines.push(`figures: ${figures.map(([name]) => `${terminalSafe(name)} ${terminalSafe(domainFigureText(result.domain!, name))}`).join(', ')}`);
  }

  const errorKinds = Object.entries(result.errors).filter(([, n]) => n > 0);
  if (errorKinds.length > 0) {
    lines.push('');
    lines.push(`errors: ${errorKinds.map(([kind, n]) => `${terminalSafe(kind)} ${integerToText(n)}`).join(', ')}`);
  }
  const client = result.engine.client;
  if (client && (client['movedRedirects'] ?? 0) + (client['askRedirects'] ?? 0) + (client['tryAgainRetries'] ?? 0) > 0) {
    const tryAgain = (client['tryAgainRetries'] ?? 0) > 0 ? `, ${integerToText(client['tryAgainRetries']!)} TRYAGAIN resent` : '';
    lines.push(`cluster redirects followed: ${integerToText(client['movedRedirects'] ?? 0)} MOVED, ${integerToText(client['askRedirects'] ?? 0)} ASK${tryAgain} (not errors)`);
  }
  const split = shardLines(result);
  if (split.length > 0) lines.push('', ...split);
  for (const reason of result.statusReasons) lines.push(`${status}: ${terminalSafe(reason)}`);
  for (const check of result.checks) {
    if (!check.passed) lines.push(`check failed: ${terminalSafe(check.name)} — ${terminalSafe(check.detail)}`);
  }
  lines.push(`harness overhead ${nsToHuman(result.calibration.harnessOverheadNsPerOp)}/op (null engine)`);
  return lines.join('\n') + '\n';
}
