/**
 * `GET /limited` behind a rate limiter: `limit` requests per client per window (5 a minute by
 * default, the seed's exercise), the client named by `X-Client-Id` or else its address. Past the
 * limit the reply is 429 with `Retry-After` (seconds until the window ends). A fixed window,
 * counted with the rate-limiter scenario's commands (INCR + PEXPIRE; memcached incr / add). `none`:
 * a counter row per client and window, incremented by an upsert.
 */
import { drive } from '../../scenarios/support/drive.js';
import { fixedWindowCount, type FixedWindowTtl } from '../../scenarios/support/fixed-window.js';
import { ttlMsToExptime } from '../../../engines/memcached/ttl.js';
import { json, type ApiContext, type RouteHandler } from '../context.js';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Memcached's clock ticks in whole seconds: an exptime of n may end after n − 1 seconds. */
const MEMCACHED_CLOCK_MS = 1000;

const ttls = new WeakMap<ApiContext, FixedWindowTtl>();

function ttlOf(ctx: ApiContext): FixedWindowTtl {
  let ttl = ttls.get(ctx);
  if (!ttl) {
    // A counter must outlive its window (keys are per window, so a longer life only costs memory).
    const ttlMs = ctx.params.windowMs * 2 + (ctx.engine?.memcached ? MEMCACHED_CLOCK_MS : 0);
    ttls.set(ctx, (ttl = { ttlMs, exptime: ttlMsToExptime(ttlMs) }));
  }
  return ttl;
}

export const limited: RouteHandler = async (ctx, req, m) => {
  const header = req.headers['x-client-id'];
  const client = typeof header === 'string' ? header : req.remoteAddress;
  if (!CLIENT_ID.test(client)) return json(400, { error: 'X-Client-Id must be 1-64 of A-Z a-z 0-9 . _ : -' });
  const { limit, windowMs } = ctx.params;
  const now = Date.now();
  const window = Math.floor(now / windowMs);
  const engine = ctx.engine;
  let count: number;
  if (engine) {
    const key = `${ctx.keyPrefix}rl:${client}:${window}`;
    count = await m.cache(() => drive(fixedWindowCount(engine, key, ttlOf(ctx), engine.redis !== undefined)));
  } else {
    const rows = await m.db(() =>
      ctx.db.query<{ n: number }>(
        `INSERT INTO ${ctx.tables.limits} (client, win, n) VALUES ($1, $2, 1) ON CONFLICT (client, win) DO UPDATE SET n = ${ctx.tables.limits}.n + 1 RETURNING n`,
        [client, window],
      ),
    );
    count = rows[0]!.n;
  }
  const remaining = Math.max(0, limit - count);
  if (count <= limit) return json(200, { remaining }, { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining) });
  const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
  return json(429, { error: 'too many requests' }, { 'retry-after': String(retryAfter), 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': '0' });
};
