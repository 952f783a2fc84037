/**
 * Rate limiting, the seed's exercise: each client may make `limit` requests per window (5 by
 * default: spam 10, see 5 allowed and 5 blocked). Two algorithms:
 * - `fixed`: one counter per client and window, `rl:<client>:<window index>`. Redis family:
 *   INCR, and PEXPIRE when the counter was just created. Memcached family: incr, and on a miss
 *   `add "1"` with an exptime (incr again when another client's add won the race).
 * - `sliding`: a sliding-window log per client in a sorted set: trim entries well behind the
 *   window, ZADD this request, ZCOUNT the window; over the limit → ZREM it again and block. Adding before
 *   counting means concurrent requests can both be refused, never both allowed. Memcached has no
 *   sorted sets: there the log is a JSON array of timestamps in one item, trimmed and appended
 *   with a CAS loop (retries counted), deciding on the snapshot the CAS then guards.
 *
 * Checks (over every thread, in `summarize`): never more than `limit` allowed per client per
 * window; with `fixed`, exactly `limit` allowed whenever a client asked at least that often.
 * Requests made during warm-up count towards their window, so the raw tallies are kept across
 * `onMeasureStart`; only the reported rates reset.
 */
import type { Engine, McValue, Reply } from '../../engines/types.js';
import type { DomainFigures, DomainSeries } from '../../shared/result-types.js';
import { WorkloadParamError, type CheckResult, type WorkloadContext, type WorkloadFactory, type WorkloadInstance, type WorkloadParams } from '../types.js';
import { deleteKeys } from './support/cleanup.js';
import { drive, type ScenarioOp } from './support/drive.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';
import { fixedWindowCount } from './support/fixed-window.js';
import { ttlMsToExptime } from '../../engines/memcached/ttl.js';
import { replyNumber } from './support/replies.js';

const OP_ALLOWED = 0;
const OP_BLOCKED = 1;
const OP_KINDS = ['allowed', 'blocked'] as const;

const ALGORITHMS = ['fixed', 'sliding'] as const;
const MEMCACHED_CLOCK_MS = 1000;
/** Sorted-set logs are trimmed this far behind the window (see `sliding`). */
const TRIM_SLACK_MS = 1000;

/**
 * Sliding windows are judged by the requests' own timestamps (client clocks, whole ms). Counting
 * only the window (ZCOUNT) with a lazy trim, or reading the clock after the CAS snapshot, keeps
 * the limit exact whatever the delays; the check still allows a little slack at the window's edge
 * for millisecond rounding.
 */
export const SLIDING_EDGE_TOLERANCE_MS = 20;

/** Raw tallies crossing threads in `domain().series` (dropped again by `summarize`). */
const RAW_REQUESTS = 'raw: requests by client-window';
const RAW_ALLOWED = 'raw: allowed by client-window';
const RAW_ALLOWED_TIMES = 'raw: allowed request times by client';
/** Client-windows (fixed) or allowed times (sliding) one thread keeps for the checks. */
const MAX_TRACKED = 200_000;

interface RateLimiterParams {
  algorithm: (typeof ALGORITHMS)[number];
  limit: number;
  windowMs: number;
  clients: number;
}

const PARAM_TABLE: ParamTable = [
  { name: 'algorithm', kind: 'enum', default: 'fixed', values: ALGORITHMS, doc: 'window kind (sliding uses sorted sets, or a CAS-guarded JSON log on memcached)' },
  { name: 'limit', kind: 'int', default: 5, min: 1, max: 1_000_000, doc: 'requests allowed per client per window' },
  { name: 'windowMs', kind: 'int', default: 1000, min: 10, max: 3_600_000, unit: 'ms', doc: 'window length (memcached counters expire in whole seconds)' },
  { name: 'clients', kind: 'int', default: 20, min: 1, max: 1_000_000, doc: 'distinct clients sending requests, chosen uniformly' },
];

function resolve(params: WorkloadParams): RateLimiterParams {
  return resolveParamTable(PARAM_TABLE, params) as unknown as RateLimiterParams;
}

class RateLimiterInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_ALLOWED;
  private readonly native: boolean;
  /** Sliding window on the memcached family: a JSON log per client under CAS. */
  private readonly slidingOnCas: boolean;
  private casRetries = 0;
  /** Requests left out of the checks once MAX_TRACKED client-windows (or allowed times) are held. */
  private untracked = 0;
  private trackedTimes = 0;
  private readonly clientIds: string[];
  /** (window index × clients + client) → requests / allowed, for the fixed-window checks. */
  private readonly requestsByWindow = new Map<number, number>();
  private readonly allowedByWindow = new Map<number, number>();
  /** Sliding: per client, the timestamps (ms) of allowed requests. */
  private readonly allowedTimes: number[][];
  private memberSerial = 0;
  private allowed = 0;
  private blocked = 0;
  readonly ttlMs: number;
  /** The same life in memcached's whole seconds. */
  readonly exptime: number;

  constructor(
    private readonly params: RateLimiterParams,
    private readonly ctx: WorkloadContext,
  ) {
    this.native = ctx.mode.kind === 'native';
    this.slidingOnCas = params.algorithm === 'sliding' && !ctx.capabilities.has('sortedSets');
    if (this.slidingOnCas && ctx.family !== 'memcached') {
      throw new WorkloadParamError('algorithm', `sliding needs sorted sets, or CAS on the memcached family; the ${ctx.family} engine has neither`);
    }
    this.clientIds = Array.from({ length: params.clients }, (_, i) => `c${i}`);
    this.allowedTimes = params.algorithm === 'sliding' ? Array.from({ length: params.clients }, () => []) : [];
    // A counter must outlive its window (keys are per window, so a longer life only costs memory).
    // Memcached's clock ticks in whole seconds: an exptime of n may end after n-1 seconds, so add one.
    this.ttlMs = params.windowMs * 2 + (ctx.family === 'memcached' ? MEMCACHED_CLOCK_MS : 0);
    this.exptime = ttlMsToExptime(this.ttlMs);
  }

  /** Sliding logs of an earlier run would refuse requests: each thread deletes its share of them. */
  async preload(engine: Engine): Promise<void> {
    if (this.params.algorithm !== 'sliding') return;
    const tc = this.ctx.threadCount;
    await deleteKeys(engine, this.clientIds.filter((_, c) => c % tc === this.ctx.threadIndex).map((id) => `rls:${id}`));
  }

  onMeasureStart(): void {
    this.allowed = 0;
    this.blocked = 0;
    this.casRetries = 0;
  }

  step(engine: Engine): number | Promise<number> {
    this.lastKind = OP_ALLOWED;
    const client = this.ctx.rng.int(this.params.clients);
    const now = Date.now();
    if (this.params.algorithm === 'sliding') return drive(this.slidingOnCas ? this.casSliding(engine, client) : this.sliding(engine, client, now));
    const window = Math.floor(now / this.params.windowMs);
    let slot = window * this.params.clients + client;
    const seen = this.requestsByWindow.get(slot);
    if (seen !== undefined || this.requestsByWindow.size < MAX_TRACKED) this.requestsByWindow.set(slot, (seen ?? 0) + 1);
    else {
      // Memory stays bounded on long runs: later client-windows go unjudged (and are counted as such).
      slot = -1;
      this.untracked++;
    }
    return drive(this.fixed(engine, client, window, slot));
  }

  private *fixed(engine: Engine, client: number, window: number, slot: number): ScenarioOp {
    const count = yield* fixedWindowCount(engine, `rl:${this.clientIds[client]}:${window}`, this, this.native);
    if (count <= this.params.limit) {
      if (slot >= 0) this.allowedByWindow.set(slot, (this.allowedByWindow.get(slot) ?? 0) + 1);
      this.allowed++;
      return OP_ALLOWED;
    }
    this.blocked++;
    this.lastKind = OP_BLOCKED;
    return OP_BLOCKED;
  }

  private *sliding(engine: Engine, client: number, now: number): ScenarioOp {
    const redis = engine.redis!;
    const key = `rls:${this.clientIds[client]}`;
    const member = `${now}:${this.ctx.threadIndex}:${this.memberSerial++}`;
    // Trim lazily, a second behind the window: another request's trim must never remove entries
    // this one still has to count, however late it reaches the server. Count only the window.
    yield redis.call(['ZREMRANGEBYSCORE', key, '-inf', `(${now - this.params.windowMs - TRIM_SLACK_MS}`]);
    yield redis.call(['ZADD', key, String(now), member]);
    const count = replyNumber((yield redis.call(['ZCOUNT', key, `(${now - this.params.windowMs}`, '+inf'])) as Reply, 'ZCOUNT');
    if (count <= this.params.limit) {
      yield redis.call(['PEXPIRE', key, String(this.params.windowMs * 2 + TRIM_SLACK_MS)]);
      this.trackAllowed(client, now);
      this.allowed++;
      return OP_ALLOWED;
    }
    yield redis.call(['ZREM', key, member]);
    this.blocked++;
    this.lastKind = OP_BLOCKED;
    return OP_BLOCKED;
  }

  private *casSliding(engine: Engine, client: number): ScenarioOp {
    const mc = engine.memcached!;
    const key = `rls:${this.clientIds[client]}`;
    for (;;) {
      const item = (yield mc.get(key)) as McValue | null;
      // The clock is read after the snapshot: every entry a successful CAS keeps was written
      // before this read, so no later-landing request can carry an older timestamp.
      const now = Date.now();
      const cutoff = now - this.params.windowMs;
      const log = item === null ? [] : (JSON.parse(item.value) as number[]).filter((t) => t > cutoff);
      if (log.length >= this.params.limit) {
        // Full on this snapshot: refusing writes nothing, so it needs no CAS.
        this.blocked++;
        this.lastKind = OP_BLOCKED;
        return OP_BLOCKED;
      }
      log.push(now);
      const text = JSON.stringify(log);
      const stored = item === null ? yield mc.add(key, text, this.exptime) : yield mc.cas(key, text, item.cas, this.exptime);
      if (stored === 'STORED') {
        this.trackAllowed(client, now);
        this.allowed++;
        return OP_ALLOWED;
      }
      // Another request changed the log since our read (EXISTS) or created it first (NOT_STORED).
      this.casRetries++;
    }
  }

  private trackAllowed(client: number, time: number): void {
    if (this.trackedTimes >= MAX_TRACKED) {
      this.untracked++;
      return;
    }
    this.trackedTimes++;
    this.allowedTimes[client]!.push(time);
  }

  domain(): DomainFigures {
    const series: Record<string, DomainSeries> = {};
    if (this.params.algorithm === 'fixed') {
      series[RAW_REQUESTS] = toSeries(this.requestsByWindow, 'requests');
      series[RAW_ALLOWED] = toSeries(this.allowedByWindow, 'allowed');
    } else {
      const points: { x: number; y: number }[] = [];
      this.allowedTimes.forEach((times, client) => {
        for (const t of times) points.push({ x: client, y: t });
      });
      series[RAW_ALLOWED_TIMES] = { xLabel: 'client', yLabel: 'epoch ms', points };
    }
    return {
      figures: threadFigures(FIGURES, {
        algorithm: this.params.algorithm,
        limit: this.params.limit,
        windowMs: this.params.windowMs,
        clients: this.params.clients,
        allowed: this.allowed,
        blocked: this.blocked,
        casRetries: this.casRetries,
        untrackedRequests: this.untracked,
      }),
      series,
      notes: [this.modeNote()],
    };
  }

  private modeNote(): string {
    if (this.params.algorithm === 'fixed') {
      return this.native && this.ctx.family === 'redis'
        ? 'fixed window: INCR + PEXPIRE'
        : 'fixed window: memcached incr, add on a miss (exptime in whole seconds)';
    }
    return this.slidingOnCas
      ? 'sliding window log: memcached has no sorted sets, so a JSON log per client under a CAS loop'
      : `sliding window log on a sorted set; edge tolerance ${SLIDING_EDGE_TOLERANCE_MS} ms for client clocks`;
  }
}

