/**
 * The API's routes as data: name (what `cachebench http --route` takes), method, path, what the
 * cache must be able to do, and a line of documentation. The router, `--help`, validation and the
 * README table derive from this list.
 */
import type { Capability } from '../../../engines/types.js';
import type { RouteHandler } from '../context.js';
import { limited } from './limited.js';
import { postScore, top } from './scores.js';
import { login, me } from './sessions.js';
import { postTweet, timeline } from './tweets.js';
import { getUser, putUser } from './users.js';

export interface RouteSpec {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Path, or prefix when it ends in `/` (the rest is the route's one argument). */
  readonly path: string;
  /** Capability the cache needs (the `none` baseline and emulations aside). */
  readonly needs?: Capability;
  /** Whether `none` (no cache) can serve it. */
  readonly withoutCache: boolean;
  readonly doc: string;
  /** `null` for routes the API serves itself (the event hub). */
  readonly handler: RouteHandler | null;
}

export const ROUTES: readonly RouteSpec[] = [
  { name: 'users', method: 'GET', path: '/users/', withoutCache: true, doc: 'GET /users/:id — cache-aside over Postgres, TTL', handler: getUser },
  { name: 'user-update', method: 'PUT', path: '/users/', withoutCache: true, doc: 'PUT /users/:id — update the row, invalidate the cached copy', handler: putUser },
  { name: 'login', method: 'POST', path: '/login', withoutCache: true, doc: 'POST /login {"user":n} — a session with a TTL', handler: login },
  { name: 'me', method: 'GET', path: '/me', withoutCache: true, doc: 'GET /me (cookie sid) — the session, expiry slid', handler: me },
  { name: 'limited', method: 'GET', path: '/limited', withoutCache: true, doc: 'GET /limited (X-Client-Id) — 5 a minute, then 429 + Retry-After', handler: limited },
  { name: 'score', method: 'POST', path: '/scores', withoutCache: true, doc: 'POST /scores {"player":n,"delta":d} — leaderboard increment', handler: postScore },
  { name: 'top', method: 'GET', path: '/top', withoutCache: true, doc: 'GET /top — the top 10 with scores', handler: top },
  { name: 'tweet', method: 'POST', path: '/tweets', withoutCache: true, doc: 'POST /tweets {"author":a,"text":…} — fan-out to followers', handler: postTweet },
  { name: 'timeline', method: 'GET', path: '/timeline/', withoutCache: true, doc: 'GET /timeline/:account — the newest 50 tweet ids', handler: timeline },
  {
    name: 'events',
    method: 'POST',
    path: '/events/',
    needs: 'pubsub',
    withoutCache: false,
    doc: 'POST /events/:room — publish to GET /events/:room listeners (server-sent events)',
    handler: null,
  },
];

export const ROUTE_NAMES: readonly string[] = ROUTES.map((r) => r.name);

export function routeByName(name: string): RouteSpec | undefined {
  return ROUTES.find((r) => r.name === name);
}

/** The route index serving `method path`, and its argument; -1 when none does. */
export function matchRoute(method: string, path: string): { index: number; arg: string } {
  for (let i = 0; i < ROUTES.length; i++) {
    const r = ROUTES[i]!;
    if (r.method !== method) continue;
    if (r.path.endsWith('/')) {
      if (path.length > r.path.length && path.startsWith(r.path) && path.indexOf('/', r.path.length) < 0) return { index: i, arg: path.slice(r.path.length) };
    } else if (path === r.path) return { index: i, arg: '' };
  }
  return { index: -1, arg: '' };
}
