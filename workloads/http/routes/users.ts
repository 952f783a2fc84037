/**
 * `GET /users/:id`: cache-aside over the users table. GET the cache; on a miss query the
 * database and fill the cache with `add` and a TTL (so a fill that read the database before a
 * concurrent update can never overwrite the newer row). `PUT /users/:id`: update the row in the
 * database, then invalidate (DEL) the cached copy. A fill racing an update in this API is deleted
 * again (the scenario's rule), so the cache always converges on what the database holds.
 * `none`: every GET is a query.
 */
import { serializeRow, type UserRow } from '../../database/users-table.js';
import { idBelow, json, type ApiContext, type ApiReply, type RouteHandler } from '../context.js';
import type { RequestMeter } from '../meter.js';

/** Updates finished per row id in this API, to detect a fill that raced one. */
const epochs = new WeakMap<ApiContext, Map<number, number>>();

function epochsOf(ctx: ApiContext): Map<number, number> {
  let map = epochs.get(ctx);
  if (!map) epochs.set(ctx, (map = new Map()));
  return map;
}

export function userKey(ctx: ApiContext, id: number): string {
  return `${ctx.keyPrefix}user:${id}`;
}

const NOT_FOUND: ApiReply = json(404, { error: 'no such user' });

export const getUser: RouteHandler = async (ctx, req, m) => {
  const id = idBelow(req.arg, ctx.params.rows);
  if (id === null) return NOT_FOUND;
  const engine = ctx.engine;
  const key = userKey(ctx, id);
  if (engine) {
    const cached = await m.cache(() => engine.kv.get(key));
    if (cached !== null) {
      m.hit = true;
      return { status: 200, body: cached, headers: HIT };
    }
    m.hit = false;
  }
  const writes = epochsOf(ctx);
  const epoch = writes.get(id) ?? 0;
  const row = await readRow(ctx, m, id);
  if (!row) return NOT_FOUND;
  const body = serializeRow(row);
  if (engine) {
    await m.cache(() => engine.kv.add(key, body, ctx.params.userTtlMs));
    // An update finished while we read the database: our fill may be stale, drop it.
    if ((writes.get(id) ?? 0) !== epoch) await m.cache(() => engine.kv.del(key));
  }
  return { status: 200, body, headers: engine ? MISS : NONE };
};

export const putUser: RouteHandler = async (ctx, req, m) => {
  const id = idBelow(req.arg, ctx.params.rows);
  if (id === null) return NOT_FOUND;
  const rows = await m.db(() => ctx.db.query<UserRow>(ctx.users.updateSql, [id]));
  const row = rows[0];
  if (!row) return NOT_FOUND;
  const engine = ctx.engine;
  if (engine) await m.cache(() => engine.kv.del(userKey(ctx, id)));
  const writes = epochsOf(ctx);
  writes.set(id, (writes.get(id) ?? 0) + 1);
  return { status: 200, body: serializeRow(row) };
};

async function readRow(ctx: ApiContext, m: RequestMeter, id: number): Promise<UserRow | undefined> {
  return (await m.db(() => ctx.db.query<UserRow>(ctx.users.selectSql, [id])))[0];
}

const HIT = { 'x-cache': 'hit' } as const;
const MISS = { 'x-cache': 'miss' } as const;
const NONE = { 'x-cache': 'none' } as const;
