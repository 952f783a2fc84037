/**
 * The domain figures of an HTTP run, pure: per route the status codes (429, other 4xx and 5xx
 * apart), hit ratio, database queries per second, and where the response time went — the share
 * waiting for the cache, for the database, and the rest (the HTTP layer: parsing, routing,
 * serialising, the event loop, loopback TCP) — from the API's meter and the client's response
 * times; and for the whole run requests and DB queries per second, autocannon's and the API's
 * busy share of their threads, and pub/sub delivery latency when events were published.
 */
import type { DomainFigures, LatencySummary } from '../../shared/result-types.js';
import type { RouteTotals } from '../../workloads/http/meter.js';
import type { RouteLoad } from './load.js';

export interface FigureInputs {
  readonly routes: Record<string, RouteLoad>;
  readonly totals: Record<string, RouteTotals>;
  readonly seconds: number;
  readonly generatorBusy: number;
  readonly apiBusy: number;
  readonly delivery: LatencySummary | null;
  readonly notes: readonly string[];
}

function share(part: number, whole: number): number {
  return whole > 0 ? Math.min(1, part / whole) : 0;
}

function statusClass(statuses: Record<string, number>, test: (code: number) => boolean): number {
  let n = 0;
  for (const [code, count] of Object.entries(statuses)) if (test(Number(code))) n += count;
  return n;
}

export function httpFigures(input: FigureInputs): DomainFigures {
  const figures: Record<string, number | string | boolean> = {};
  let responses = 0;
  let dbQueries = 0;
  let hits = 0;
  let misses = 0;
  for (const [route, load] of Object.entries(input.routes)) {
    const t = input.totals[route];
    const all = statusClass(load.statuses, () => true);
    responses += all;
    figures[`${route} 2xx`] = statusClass(load.statuses, (c) => c < 300);
    figures[`${route} 429`] = load.statuses['429'] ?? 0;
    figures[`${route} other 4xx`] = statusClass(load.statuses, (c) => c >= 400 && c < 500 && c !== 429);
    figures[`${route} 5xx`] = statusClass(load.statuses, (c) => c >= 500);
    if (!t) continue;
    dbQueries += t.dbQueries;
    if (t.hits + t.misses > 0) {
      figures[`${route} hit ratio`] = t.hits / (t.hits + t.misses);
      hits += t.hits;
      misses += t.misses;
    }
    figures[`${route} DB queries/s`] = t.dbQueries / input.seconds;
    // Shares of the client's response time; the API measured its requests, the client its replies.
    const clientNs = load.responses > 0 ? load.responseNs / load.responses : 0;
    const cacheNs = t.requests > 0 ? t.cacheNs / t.requests : 0;
    const dbNs = t.requests > 0 ? t.dbNs / t.requests : 0;
    figures[`${route} mean response µs`] = clientNs / 1000;
    // The API's waits and the client's response times are averaged over slightly different sets
    // (requests still in flight when autocannon stops), so the shares are capped to sum to 1.
    const cacheShare = share(cacheNs, clientNs);
    const dbShare = Math.min(1 - cacheShare, share(dbNs, clientNs));
    figures[`${route} cache share`] = cacheShare;
    figures[`${route} db share`] = dbShare;
    figures[`${route} http share`] = 1 - cacheShare - dbShare;
  }
  figures['requests/s'] = responses / input.seconds;
  figures['DB queries/s'] = dbQueries / input.seconds;
  if (hits + misses > 0) figures['hit ratio'] = hits / (hits + misses);
  figures['autocannon busy'] = input.generatorBusy;
  figures['API busy'] = input.apiBusy;
  return {
    figures,
    ...(input.delivery ? { latencies: { delivery: input.delivery } } : {}),
    notes: [...input.notes],
  };
}
