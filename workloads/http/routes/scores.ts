/**
 * `POST /scores` `{"player": n, "delta": d}` adds to a player's score; `GET /top` returns the
 * top 10 with scores. Redis family: ZINCRBY and ZREVRANGE 0 9 WITHSCORES on one sorted set;
 * memcached family: the leaderboard scenario's emulation (a JSON board in one item under a CAS
 * loop, sorted client-side). `none`: a scores table, upserted and read with ORDER BY … LIMIT 10
 * (ties broken as Redis does, by name descending).
 */
import type { Reply } from '../../../engines/types.js';
import { casBoardIncr, readBoard } from '../../scenarios/support/board.js';
import { drive } from '../../scenarios/support/drive.js';
import { replyNumber } from '../../scenarios/support/replies.js';
import { idBelow, json, parseBody, type ApiContext, type RouteHandler } from '../context.js';

export const TOP_N = 10;
export const MAX_DELTA = 1_000_000;

function boardKey(ctx: ApiContext): string {
  return `${ctx.keyPrefix}board`;
}

export function playerName(id: number): string {
  return `p${id}`;
}

export const postScore: RouteHandler = async (ctx, req, m) => {
  const body = parseBody(req.body);
  const player = idBelow(body?.player, ctx.params.players);
  const delta = idBelow(body?.delta, MAX_DELTA + 1);
  if (player === null || delta === null || delta === 0) {
    return json(400, { error: `body must be {"player": n, "delta": d} with 0 <= n < ${ctx.params.players}, 1 <= d <= ${MAX_DELTA}` });
  }
  const engine = ctx.engine;
  const name = playerName(player);
  if (engine?.redis) {
    const redis = engine.redis;
    const reply = (await m.cache(() => redis.call(['ZINCRBY', boardKey(ctx), String(delta), name]))) as Reply;
    return json(200, { player: name, score: replyNumber(reply, 'ZINCRBY') });
  }
  if (engine?.memcached) {
    const mc = engine.memcached;
    const outcome = await m.cache(() => drive(casBoardIncr(mc, boardKey(ctx), name, delta)));
    return json(200, { player: name, casRetries: outcome.retries });
  }
  const rows = await m.db(() =>
    ctx.db.query<{ score: number }>(
      `INSERT INTO ${ctx.tables.scores} (player, score) VALUES ($1, $2) ON CONFLICT (player) DO UPDATE SET score = ${ctx.tables.scores}.score + EXCLUDED.score RETURNING score`,
      [name, delta],
    ),
  );
  return json(200, { player: name, score: Number(rows[0]!.score) });
};

export const top: RouteHandler = async (ctx, _req, m) => {
  const engine = ctx.engine;
  let pairs: [string, number][];
  if (engine) {
    pairs = await m.cache(() => drive(readBoard(engine, engine.redis !== undefined, boardKey(ctx), TOP_N)));
  } else {
    const rows = await m.db(() =>
      ctx.db.query<{ player: string; score: number }>(`SELECT player, score FROM ${ctx.tables.scores} ORDER BY score DESC, player COLLATE "C" DESC LIMIT ${TOP_N}`),
    );
    pairs = rows.map((r) => [r.player, Number(r.score)]);
  }
  return json(200, { top: pairs.map(([player, score]) => ({ player, score })) });
};
