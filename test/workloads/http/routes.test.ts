/**
 * Every route of the HTTP API, one body over every cache and `none` (straight to Postgres):
 * in-process engines, managed redis-server and memcached, each behind a real node:http server
 * on loopback, driven with fetch as a client would.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactory } from '../../../engines/registry.js';
import type { Engine, SharedEngineHandle } from '../../../engines/types.js';
import { Api } from '../../../workloads/http/api.js';
import { resolveApiParams } from '../../../workloads/http/params.js';
import { startApiServer, type RunningApi } from '../../../workloads/http/server.js';
import { ENGINE_TARGETS, targetReady } from '../scenarios/support/engines.js';
import { distUrl } from '../../../shared/dist-url.js';

interface Target {
  readonly name: string;
  readonly pubsub: boolean;
  running?: RunningApi;
  engine?: Engine | null;
  shared?: SharedEngineHandle | undefined;
}

const TARGETS: Target[] = [
  ...ENGINE_TARGETS.filter(targetReady).map((t) => ({ name: t.name, pubsub: t.family === 'redis' })),
  { name: 'none', pubsub: false },
];

// Memcached's whole-second clock can end an exptime of 1 at once: 2 s is the shortest exact TTL there.
const SESSION_TTL_MS = 2000;

beforeAll(async () => {
  await Promise.all(
    TARGETS.map(async (t) => {
      let engine: Engine | null = null;
      if (t.name !== 'none') {
        const ef = engineFactory(t.name)!;
        t.shared = ef.prepareShared ? await ef.prepareShared({}, { seed: 1, workerUrl: distUrl }) : undefined;
        engine = await ef.create({}, t.shared, { index: 0, count: 1, isWorker: false });
      }
      t.engine = engine;
      const params = resolveApiParams({ rows: 200, sessionTtlMs: SESSION_TTL_MS, players: 50, accounts: 60 });
      t.running = await startApiServer(await Api.open(engine, params, 11));
    }),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(
    TARGETS.map(async (t) => {
      await t.running?.close();
      await t.engine?.close();
      await t.shared?.release?.();
    }),
  );
});

async function call(t: Target, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(t.running!.url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function each(fn: (t: Target) => Promise<void>): Promise<void[]> {
  return Promise.all(TARGETS.map(async (t) => fn(t).catch((err: Error) => Promise.reject(new Error(`${t.name}: ${err.message}`)))));
}

describe('HTTP API routes on every engine and none', () => {
  it('runs on every target', () => {
    expect(TARGETS.map((t) => t.name)).toContain('none');
    expect(TARGETS.length).toBeGreaterThanOrEqual(3);
  });

  it('GET /users/:id is cache-aside: a miss then a hit, and after PUT the new row', async () => {
    await each(async (t) => {
      const first = await call(t, 'GET', '/users/7');
      expect(first.status).toBe(200);
      expect(first.headers.get('x-cache')).toBe(t.name === 'none' ? 'none' : 'miss');
      const row = JSON.parse(first.text) as { id: number; version: number; score: number };
      expect(row).toMatchObject({ id: 7, version: 1 });
      const second = await call(t, 'GET', '/users/7');
      expect(second.headers.get('x-cache')).toBe(t.name === 'none' ? 'none' : 'hit');
      expect(second.text).toBe(first.text);
      const put = await call(t, 'PUT', '/users/7');
      expect(put.status).toBe(200);
      expect(JSON.parse(put.text)).toMatchObject({ id: 7, version: 2, score: row.score + 1 });
      const after = await call(t, 'GET', '/users/7');
      expect(after.text).toBe(put.text);
      expect((await call(t, 'GET', '/users/200')).status).toBe(404);
      expect((await call(t, 'GET', '/users/x')).status).toBe(404);
    });
  });

  it('POST /login then GET /me, 401 without a session, and the session expires', async () => {
    const tokens = await each(async (t) => {
      const login = await call(t, 'POST', '/login', { user: 3 });
      expect(login.status).toBe(200);
      const { token } = JSON.parse(login.text) as { token: string };
      expect(login.headers.get('set-cookie')).toContain(`sid=${token}`);
      const me = await call(t, 'GET', '/me', undefined, { cookie: `sid=${token}` });
      expect(me.status).toBe(200);
      expect(JSON.parse(me.text)).toMatchObject({ user: 3 });
      expect((await call(t, 'GET', '/me', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await call(t, 'GET', '/me')).status).toBe(401);
      expect((await call(t, 'GET', '/me', undefined, { cookie: 'sid=00000000-0000-0000-0000-000000000000' })).status).toBe(401);
      expect((await call(t, 'POST', '/login', { user: -1 })).status).toBe(400);
      (t as Target & { token?: string }).token = token;
    });
    expect(tokens.length).toBe(TARGETS.length);
    // Memcached's clock ticks in whole seconds: past 2 s a 1 s session is certainly gone.
    await new Promise((r) => setTimeout(r, SESSION_TTL_MS + 1300));
    await each(async (t) => {
      const token = (t as Target & { token?: string }).token!;
      expect((await call(t, 'GET', '/me', undefined, { cookie: `sid=${token}` })).status).toBe(401);
    });
  });

  it('GET /limited: 10 requests from one client are exactly 5 × 200, then 5 × 429 with Retry-After', async () => {
    await each(async (t) => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 10; i++) {
        const r = await call(t, 'GET', '/limited', undefined, { 'x-client-id': `client-${t.name}` });
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get('retry-after');
        else expect(JSON.parse(r.text)).toEqual({ remaining: 4 - i });
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      // Another client has its own budget.
      expect((await call(t, 'GET', '/limited', undefined, { 'x-client-id': `other-${t.name}` })).status).toBe(200);
      expect((await call(t, 'GET', '/limited', undefined, { 'x-client-id': 'bad id!' })).status).toBe(400);
    });
  });

  it('POST /scores and GET /top: the true top 10', async () => {
    await each(async (t) => {
      const truth = new Map<string, number>();
      for (let i = 0; i < 40; i++) {
        const player = (i * 7) % 23;
        const delta = 1 + ((i * 37) % 100);
        expect((await call(t, 'POST', '/scores', { player, delta })).status).toBe(200);
        truth.set(`p${player}`, (truth.get(`p${player}`) ?? 0) + delta);
      }
      expect((await call(t, 'POST', '/scores', { player: 50, delta: 1 })).status).toBe(400);
      const expected = [...truth]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))
        .slice(0, 10)
        .map(([player, score]) => ({ player, score }));
      const top = await call(t, 'GET', '/top');
      expect(top.status).toBe(200);
      expect(JSON.parse(top.text)).toEqual({ top: expected });
    });
  });

  it("POST /tweets fans out: every follower's timeline has the tweet", async () => {
    await each(async (t) => {
      const followers = t.running!.api.ctx.followers[0]!;
      expect(followers.length).toBeGreaterThan(10);
      const posted = await call(t, 'POST', '/tweets', { author: 0, text: 'hello followers' });
      expect(posted.status).toBe(201);
      const { id, deliveries } = JSON.parse(posted.text) as { id: number; deliveries: number };
      expect(deliveries).toBe(followers.length);
      for (const f of followers) {
        const tl = JSON.parse((await call(t, 'GET', `/timeline/${f}`)).text) as { tweets: number[] };
        expect(tl.tweets[0]).toBe(id);
      }
      const stranger = Array.from({ length: 60 }, (_, i) => i).find((a) => a !== 0 && !followers.includes(a))!;
      expect((JSON.parse((await call(t, 'GET', `/timeline/${stranger}`)).text) as { tweets: number[] }).tweets).not.toContain(id);
    });
  });

  it('GET /events/:room streams what POST /events/:room publishes (501 without pub/sub)', async () => {
    await each(async (t) => {
      if (!t.pubsub) {
        expect((await call(t, 'POST', '/events/lobby', 'hi')).status).toBe(501);
        expect((await call(t, 'GET', '/events/lobby')).status).toBe(501);
        return;
      }
      const received = new Promise<string>((resolve, reject) => {
        const req = http.get(`${t.running!.url}/events/lobby`, (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream');
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            if (buf.includes(': subscribed\n\n') && !buf.includes('data:')) void call(t, 'POST', '/events/lobby', 'hi there');
            const at = buf.indexOf('data: ');
            if (at >= 0 && buf.indexOf('\n\n', at) > 0) {
              resolve(buf.slice(at + 6, buf.indexOf('\n\n', at)));
              req.destroy();
            }
          });
        });
        req.on('error', reject);
      });
      const data = await received;
      const [stamp, ...rest] = data.split(' ');
      expect(rest.join(' ')).toBe('hi there');
      expect(Number(stamp)).toBeGreaterThan(Date.now() - 60_000);
    });
  });

  it("unknown routes are 404, and the API's own end-of-run checks pass", async () => {
    await each(async (t) => {
      expect((await call(t, 'GET', '/nope')).status).toBe(404);
      const checks = await t.running!.api.check();
      expect(checks.filter((c) => !c.passed)).toEqual([]);
      if (t.name !== 'none') expect(checks.length).toBe(3);
      const totals = t.running!.api.totals();
      expect(totals['users']!.statuses['200']).toBeGreaterThanOrEqual(3);
      expect(totals['limited']!.statuses['429']).toBe(5);
      // none queries for every GET; a cache only for the first miss and the miss after PUT.
      expect(totals['users']!.dbQueries).toBe(t.name === 'none' ? 3 : 2);
    });
  });
});