function toSeries(map: Map<number, number>, yLabel: string): DomainSeries {
  return { xLabel: 'window × clients + client', yLabel, points: [...map].map(([x, y]) => ({ x, y })) };
}

/** Merge raw tallies (counts add per client-window) over threads. */
function mergeCounts(parts: readonly DomainFigures[], name: string): Map<number, number> {
  const merged = new Map<number, number>();
  for (const part of parts) for (const p of part.series?.[name]?.points ?? []) merged.set(p.x, (merged.get(p.x) ?? 0) + p.y);
  return merged;
}

function checkFixed(parts: readonly DomainFigures[], p: RateLimiterParams): { checks: CheckResult[]; figures: Record<string, number> } {
  const requests = mergeCounts(parts, RAW_REQUESTS);
  const allowed = mergeCounts(parts, RAW_ALLOWED);
  let over = 0;
  let under = 0;
  let maxAllowed = 0;
  const overExamples: string[] = [];
  const underExamples: string[] = [];
  for (const [slot, asked] of requests) {
    const got = allowed.get(slot) ?? 0;
    if (got > maxAllowed) maxAllowed = got;
    const where = `client c${slot % p.clients} in window ${Math.floor(slot / p.clients)}`;
    if (got > p.limit) {
      over++;
      if (overExamples.length < 3) overExamples.push(`${where}: ${got} allowed`);
    } else if (got < Math.min(asked, p.limit)) {
      under++;
      if (underExamples.length < 3) underExamples.push(`${where}: ${got} allowed of ${asked} asked`);
    }
  }
  return {
    figures: { clientWindows: requests.size, maxAllowedInWindow: maxAllowed, windowsOverLimit: over, windowsUnderAllowed: under },
    checks: [
      {
        name: `never more than ${p.limit} allowed per client per window`,
        passed: over === 0,
        detail: over === 0 ? `${requests.size} client-windows, at most ${maxAllowed} allowed in any` : `${over} client-windows over the limit: ${overExamples.join('; ')}`,
      },
      {
        name: `exactly min(requests, ${p.limit}) allowed per client per window`,
        passed: under === 0,
        detail: under === 0 ? `every client-window allowed as many as it may` : `${under} client-windows refused requests under the limit: ${underExamples.join('; ')}`,
      },
    ],
  };
}

