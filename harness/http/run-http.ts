/**
 * One `cachebench http` cell, end to end: prepare the cache and start the API thread → create
 * the sessions `/me` presents and open the event listeners → warm-up (an autocannon run whose
 * figures are dropped) → reset the API's meters → the measured autocannon run → checks (over
 * HTTP, and the API's own) → a `RunResult` of the same shape as every other run's, so `report`
 * and `compare` read it unchanged. `checkOnly` skips the load and returns just the checks.
 */
import { performance } from 'node:perf_hooks';
import type { EngineStats } from '../../engines/types.js';
import { resolveApiParams, type ApiParams } from '../../workloads/http/params.js';
import type { CheckResult } from '../../workloads/types.js';
import { collectEnvironment, collectToolInfo } from '../env.js';
import { initHistograms } from '../../shared/histogram.js';
import { buildRunResult } from '../results/build-result.js';
import type { RunResult } from '../../shared/result-types.js';
import { epochNowMs } from '../../shared/clock.js';
import { redactOptions } from '../../engines/secrets.js';
import { engineRecord } from '../results/engine-record.js';
import { ApiHost } from './api-host.js';
import { clientChecks } from './client-checks.js';
import { httpFigures } from './figures.js';
import { EventListeners } from './listeners.js';
import { runLoad, type LoadOptions } from './load.js';
import { RequestFactory, ROOMS, SessionPool, type RouteWeight } from './route-mix.js';

export interface HttpCellSpec {
  /** Registry name of the cache, or `none`. */
  readonly engine: string;
  readonly engineOptions: Record<string, unknown>;
  readonly mix: readonly RouteWeight[];
  /** API parameters as given (validated by `resolveApiParams`). */
  readonly params: Record<string, unknown>;
  readonly connections: number;
  readonly pipelining: number;
  readonly durationMs: number;
  readonly amount: number | null;
  readonly rate: number | null;
  readonly warmupMs: number;
  readonly seed: number;
  readonly timeoutMs: number;
  /** Event-stream listeners per room when `events` is in the mix. */
  readonly listeners: number;
  readonly label?: string;
}

/** Sessions created before measuring, for `/me`. */
const PRELOADED_SESSIONS = 200;
/** autocannon above this share of its thread is the bottleneck. */
export const GENERATOR_BUSY_LIMIT = 0.9;
/** Time given to deliveries still on their way when the load ends. */
const DELIVERY_DRAIN_MS = 3000;

export function cellLabel(spec: HttpCellSpec): string {
  const routes = spec.mix.map((r) => (r.weight === 1 ? r.route.name : `${r.route.name}:${r.weight}`)).join(',');
  return spec.label ?? `${spec.engine} http ${routes} c=${spec.connections}${spec.pipelining > 1 ? ` p=${spec.pipelining}` : ''}${spec.rate !== null ? ` rate=${spec.rate}` : ''}`;
}

function modeOf(engine: string, family: string, routes: readonly string[]): string {
  // No cache is not an emulation of one: the API runs as written, straight to the database (the notes say so).
  if (engine === 'none') return 'native';
  if (family === 'memcached' && routes.some((r) => ['score', 'top', 'tweet', 'timeline'].includes(r))) {
    return 'emulated: leaderboard as a CAS-guarded JSON board, timelines as CAS-guarded JSON lists';
  }
  return 'native';
}

