/**
 * One autocannon run against the API: the seeded route mix, per-route HDR histograms of response
 * time in the harness recorder (so the RunResult is the same shape as every other run), status
 * codes per route (429 and other 4xx recorded under their own op kinds, 5xx counted as errors),
 * transport errors, and the main thread's event-loop utilisation — autocannon's busy share,
 * from which the run says when the load generator, not the API, was the limit.
 *
 * autocannon is closed-loop: each connection sends its next request when a reply comes back, and
 * response time is measured from the actual send. With `--rate` it paces sends but does not
 * correct for coordinated omission, so such figures are marked as closed-loop, uncorrected.
 */
import autocannon from 'autocannon';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Recorder, type RecorderSnapshot } from '../recorder/recorder.js';
import type { RequestFactory, RouteWeight } from './route-mix.js';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly pipelining: number;
  /** Measured duration; ignored when `amount` is set. */
  readonly durationMs: number;
  readonly amount: number | null;
  /** Requests per second over all connections (autocannon's `overallRate`), or null. */
  readonly rate: number | null;
  readonly timeoutMs: number;
}

export interface RouteLoad {
  /** Responses by status code. */
  readonly statuses: Record<string, number>;
  /** Sum of response times (ns) over every response. */
  readonly responseNs: number;
  readonly responses: number;
}

export interface LoadOutcome {
  readonly snapshot: RecorderSnapshot;
  readonly routes: Record<string, RouteLoad>;
  /** Requests that got no reply (connection errors, timeouts). */
  readonly transportErrors: number;
  /** Main thread (autocannon) event-loop utilisation over the run, 0..1. */
  readonly generatorBusy: number;
  readonly elapsedMs: number;
}

/** The op kinds of a mix: per route its replies, its 429s, its other 4xx; then transport failures. */
export function opKindsOf(mix: readonly RouteWeight[]): string[] {
  return [...mix.flatMap((r) => [r.route.name, `${r.route.name} 429`, `${r.route.name} 4xx`]), 'transport'];
}

/** Autocannon's per-connection hook for a route's replies (status, body, headers). */
export type ReplyHook = (route: string, status: number, body: string) => void;

export async function runLoad(
  opts: LoadOptions,
  mix: readonly RouteWeight[],
  factory: RequestFactory,
  startEpochMs: number,
  onReply?: ReplyHook,
): Promise<LoadOutcome> {
  const kinds = opKindsOf(mix);
  const transportKind = kinds.length - 1;
  const recorder = new Recorder(kinds, false, startEpochMs);
  const routes = new Map<string, { statuses: Record<string, number>; responseNs: number; responses: number; base: number }>();
  mix.forEach((r, i) => routes.set(r.route.name, { statuses: {}, responseNs: 0, responses: 0, base: i * 3 }));
  // Set by a request's onResponse, read by the 'response' event autocannon emits right after it.
  let lastRoute = '';
  let lastStatus = 0;
  const requests = factory.sequence(mix).map((route) => ({
    setupRequest: (req: Record<string, unknown>) => Object.assign(req, factory.build(route.name)),
    onResponse: (status: number, body: string) => {
      lastRoute = route.name;
      lastStatus = status;
      onReply?.(route.name, status, body);
    },
  }));
  let transportErrors = 0;
  const elu0: EventLoopUtilization = performance.eventLoopUtilization();
  const t0 = performance.now();
  let finished!: (err: Error | null) => void;
  const done = new Promise<void>((resolve, reject) => {
    finished = (err) => (err ? reject(err) : resolve());
  });
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    pipelining: opts.pipelining,
    ...(opts.amount !== null ? { amount: opts.amount } : { duration: opts.durationMs / 1000 }),
    ...(opts.rate !== null ? { overallRate: opts.rate } : {}),
    timeout: Math.max(1, Math.ceil(opts.timeoutMs / 1000)),
    requests: requests as unknown as autocannon.Request[],
  }, (err) => finished(err ?? null));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    const r = routes.get(lastRoute);
    if (!r) return;
    const now = performance.now();
    const ns = responseTimeMs * 1e6;
    const code = String(lastStatus);
    r.statuses[code] = (r.statuses[code] ?? 0) + 1;
    if (lastStatus >= 500) {
      recorder.error(r.base, `http:${code}`, now);
      return;
    }
    r.responseNs += ns;
    r.responses++;
    recorder.record(lastStatus === 429 ? r.base + 1 : lastStatus >= 400 ? r.base + 2 : r.base, ns, now);
  });
  instance.on('reqError', (err: Error) => {
    transportErrors++;
    recorder.error(transportKind, /timed out/.test(err.message) ? 'timeout' : 'connection', performance.now());
  });
  await done;
  const endNow = performance.now();
  const generatorBusy = performance.eventLoopUtilization(elu0).utilization;
  const out: Record<string, RouteLoad> = {};
  for (const [name, r] of routes) out[name] = { statuses: r.statuses, responseNs: r.responseNs, responses: r.responses };
  return { snapshot: recorder.finish(endNow), routes: out, transportErrors, generatorBusy, elapsedMs: endNow - t0 };
}
