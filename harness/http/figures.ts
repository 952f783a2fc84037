/**
 * The domain figures of an HTTP run, pure: per route the status codes (429, other 4xx and 5xx
 * apart), hit ratio, database queries per second, and where the response time went — the share
 * waiting for the cache, for the database, and the rest (the HTTP layer: parsing, routing,
 * serialising, the event loop, loopback TCP) — from the API's meter and the client's response
 * times; and for the whole run requests and DB queries per second, autocannon's and the API's
 * busy share of their threads, and pub/sub delivery latency when events were published.
 */
import type { DomainFigures, LatencySummary } from '../../shared/result-types.js';
import { defineFigures, figureUnits, mergeFigures, type FigureSpec, type FigureTable } from '../../workloads/figure-table.js';
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

/** Per route (`<route> 2xx` …): the figure table's rows, named after the route. */
const ROUTE_FIGURES: readonly (Omit<FigureSpec, 'name' | 'merge'> & { readonly suffix: string })[] = [
  { suffix: '2xx', unit: 'count', doc: 'successful responses' },
  { suffix: '429', unit: 'count', doc: 'responses refused by the rate limiter' },
  { suffix: 'other 4xx', unit: 'count', doc: 'client errors other than 429' },
  { suffix: '5xx', unit: 'count', doc: 'server errors' },
  { suffix: 'hit ratio', unit: 'fraction', doc: 'cache hits ÷ cache reads of the route (routes that read the cache)' },
  { suffix: 'DB queries/s', unit: 'per-second', doc: 'database queries per second the route caused' },
  { suffix: 'mean response µs', unit: 'us', doc: 'mean response time the client saw' },
  { suffix: 'cache share', unit: 'fraction', doc: 'share of the response time spent waiting for the cache' },
  { suffix: 'db share', unit: 'fraction', doc: 'share of the response time spent waiting for the database' },
  { suffix: 'http share', unit: 'fraction', doc: 'the rest of the response time: parsing, routing, serialising, the event loop, loopback TCP' },
];

/** The whole run's rows. */
const RUN_FIGURES: readonly Omit<FigureSpec, 'merge'>[] = [
  { name: 'requests/s', unit: 'per-second', doc: 'responses per second over every route' },
  { name: 'DB queries/s', unit: 'per-second', doc: 'database queries per second over every route' },
  { name: 'hit ratio', unit: 'fraction', doc: 'cache hits ÷ cache reads over every route' },
  { name: 'autocannon busy', unit: 'fraction', doc: "share of its thread the load generator was busy (above 90% the figures may be the generator's limit)" },
  { name: 'API busy', unit: 'fraction', doc: 'share of its thread the API was busy (event-loop utilisation)' },
];

/**
 * The figure table of an HTTP run over these routes. One API thread serves the run, so every
 * figure is computed here at once (`derived`); the table gives their units and docs.
 */
export function httpFigureTable(routes: readonly string[]): FigureTable {
  return defineFigures([
    ...routes.flatMap((route) => ROUTE_FIGURES.map(({ suffix, unit, doc }) => ({ name: `${route} ${suffix}`, unit, doc, merge: 'derived' as const }))),
    ...RUN_FIGURES.map((f) => ({ ...f, merge: 'derived' as const })),
  ]);
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
  const table = httpFigureTable(Object.keys(input.routes));
  const ordered = mergeFigures(table, [], {}, figures);
  return {
    figures: ordered,
    units: figureUnits(table, ordered),
    ...(input.delivery ? { latencies: { delivery: input.delivery } } : {}),
    notes: [...input.notes],
  };
}
