/**
 * `POST /tweets` `{"author": a, "text": "…"}` stores the tweet in the database (the source of
 * truth) and fans its id out to every follower's timeline in the cache (fan-out on write: LPUSH +
 * LTRIM to `maxLen`, all followers' pushes issued at once so a remote cache pipelines them;
 * memcached: the timeline scenario's CAS-guarded JSON lists). `GET /timeline/:account` returns
 * the newest 50 tweet ids. The follower graph is the timeline scenario's (power law, account 0 a
 * celebrity). `none`: fan-out on read, one JOIN over the follows table per timeline.
 */
import type { Reply } from '../../../engines/types.js';
import { drive } from '../../scenarios/support/drive.js';
import { failOnError } from '../../scenarios/support/replies.js';
import { casListPush, readList } from '../../scenarios/support/timeline-list.js';
import { idBelow, json, parseBody, type ApiContext, type RouteHandler } from '../context.js';

export const TIMELINE_READ = 50;
const MAX_TEXT = 280;

export function timelineKey(ctx: ApiContext, account: number): string {
  return `${ctx.keyPrefix}tl:${account}`;
}

export const postTweet: RouteHandler = async (ctx, req, m) => {
  const body = parseBody(req.body);
  const author = idBelow(body?.author, ctx.params.accounts);
  const text = body?.text;
  if (author === null || typeof text !== 'string' || text.length > MAX_TEXT) {
    return json(400, { error: `body must be {"author": a, "text": "…"} with 0 <= a < ${ctx.params.accounts} and at most ${MAX_TEXT} characters` });
  }
  const rows = await m.db(() => ctx.db.query<{ id: number }>(`INSERT INTO ${ctx.tables.tweets} (author, text) VALUES ($1, $2) RETURNING id`, [author, text]));
  const id = String(rows[0]!.id);
  const engine = ctx.engine;
  const followers = ctx.followers[author]!;
  if (engine) {
    await m.cache(() => {
      const pending: unknown[] = [];
      let anyPromise = false;
      const maxIndex = String(ctx.params.maxLen - 1);
      for (const f of followers) {
        const key = timelineKey(ctx, f);
        if (engine.redis) {
          const push = engine.redis.call(['LPUSH', key, id]);
          const trim = engine.redis.call(['LTRIM', key, '0', maxIndex]);
          if (push instanceof Promise || trim instanceof Promise) anyPromise = true;
          pending.push(push, trim);
        } else {
          const done = drive(casListPush(engine.memcached!, key, id, ctx.params.maxLen));
          if (done instanceof Promise) anyPromise = true;
          pending.push(done);
        }
      }
      const check = (replies: unknown[]) => {
        if (engine.redis) for (const r of replies) failOnError(r as Reply, 'LPUSH/LTRIM');
      };
      if (anyPromise) return Promise.all(pending).then(check);
      check(pending);
      return undefined;
    });
  }
  return json(201, { id: Number(id), deliveries: followers.length });
};

export const timeline: RouteHandler = async (ctx, req, m) => {
  const account = idBelow(req.arg, ctx.params.accounts);
  if (account === null) return json(404, { error: 'no such account' });
  const engine = ctx.engine;
  let ids: number[];
  if (engine) {
    const list = await m.cache(() => drive(readList(engine, engine.redis !== undefined, timelineKey(ctx, account), TIMELINE_READ)));
    ids = list.map(Number);
  } else {
    const t = ctx.tables;
    const rows = await m.db(() =>
      ctx.db.query<{ id: number }>(
        `SELECT t.id FROM ${t.tweets} t JOIN ${t.follows} f ON t.author = f.followee WHERE f.follower = $1 ORDER BY t.id DESC LIMIT ${TIMELINE_READ}`,
        [account],
      ),
    );
    ids = rows.map((r) => Number(r.id));
  }
  return json(200, { account, tweets: ids });
};
