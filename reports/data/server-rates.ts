/**
 * A result's server series (`engine.stats.series`: cumulative counters and gauges sampled every
 * interval of the measured phase) as per-interval figures a chart can draw under the client's:
 * commands/s, CPU cores busy, memory, hit ratio. Rates are differences of consecutive samples
 * over their true spacing (the first from `start`, the last to the phase's end), and slivers
 * shorter than `MIN_INTERVAL_SHARE` of an interval are left out, as for the client series.
 */
import type { RunResult, ServerSeries } from '../../shared/result-types.js';
import { MIN_INTERVAL_SHARE } from '../charts/time-series.js';

/** Which counters make each figure, per engine family (redis INFO names, memcached `stats` names). */
const CPU_SECONDS: Readonly<Record<string, readonly string[]>> = {
  redis: ['used_cpu_sys', 'used_cpu_user'],
  memcached: ['rusage_system', 'rusage_user'],
};
const MEMORY_BYTES: Readonly<Record<string, string>> = { redis: 'used_memory', memcached: 'bytes' };
const HITS_MISSES: Readonly<Record<string, readonly [string, string]>> = {
  redis: ['keyspace_hits', 'keyspace_misses'],
  memcached: ['get_hits', 'get_misses'],
};

/** The figures drawn, in panel order, with the unit each is in. */
export const SERVER_FIGURES = [
  { key: 'commandsPerSec', title: 'server commands/s', format: '~s' },
  { key: 'cpuCores', title: 'server CPU (cores)', format: '.2~f' },
  { key: 'memoryBytes', title: 'server memory (bytes)', format: '~s' },
  { key: 'hitRatio', title: 'server hit ratio', format: '.0%' },
] as const;

export type ServerFigure = (typeof SERVER_FIGURES)[number]['key'];

export interface ServerRateRow {
  /** Seconds since the measured phase began (end of the interval). */
  readonly t: number;
  readonly figures: Partial<Record<ServerFigure, number>>;
}

function sum(values: Record<string, number>, keys: readonly string[]): number | undefined {
  let total = 0;
  for (const k of keys) {
    const v = values[k];
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

/** Per-interval server figures of one series; empty when it has fewer than two samples to difference. */
export function serverRateRows(series: ServerSeries, family: RunResult['engine']['family']): ServerRateRow[] {
  const rows: ServerRateRow[] = [];
  const cpuKeys = CPU_SECONDS[family];
  const memoryKey = MEMORY_BYTES[family];
  const hm = HITS_MISSES[family];
  const points = [...series.points].sort((a, b) => a.t - b.t);
  let prev: { t: number; values: Record<string, number> } | null = series.start === undefined ? null : { t: 0, values: series.start };
  for (const p of points) {
    const before = prev;
    prev = p;
    if (before === null) continue;
    const dt = p.t - before.t;
    if (dt < (series.intervalMs / 1000) * MIN_INTERVAL_SHARE) continue;
    const figures: Partial<Record<ServerFigure, number>> = {};
    const d = (key: string): number | undefined => {
      const a = before.values[key];
      const b = p.values[key];
      return a === undefined || b === undefined ? undefined : b - a;
    };
    const commands = d('commands');
    if (commands !== undefined) figures.commandsPerSec = commands / dt;
    if (cpuKeys !== undefined) {
      const a = sum(before.values, cpuKeys);
      const b = sum(p.values, cpuKeys);
      if (a !== undefined && b !== undefined) figures.cpuCores = Math.max(0, b - a) / dt;
    }
    if (memoryKey !== undefined && p.values[memoryKey] !== undefined) figures.memoryBytes = p.values[memoryKey];
    if (hm !== undefined) {
      const hits = d(hm[0]);
      const misses = d(hm[1]);
      if (hits !== undefined && misses !== undefined && hits + misses > 0) figures.hitRatio = hits / (hits + misses);
    }
    rows.push({ t: p.t, figures });
  }
  return rows;
}
