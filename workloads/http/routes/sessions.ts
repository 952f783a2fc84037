/**
 * `POST /login` `{"user": n}` creates a session with a TTL and returns its token (JSON and a
 * `sid` cookie); `GET /me` with that cookie (or `Authorization: Bearer <token>`) returns the
 * session and slides its expiry, or 401 once it has expired. Redis family: SET PX, GET +
 * PEXPIRE; memcached family: set with exptime, `gat` (get-and-touch, one round trip) — the
 * session scenario's commands. `none`: a sessions table with an expiry column.
 */
import { randomUUID } from 'node:crypto';
import type { Bytes, McValue } from '../../../engines/types.js';
import { ttlMsToExptime } from '../../../engines/memcached/ttl.js';
import { idBelow, json, parseBody, type ApiContext, type ApiReply, type RouteHandler } from '../context.js';

/** Users who may log in (any id below this). */
export const LOGIN_USERS = 1_000_000;

function sessionKey(ctx: ApiContext, token: string): string {
  return `${ctx.keyPrefix}sess:${token}`;
}

export const login: RouteHandler = async (ctx, req, m) => {
  const user = idBelow(parseBody(req.body)?.user, LOGIN_USERS);
  if (user === null) return json(400, { error: `body must be {"user": n} with 0 <= n < ${LOGIN_USERS}` });
  const token = randomUUID();
  const since = Date.now();
  const engine = ctx.engine;
  if (engine) {
    const value = `{"user":${user},"since":${since}}`;
    await m.cache(() => engine.kv.set(sessionKey(ctx, token), value, ctx.params.sessionTtlMs));
  } else {
    await m.db(() => ctx.db.query(`INSERT INTO ${ctx.tables.sessions} (token, user_id, since, expires_at) VALUES ($1, $2, $3, $4)`, [token, user, since, since + ctx.params.sessionTtlMs]));
  }
  return json(200, { token }, { 'set-cookie': `sid=${token}; HttpOnly; Path=/` });
};

const UNAUTHORIZED: ApiReply = json(401, { error: 'no live session' });

export const me: RouteHandler = async (ctx, req, m) => {
  const token = tokenOf(req.headers);
  if (token === null) return UNAUTHORIZED;
  const engine = ctx.engine;
  const ttlMs = ctx.params.sessionTtlMs;
  let value: Bytes | null;
  if (engine?.memcached) {
    const mc = engine.memcached;
    const item = (await m.cache(() => mc.gat(sessionKey(ctx, token), ttlMsToExptime(ttlMs)))) as McValue | null;
    value = item === null ? null : item.value;
  } else if (engine) {
    const key = sessionKey(ctx, token);
    value = await m.cache(() => engine.kv.get(key));
    if (value !== null) await m.cache(() => engine.kv.expire(key, ttlMs));
  } else {
    const now = Date.now();
    const rows = await m.db(() =>
      ctx.db.query<{ user_id: number; since: number }>(
        `UPDATE ${ctx.tables.sessions} SET expires_at = $2 WHERE token = $1 AND expires_at > $3 RETURNING user_id, since`,
        [token, now + ttlMs, now],
      ),
    );
    const row = rows[0];
    value = row ? `{"user":${row.user_id},"since":${Number(row.since)}}` : null;
  }
  m.hit = value !== null;
  return value === null ? UNAUTHORIZED : { status: 200, body: value };
};

const TOKEN = /^[0-9a-f-]{36}$/;

function tokenOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | null {
  const auth = headers['authorization'];
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) {
    const t = auth.slice(7);
    return TOKEN.test(t) ? t : null;
  }
  const cookie = headers['cookie'];
  if (typeof cookie !== 'string') return null;
  const at = cookie.indexOf('sid=');
  if (at < 0) return null;
  const t = cookie.slice(at + 4, at + 40);
  return TOKEN.test(t) ? t : null;
}
