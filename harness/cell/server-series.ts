/**
 * Server-side statistics over the measured phase: sampled when it begins, every series interval
 * (aligned with the client's per-interval series) and when it ends, so the stats delta covers
 * the measured phase only (warm-up traffic excluded) and the report can draw the server's own
 * counters under the client's.
 *
 * Where the samples come from:
 * - real servers (managed, remote): an engine instance of this cell opened in the main thread,
 *   so INFO / `stats` travel on a connection of their own, never between the load's requests;
 * - in-process engines served by one load thread in this process: that engine itself (a direct
 *   call between operations; the timer fires when the loop yields);
 * - in-process engines shared by worker threads (`prepareShared` handed them a store or a
 *   channel): an engine instance of the main thread's own on that shared handle — a session of
 *   its own on the redis-style engine thread's channel (answered between commands, like INFO on
 *   a connection of its own), an attachment to the memcached-style store (its counters are in
 *   shared memory; reading them costs the load nothing);
 * - in-process engines without a shared handle behind worker threads (each thread has its own
 *   engine, e.g. null), or a shared engine with no session left: no series; the delta then
 *   comes from before the warm-up, and the result says so (`deltaCovers`).
 */
import type { EngineFactory, EngineStats, SharedEngineHandle } from '../../engines/types.js';
import type { ServerSeries } from '../../shared/result-types.js';
import { epochNowMs } from '../../shared/clock.js';
import { LocalThread, type ThreadHandle } from '../threads/thread-handle.js';

/** Figures kept per interval (cumulative counters and gauges as the server reports them). */
export const SERVER_SERIES_FIGURES: Readonly<Record<'redis' | 'memcached', readonly string[]>> = {
  redis: [
    'total_commands_processed',
    'instantaneous_ops_per_sec',
    'used_memory',
    'evicted_keys',
    'keyspace_hits',
    'keyspace_misses',
    'connected_clients',
    'used_cpu_sys',
    'used_cpu_user',
  ],
  memcached: ['cmd_get', 'cmd_set', 'cmd_touch', 'delete_hits', 'delete_misses', 'incr_hits', 'incr_misses', 'decr_hits', 'decr_misses', 'get_hits', 'get_misses', 'evictions', 'curr_connections', 'bytes', 'curr_items', 'rusage_user', 'rusage_system'],
};

/** Commands the server counted, from one sample: redis's total, memcached's command counters summed. */
export function serverCommands(family: string, stats: Record<string, string | number>): number | null {
  const n = (k: string): number => {
    const v = Number(stats[k]);
    return Number.isFinite(v) ? v : 0;
  };
  if (family === 'redis') return stats['total_commands_processed'] === undefined ? null : n('total_commands_processed');
  if (family === 'memcached') {
    if (stats['cmd_get'] === undefined) return null;
    return ['cmd_get', 'cmd_set', 'cmd_touch', 'delete_hits', 'delete_misses', 'incr_hits', 'incr_misses', 'decr_hits', 'decr_misses'].reduce((s, k) => s + n(k), 0);
  }
  return null;
}

/** `ServerSeries.source` of an in-process engine shared by worker threads, sampled from the main thread. */
export const SHARED_ENGINE = 'own session on the shared engine';

export interface StatsSource {
  sample(): Promise<EngineStats>;
  close(): Promise<void>;
  /** `own connection`, `same process` or `SHARED_ENGINE`. */
  readonly how: string;
}

/** A source for the cell's server statistics, or null when none can be sampled during the run. */
export async function openStatsSource(
  ef: EngineFactory,
  options: Record<string, unknown>,
  shared: SharedEngineHandle | undefined,
  threads: readonly ThreadHandle[],
  threadCount: number,
): Promise<StatsSource | null> {
  if (ef.location !== 'in-process') {
    // One connection is enough for INFO / stats; the load's shape (--clients) stays what the server sees.
    const engine = await ef.create({ ...options, connections: 1 }, shared, { index: 0, count: threadCount, isWorker: false, seed: 0 });
    return { sample: async () => engine.stats(), close: async () => engine.close(), how: 'own connection' };
  }
  if (threads.length === 1 && threads[0] instanceof LocalThread) return { sample: () => threads[0]!.stats(), close: async () => {}, how: 'same process' };
  if (shared !== undefined) {
    // A failure (every channel session taken) leaves the run without a series, never without a result.
    const engine = await ef.create(options, shared, { index: 0, count: threadCount, isWorker: false, seed: 0 });
    return { sample: async () => engine.stats(), close: async () => engine.close(), how: SHARED_ENGINE };
  }
  return null;
}

/**
 * Samples `source` at the measured phase's start, every `intervalMs` after it, and on `finish`.
 * Samples are requested at the boundary and stamped with it (the request leaves then; a reply
 * over loopback arrives within a millisecond or so).
 */
export class ServerSampler {
  private readonly points: { t: number; stats: EngineStats }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private first: Promise<EngineStats> | null = null;
  private readonly pending: Promise<void>[] = [];

  constructor(
    private readonly source: StatsSource,
    private readonly family: 'redis' | 'memcached' | 'null',
    private readonly measureStartEpochMs: number,
    private readonly intervalMs: number,
  ) {}

  /** Call at the start of the measured phase. */
  start(): void {
    this.first = safe(this.source.sample());
    let k = 1;
    const next = (): void => {
      const due = this.measureStartEpochMs + k * this.intervalMs;
      this.timer = setTimeout(() => {
        const t = (k * this.intervalMs) / 1000;
        k++;
        this.pending.push(safe(this.source.sample()).then((stats) => void this.points.push({ t, stats })));
        next();
      }, Math.max(0, due - epochNowMs()));
    };
    next();
  }

  /** Call when the measured phase ended; returns the start and end samples and the series. */
  async finish(endEpochMs: number): Promise<{ before: EngineStats | null; after: EngineStats; series: ServerSeries }> {
    if (this.timer !== null) clearTimeout(this.timer);
    const after = await safe(this.source.sample());
    await Promise.all(this.pending);
    const before = this.first === null ? null : await this.first;
    const figures = this.family === 'null' ? [] : SERVER_SERIES_FIGURES[this.family];
    const endT = Math.max(0, (endEpochMs - this.measureStartEpochMs) / 1000);
    const all = [...this.points.filter((p) => p.t < endT), { t: endT, stats: after }].sort((a, b) => a.t - b.t);
    const pick = (s: EngineStats): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const f of figures) {
        const v = Number(s[f]);
        if (s[f] !== undefined && Number.isFinite(v)) out[f] = v;
      }
      const commands = serverCommands(this.family, s as Record<string, string | number>);
      if (commands !== null) out['commands'] = commands;
      return out;
    };
    return {
      before,
      after,
      series: {
        intervalMs: this.intervalMs,
        source: this.source.how,
        ...(before ? { start: pick(before) } : {}),
        points: all.map((p) => ({ t: Number(p.t.toFixed(3)), values: pick(p.stats) })),
      },
    };
  }
}

async function safe(p: Promise<EngineStats> | EngineStats): Promise<EngineStats> {
  try {
    return await p;
  } catch (err) {
    return { stats_error: err instanceof Error ? err.message : String(err) };
  }
}
