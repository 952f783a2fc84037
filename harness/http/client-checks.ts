/**
 * Correctness checks a client can make over HTTP, after the load (or alone, `--check`), for the
 * routes in the mix: the rate limiter's exact `limit` × 200 then `limit` × 429 (with Retry-After)
 * for a fresh client; cache-aside returns what the database holds after a PUT; a session is live
 * at once and gone after its TTL (only judged when the TTL is short enough to wait for: ≤ 5 s);
 * a tweet by the celebrity reaches every follower's timeline. The leaderboard's true top 10 and
 * the cache-vs-database comparison are judged inside the API (`Api.check`), which sees every
 * acknowledged increment.
 */
import { randomUUID } from 'node:crypto';
import { generateFollowers } from '../../workloads/scenarios/timeline.js';
import type { ApiParams } from '../../workloads/http/params.js';
import type { CheckResult } from '../../workloads/types.js';

/** Session TTLs up to this are waited for by the expiry check. */
export const MAX_WAITED_SESSION_TTL_MS = 5000;
/** Memcached's clock ticks in whole seconds: a session is certainly gone one tick past its TTL. */
const CLOCK_SLACK_MS = 1300;

interface Reply {
  status: number;
  text: string;
  headers: Headers;
}

async function call(url: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url + path, { method, headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function checkRateLimiter(url: string, p: ApiParams): Promise<CheckResult> {
  const requests = 2 * p.limit;
  // All requests must fall in one window: start a fresh one when too little of this one is left.
  const left = p.windowMs - (Date.now() % p.windowMs);
  if (left < 2000 + requests * 20) await sleep(left + 20);
  const client = `check-${randomUUID().slice(0, 8)}`;
  const statuses: number[] = [];
  let retryAfter = '';
  for (let i = 0; i < requests; i++) {
    const r = await call(url, 'GET', '/limited', undefined, { 'x-client-id': client });
    statuses.push(r.status);
    if (r.status === 429) retryAfter = r.headers.get('retry-after') ?? '';
  }
  const expected = [...Array<number>(p.limit).fill(200), ...Array<number>(p.limit).fill(429)];
  const retry = Number(retryAfter);
  const ok = statuses.join() === expected.join() && Number.isInteger(retry) && retry >= 1 && retry <= Math.ceil(p.windowMs / 1000);
  return {
    name: `rate limiter: ${requests} requests in a window are ${p.limit} × 200 then ${p.limit} × 429`,
    passed: ok,
    detail: `statuses ${statuses.join(' ')}; Retry-After ${retryAfter || '(none)'}`,
  };
}

export async function checkCacheAside(url: string, p: ApiParams): Promise<CheckResult> {
  const id = (p.rows - 1) >> 1;
  const before = await call(url, 'GET', `/users/${id}`);
  await call(url, 'GET', `/users/${id}`);
  const put = await call(url, 'PUT', `/users/${id}`);
  const after = await call(url, 'GET', `/users/${id}`);
  const ok = before.status === 200 && put.status === 200 && after.status === 200 && after.text === put.text && after.text !== before.text;
  return {
    name: 'cache-aside: GET after PUT returns the updated database row',
    passed: ok,
    detail: ok ? `user ${id}: ${after.text}` : `user ${id}: before ${before.status} ${before.text}; PUT ${put.status} ${put.text}; after ${after.status} ${after.text}`,
  };
}

export async function checkSessions(url: string, p: ApiParams): Promise<CheckResult> {
  const login = await call(url, 'POST', '/login', '{"user":42}');
  const token = login.status === 200 ? (JSON.parse(login.text) as { token: string }).token : '';
  const live = await call(url, 'GET', '/me', undefined, { cookie: `sid=${token}` });
  const name = `sessions: live after login, gone ${p.sessionTtlMs} ms after the last use`;
  if (p.sessionTtlMs > MAX_WAITED_SESSION_TTL_MS) {
    return { name: 'sessions: live after login', passed: login.status === 200 && live.status === 200, detail: `login ${login.status}, /me ${live.status} (expiry not waited for: sessionTtlMs ${p.sessionTtlMs} > ${MAX_WAITED_SESSION_TTL_MS})` };
  }
  await sleep(p.sessionTtlMs + CLOCK_SLACK_MS);
  const gone = await call(url, 'GET', '/me', undefined, { cookie: `sid=${token}` });
  return { name, passed: login.status === 200 && live.status === 200 && gone.status === 401, detail: `login ${login.status}, /me at once ${live.status}, after the TTL ${gone.status}` };
}

export async function checkTimeline(url: string, p: ApiParams, seed: number): Promise<CheckResult> {
  const { followers } = generateFollowers(seed, { users: p.accounts, celebrityShare: 0.5 });
  const posted = await call(url, 'POST', '/tweets', '{"author":0,"text":"check"}');
  const id = posted.status === 201 ? (JSON.parse(posted.text) as { id: number }).id : -1;
  const missing: number[] = [];
  for (const f of followers[0]!) {
    const r = await call(url, 'GET', `/timeline/${f}`);
    if (r.status !== 200 || !(JSON.parse(r.text) as { tweets: number[] }).tweets.includes(id)) missing.push(f);
  }
  return {
    name: "timeline: every follower's timeline has the celebrity's tweet",
    passed: id >= 0 && missing.length === 0,
    detail: id < 0 ? `POST /tweets answered ${posted.status} ${posted.text}` : missing.length === 0 ? `tweet ${id} on all ${followers[0]!.length} followers' timelines` : `missing for ${missing.length} of ${followers[0]!.length}: ${missing.slice(0, 5).join(', ')}`,
  };
}

/** The checks that apply to the routes of a mix. */
export async function clientChecks(url: string, routes: readonly string[], p: ApiParams, seed: number): Promise<CheckResult[]> {
  const has = (...names: string[]) => names.some((n) => routes.includes(n));
  const out: CheckResult[] = [];
  if (has('limited')) out.push(await checkRateLimiter(url, p));
  if (has('users', 'user-update')) out.push(await checkCacheAside(url, p));
  if (has('login', 'me')) out.push(await checkSessions(url, p));
  if (has('tweet', 'timeline')) out.push(await checkTimeline(url, p, seed));
  return out;
}