function checkSliding(parts: readonly DomainFigures[], p: RateLimiterParams): { checks: CheckResult[]; figures: Record<string, number> } {
  const byClient = new Map<number, number[]>();
  for (const part of parts) {
    for (const pt of part.series?.[RAW_ALLOWED_TIMES]?.points ?? []) {
      const list = byClient.get(pt.x) ?? [];
      list.push(pt.y);
      byClient.set(pt.x, list);
    }
  }
  const span = p.windowMs - SLIDING_EDGE_TOLERANCE_MS;
  let violations = 0;
  let maxInWindow = 0;
  const examples: string[] = [];
  for (const [client, times] of byClient) {
    times.sort((a, b) => a - b);
    // Two-pointer sweep: how many allowed requests fall within `span` ms ending at each one.
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= span) start++;
      const inWindow = end - start + 1;
      if (inWindow > maxInWindow) maxInWindow = inWindow;
      if (inWindow > p.limit) {
        violations++;
        if (examples.length < 3) examples.push(`client c${client}: ${inWindow} allowed within ${span} ms ending at ${times[end]}`);
      }
    }
  }
  return {
    figures: { maxAllowedInWindow: maxInWindow, windowsOverLimit: violations },
    checks: [
      {
        name: `never more than ${p.limit} allowed per client in any sliding window`,
        passed: violations === 0,
        detail:
          violations === 0
            ? `${byClient.size} clients, at most ${maxInWindow} allowed within any ${span} ms`
            : `${violations} requests allowed over the limit: ${examples.join('; ')}`,
      },
    ],
  };
}

const fixedWindows = (params: WorkloadParams): boolean => params['algorithm'] === 'fixed';

/** rate-limiter's figures (`figure-table.ts`); the verdict figures come from the checks over every thread (`summarize`). */
export const FIGURES = defineFigures([
  { name: 'algorithm', unit: 'text', merge: 'last', doc: 'fixed or sliding window (the algorithm parameter)' },
  { name: 'limit', unit: 'count', merge: 'last', doc: 'requests allowed per client per window (the limit parameter)' },
  { name: 'windowMs', unit: 'ms', merge: 'last', doc: 'window length (the windowMs parameter)' },
  { name: 'clients', unit: 'count', merge: 'last', doc: 'clients sharing the limiter (the clients parameter)' },
  { name: 'allowed', unit: 'count', merge: 'sum', doc: 'requests the limiter allowed' },
  { name: 'blocked', unit: 'count', merge: 'sum', doc: 'requests the limiter refused' },
  { name: 'blockedRatio', unit: 'fraction', merge: { ratio: ['blocked', ['allowed', 'blocked']] }, doc: 'blocked ÷ requests' },
  { name: 'casRetries', unit: 'count', merge: 'sum', doc: 'compare-and-set attempts that lost a race and retried (memcached only)' },
  { name: 'untrackedRequests', unit: 'count', merge: 'sum', doc: 'requests the checks did not judge (tracking is bounded so memory stays flat on long runs)' },
  { name: 'clientWindows', unit: 'count', merge: 'derived', doc: 'client-windows judged (fixed windows only)', when: fixedWindows },
  { name: 'maxAllowedInWindow', unit: 'count', merge: 'derived', doc: 'most requests allowed to one client in one window' },
  { name: 'windowsOverLimit', unit: 'count', merge: 'derived', doc: 'client-windows (sliding: requests) allowed over the limit; must be 0' },
  { name: 'windowsUnderAllowed', unit: 'count', merge: 'derived', doc: 'client-windows that refused requests under the limit (fixed windows only); must be 0', when: fixedWindows },
]);

export const rateLimiterWorkload: WorkloadFactory = {
  name: 'rate-limiter',
  description: 'N requests per client per window: fixed window (INCR+EXPIRE / add+incr) or sliding log (sorted set / CAS JSON log)',
  needs: ['strings'],
  // The sliding log on memcached is a CAS loop (gets/cas); the fixed window needs only incr/add.
  usesCommands: (params, family) => family === 'memcached' && params['algorithm'] === 'sliding',
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new RateLimiterInstance(resolve(params), ctx),
  summarize(parts, rawParams) {
    const p = resolve(rawParams);
    return p.algorithm === 'fixed' ? checkFixed(parts, p) : checkSliding(parts, p);
  },
};