async function preloadSessions(url: string, pool: SessionPool): Promise<void> {
  for (let i = 0; i < PRELOADED_SESSIONS; i++) {
    const res = await fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"user":${i}}` });
    const body = (await res.json()) as { token?: string };
    if (res.status !== 200 || !body.token) throw new Error(`preload: POST /login answered ${res.status}`);
    pool.add(body.token);
  }
}

/** Only the checks, no load: `cachebench http --check`. */
export async function runHttpChecks(spec: HttpCellSpec): Promise<CheckResult[]> {
  const params = resolveApiParams(spec.params);
  const host = await ApiHost.start(spec.engine, spec.engineOptions, spec.params, spec.seed);
  try {
    const routes = spec.mix.map((r) => r.route.name);
    return [...(await clientChecks(host.url, routes, params, spec.seed)), ...(await host.check())];
  } finally {
    await host.close();
  }
}

export async function runHttpCell(spec: HttpCellSpec): Promise<RunResult> {
  await initHistograms();
  const params: ApiParams = resolveApiParams(spec.params);
  const routes = spec.mix.map((r) => r.route.name);
  const startedAt = new Date();
  const preloadStart = performance.now();
  const host = await ApiHost.start(spec.engine, spec.engineOptions, spec.params, spec.seed);
  let listeners: EventListeners | null = null;
  try {
    const sessions = new SessionPool();
    if (routes.includes('me')) await preloadSessions(host.url, sessions);
    if (routes.includes('events')) {
      listeners = await EventListeners.open(host.url, Array.from({ length: ROOMS }, (_, i) => `room${i}`), spec.listeners);
    }
    const factory = new RequestFactory(spec.seed, params, sessions);
    let publishes = 0;
    const onReply = (route: string, status: number, body: string) => {
      if (route === 'login' && status === 200) sessions.add((JSON.parse(body) as { token: string }).token);
      else if (route === 'events' && status === 200) publishes++;
    };
    const preloadMs = performance.now() - preloadStart;
    const statsBefore: EngineStats = await host.stats();
    const load: LoadOptions = {
      url: host.url,
      connections: spec.connections,
      pipelining: spec.pipelining,
      durationMs: spec.durationMs,
      amount: spec.amount,
      rate: spec.rate,
      timeoutMs: spec.timeoutMs,
    };
    if (spec.warmupMs > 0) await runLoad({ ...load, durationMs: spec.warmupMs, amount: null }, spec.mix, factory, epochNowMs(), onReply);
    await host.reset();
    listeners?.reset();
    publishes = 0;
    const apiElu0 = host.elu();
    const outcome = await runLoad(load, spec.mix, factory, epochNowMs(), onReply);
    const apiBusy = host.elu(apiElu0).utilization;
    const totals = await host.totals();
    const statsAfter = await host.stats();
    const checks: CheckResult[] = [];
    if (listeners) {
      const expected = publishes * spec.listeners;
      const until = performance.now() + DELIVERY_DRAIN_MS;
      while (listeners.deliveries < expected && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
      // Publishes still in flight when autocannon stopped may be delivered without their reply counted.
      const unacknowledged = spec.connections * spec.pipelining * spec.listeners;
      checks.push({
        name: 'every published message reached every listener of its room',
        passed: listeners.deliveries >= expected && listeners.deliveries <= expected + unacknowledged,
        detail: `${listeners.deliveries} deliveries of ${publishes} acknowledged messages × ${spec.listeners} listeners (${expected} expected, up to ${unacknowledged} more from requests in flight at the end)`,
      });
    }
    checks.push(...(await clientChecks(host.url, routes, params, spec.seed)), ...(await host.check()));
    const seconds = outcome.elapsedMs / 1000;
    const notes = [
      'closed loop: autocannon sends the next request when a reply comes back; response time from the actual send' +
        (spec.rate !== null ? `, paced at ${spec.rate} req/s but not corrected for coordinated omission` : ''),
      spec.engine === 'none' ? 'no cache: every route goes to the database' : `cache: ${host.engineInfo.name} ${host.engineInfo.version}`,
      params.db === '' ? 'database: embedded PGlite in its own thread' : 'database: Postgres server',
      'time split: cache and db shares are the API thread’s waits per request ÷ the client’s mean response time; http is the rest',
    ];
    const extraReasons: string[] = [];
    if (outcome.generatorBusy > GENERATOR_BUSY_LIMIT) {
      const reason = `autocannon busy ${(outcome.generatorBusy * 100).toFixed(0)}% of its thread: these figures may be the load generator's limit, not the API's (fewer --connections, or compare with \`npm run bench:http\`)`;
      extraReasons.push(reason);
      notes.push(reason);
    }
    const domain = httpFigures({
      routes: outcome.routes,
      totals,
      seconds,
      generatorBusy: outcome.generatorBusy,
      apiBusy,
      delivery: listeners && listeners.delivery.count > 0 ? listeners.delivery.summary() : null,
      notes,
    });
    const info = host.engineInfo;
    const attempted = outcome.snapshot.counts.reduce((a, b) => a + b, 0) + outcome.snapshot.errorsPerKind.reduce((a, b) => a + b, 0);
    return buildRunResult({
      label: cellLabel(spec),
      tool: collectToolInfo(),
      env: collectEnvironment(),
      engine: engineRecord({
        info,
        options: redactOptions(spec.engineOptions),
        ...(host.shared?.facts ? { facts: host.shared.facts } : {}),
        before: statsBefore,
        after: statsAfter,
      }),
      workload: { name: 'http', params: { routes: spec.mix.map((r) => `${r.route.name}:${r.weight}`).join(','), ...params, db: params.db === '' ? '' : '(postgres url)' }, mode: modeOf(spec.engine, info.family, routes) },
      config: {
        loop: 'closed',
        concurrency: spec.connections * spec.pipelining,
        rate: null,
        arrival: null,
        threads: 1,
        durationMs: spec.amount === null ? spec.durationMs : null,
        requests: spec.amount,
        warmupMs: spec.warmupMs,
        seed: spec.seed,
        timeoutMs: spec.timeoutMs,
        extra: {
          http: { generator: 'autocannon', connections: spec.connections, pipelining: spec.pipelining, rate: spec.rate, latencyFrom: 'actual send (closed loop, not corrected for coordinated omission)', listenersPerRoom: routes.includes('events') ? spec.listeners : 0 },
        },
      },
      startedAt,
      endedAt: new Date(),
      preloadMs,
      parts: [{ snapshot: outcome.snapshot, domain: null, attempted, abandoned: 0, missed: 0 }],
      domain,
      checks,
      calibration: {
        harnessOverheadNsPerOp: attempted > 0 ? (outcome.generatorBusy * outcome.elapsedMs * 1e6) / attempted : 0,
        bareLoopNsPerOp: 0,
        method: 'autocannon: busy time of its thread (event-loop utilisation) ÷ requests',
      },
      extraReasons,
    });
  } finally {
    listeners?.close();
    await host.close();
  }
}
