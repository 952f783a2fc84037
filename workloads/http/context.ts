/**
 * What every route handler gets: the cache (`null` for the `none` baseline, where every route
 * goes straight to the database), the database, the parameters, the table names of this API
 * instance, and which data types the cache has natively (otherwise the memcached-family
 * emulations of the scenarios run).
 */
import type { Engine } from '../../engines/types.js';
import type { Database } from '../database/database.js';
import type { UsersTable } from '../database/users-table.js';
import type { RequestMeter } from './meter.js';
import type { ApiParams } from './params.js';

export interface ApiContext {
  readonly engine: Engine | null;
  readonly db: Database;
  readonly params: ApiParams;
  readonly users: UsersTable;
  /** Table names of the `none` baseline and the tweets source of truth, unique per API instance. */
  readonly tables: { readonly sessions: string; readonly limits: string; readonly scores: string; readonly tweets: string; readonly follows: string };
  /** Key prefix of this API instance in the cache, so two runs on one server never share keys. */
  readonly keyPrefix: string;
  /** followers[a]: accounts whose timeline receives a's tweets (the timeline scenario's graph). */
  readonly followers: readonly (readonly number[])[];
}

/** A parsed request as a route sees it. */
export interface ApiRequest {
  /** The path segment after the route's prefix (`/users/42` → `42`), or `''`. */
  readonly arg: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly remoteAddress: string;
}

export interface ApiReply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteHandler = (ctx: ApiContext, req: ApiRequest, m: RequestMeter) => ApiReply | Promise<ApiReply>;

export function json(status: number, value: unknown, headers?: Record<string, string>): ApiReply {
  return { status, body: JSON.stringify(value), ...(headers ? { headers } : {}) };
}

/** A request body as JSON, or null when it is not an object. */
export function parseBody(body: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A non-negative integer below `max` from a path segment or body field, or null. */
export function idBelow(raw: unknown, max: number): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 0 && n < max ? n : null;
}
