/**
 * Where a request's time goes, measured inside the API: time waiting for the cache, time waiting
 * for the database, and queries made, per request and summed per route. The client's response
 * time minus these is the HTTP layer (parsing, routing, serialising, the event loop, loopback).
 * A sync (in-process) engine's call is timed around the call itself; a Promise's from the call
 * until its continuation runs, which is what the request waited.
 */
import { performance } from 'node:perf_hooks';
import type { Awaitable } from '../../engines/types.js';

export class RequestMeter {
  cacheNs = 0;
  dbNs = 0;
  dbQueries = 0;
  /** Users: a cache hit (true), a miss (false), or not a cache read (null). */
  hit: boolean | null = null;

  cache<T>(call: () => Awaitable<T>): Awaitable<T> {
    const start = performance.now();
    const value = call();
    if (!isThenable(value)) {
      this.cacheNs += (performance.now() - start) * 1e6;
      return value;
    }
    return Promise.resolve(value).finally(() => {
      this.cacheNs += (performance.now() - start) * 1e6;
    });
  }

  async db<T>(call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    this.dbQueries++;
    try {
      return await call();
    } finally {
      this.dbNs += (performance.now() - start) * 1e6;
    }
  }
}

/** Sums for one route since the last reset. */
export interface RouteTotals {
  requests: number;
  /** Time from the request's arrival at the API to its reply written. */
  serverNs: number;
  cacheNs: number;
  dbNs: number;
  dbQueries: number;
  hits: number;
  misses: number;
  /** Replies by status code. */
  statuses: Record<string, number>;
  /** 500s by what failed: an `EngineError` kind, `db`, or Node's error code. */
  errors: Record<string, number>;
}

export function emptyTotals(): RouteTotals {
  return { requests: 0, serverNs: 0, cacheNs: 0, dbNs: 0, dbQueries: 0, hits: 0, misses: 0, statuses: {}, errors: {} };
}

export function addRequest(t: RouteTotals, m: RequestMeter, status: number, serverNs: number): void {
  t.requests++;
  t.serverNs += serverNs;
  t.cacheNs += m.cacheNs;
  t.dbNs += m.dbNs;
  t.dbQueries += m.dbQueries;
  if (m.hit === true) t.hits++;
  else if (m.hit === false) t.misses++;
  const code = String(status);
  t.statuses[code] = (t.statuses[code] ?? 0) + 1;
}

function isThenable<T>(value: Awaitable<T>): value is Promise<T> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}
