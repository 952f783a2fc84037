/**
 * The seeds' application: one HTTP API over any cache (through the engine contract and the
 * scenarios' emulations) in front of Postgres, or over no cache at all (`none`, the baseline).
 * `Api.open` builds its tables; `handle` is a node:http request listener; `totals` says per
 * route how many requests it served, with which status codes, and where their time went (cache,
 * database); `check` judges at the end what only the server can see: every cached user equals
 * its row, the leaderboard equals the increments it acknowledged, recent tweets reached every
 * follower's timeline.
 *
 * node:http rather than a framework: measured in bench/http.ts against the same route (see the
 * README of this folder); the API's own per-request cost must stay small beside a cache hit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Bytes, Engine } from '../../engines/types.js';
import { openDatabase, type Database } from '../database/database.js';
import { serializeRow, UsersTable, type UserRow } from '../database/users-table.js';
import { generateFollowers } from '../scenarios/timeline.js';
import { runToValue } from '../scenarios/support/drive.js';
import { readBoard } from '../scenarios/support/board.js';
import { readList } from '../scenarios/support/timeline-list.js';
import { deleteKeys } from '../scenarios/support/cleanup.js';
import type { CheckResult } from '../types.js';
import { json, type ApiContext, type ApiReply, type ApiRequest } from './context.js';
import { addRequest, emptyTotals, RequestMeter, type RouteTotals } from './meter.js';
import type { ApiParams } from './params.js';
import { EventHub, NO_PUBSUB } from './routes/events.js';
import { matchRoute, ROUTES } from './routes/index.js';
import { playerName } from './routes/scores.js';
import { timelineKey } from './routes/tweets.js';
import { userKey } from './routes/users.js';

/** Bodies larger than this are refused (413). */
const MAX_BODY = 64 * 1024;
const CHECK_BATCH = 500;
/** Newest tweets whose delivery the end-of-run check verifies. */
const CHECKED_TWEETS = 20;
/** Share of accounts following the celebrity (account 0), as in the timeline scenario. */
const CELEBRITY_SHARE = 0.5;
const FOLLOW_BATCH = 500;
/** Requests that matched no route are counted here. */
export const OTHER_ROUTE = 'other';

export class Api {
  readonly ctx: ApiContext;
  private readonly hub: EventHub;
  private totalsByRoute: RouteTotals[] = [];
  /** The increments this API acknowledged: the leaderboard's ground truth. */
  private readonly scoreTruth = new Map<string, number>();

  private constructor(ctx: ApiContext) {
    this.ctx = ctx;
    this.hub = new EventHub(ctx);
    this.reset();
  }

  /** Open the database and build this instance's tables (users from the seed, follows for `none`). */
  static async open(engine: Engine | null, params: ApiParams, seed: number): Promise<Api> {
    const db = await openDatabase(params.db, 8);
    const tag = randomBytes(4).toString('hex');
    const users = new UsersTable(`http_users_${tag}`);
    const tables = {
      sessions: `http_sessions_${tag}`,
      limits: `http_limits_${tag}`,
      scores: `http_scores_${tag}`,
      tweets: `http_tweets_${tag}`,
      follows: `http_follows_${tag}`,
    };
    const { followers } = generateFollowers(seed, { users: params.accounts, celebrityShare: CELEBRITY_SHARE });
    const ctx: ApiContext = { engine, db, params, users, tables, keyPrefix: `http:${tag}:`, followers };
    await users.create(db, params.rows, seed);
    await db.exec(`CREATE TABLE ${tables.tweets} (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author integer NOT NULL, text text NOT NULL)`);
    await db.exec(`CREATE INDEX ON ${tables.tweets} (author, id)`);
    if (engine === null) {
      await db.exec(`CREATE TABLE ${tables.sessions} (token text PRIMARY KEY, user_id integer NOT NULL, since double precision NOT NULL, expires_at double precision NOT NULL)`);
      await db.exec(`CREATE TABLE ${tables.limits} (client text NOT NULL, win integer NOT NULL, n integer NOT NULL, PRIMARY KEY (client, win))`);
      await db.exec(`CREATE TABLE ${tables.scores} (player text PRIMARY KEY, score bigint NOT NULL)`);
      await db.exec(`CREATE TABLE ${tables.follows} (follower integer NOT NULL, followee integer NOT NULL, PRIMARY KEY (follower, followee))`);
      const pairs: number[] = [];
      followers.forEach((list, author) => {
        for (const f of list) pairs.push(f, author);
      });
      for (let i = 0; i < pairs.length; i += FOLLOW_BATCH * 2) {
        const chunk = pairs.slice(i, i + FOLLOW_BATCH * 2);
        const values: string[] = [];
        for (let j = 0; j < chunk.length; j += 2) values.push(`($${j + 1}, $${j + 2})`);
        await db.query(`INSERT INTO ${tables.follows} (follower, followee) VALUES ${values.join(', ')}`, chunk);
      }
    }
    return new Api(ctx);
  }

  get engineName(): string {
    return this.ctx.engine?.info.name ?? 'none';
  }

  /** Zero every route's totals (the start of the measured phase). */
  reset(): void {
    this.totalsByRoute = [...ROUTES.map(() => emptyTotals()), emptyTotals()];
  }

  /** Route name → totals since the last reset (`other`: requests no route matched). */
  totals(): Record<string, RouteTotals> {
    const out: Record<string, RouteTotals> = {};
    ROUTES.forEach((r, i) => {
      if (this.totalsByRoute[i]!.requests > 0) out[r.name] = this.totalsByRoute[i]!;
    });
    const other = this.totalsByRoute[ROUTES.length]!;
    if (other.requests > 0) out[OTHER_ROUTE] = other;
    return out;
  }

  /** node:http request listener. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const start = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    if (method === 'GET' && path.startsWith('/events/')) {
      this.stream(path.slice('/events/'.length), res);
      return;
    }
    const { index, arg } = matchRoute(method, path);
    const slot = index < 0 ? ROUTES.length : index;
    if (method === 'GET') {
      this.run(slot, arg, '', req, res, start);
      return;
    }
    let body = '';
    let tooLarge = false;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (tooLarge) return;
      body += chunk;
      if (body.length > MAX_BODY) tooLarge = true;
    });
    req.on('end', () => {
      if (tooLarge) this.send(slot, res, json(413, { error: `body larger than ${MAX_BODY} bytes` }), new RequestMeter(), start);
      else this.run(slot, arg, body, req, res, start);
    });
  };

  private run(slot: number, arg: string, body: string, req: IncomingMessage, res: ServerResponse, start: number): void {
    const m = new RequestMeter();
    const route = ROUTES[slot];
    if (!route) {
      this.send(slot, res, json(404, { error: 'no such route', routes: ROUTES.map((r) => `${r.method} ${r.path}`) }), m, start);
      return;
    }
    const handler = route.handler ?? this.hub.publish;
    if (route.handler === null && !this.hub.supported) {
      this.send(slot, res, NO_PUBSUB, m, start);
      return;
    }
    const request: ApiRequest = { arg, body, headers: req.headers, remoteAddress: req.socket.remoteAddress ?? 'unknown' };
    let reply: ApiReply | Promise<ApiReply>;
    try {
      reply = handler(this.ctx, request, m);
    } catch (err) {
      this.fail(slot, res, err, m, start);
      return;
    }
    if (reply instanceof Promise) {
      reply.then(
        (r) => {
          if (route.name === 'score' && r.status === 200) this.acknowledgeScore(body);
          this.send(slot, res, r, m, start);
        },
        (err: unknown) => this.fail(slot, res, err, m, start),
      );
    } else this.send(slot, res, reply, m, start);
  }

  private acknowledgeScore(body: string): void {
    const { player, delta } = JSON.parse(body) as { player: number; delta: number };
    const name = playerName(player);
    this.scoreTruth.set(name, (this.scoreTruth.get(name) ?? 0) + delta);
  }

  private fail(slot: number, res: ServerResponse, err: unknown, m: RequestMeter, start: number): void {
    const t = this.totalsByRoute[slot]!;
    const kind = errorKind(err);
    t.errors[kind] = (t.errors[kind] ?? 0) + 1;
    this.send(slot, res, json(500, { error: err instanceof Error ? err.message : String(err) }), m, start);
  }

  private send(slot: number, res: ServerResponse, reply: ApiReply, m: RequestMeter, start: number): void {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply.body) };
    if (reply.headers) Object.assign(headers, reply.headers);
    res.writeHead(reply.status, headers);
    res.end(reply.body);
    addRequest(this.totalsByRoute[slot]!, m, reply.status, (performance.now() - start) * 1e6);
  }

  private stream(room: string, res: ServerResponse): void {
    const refuse = (reply: ApiReply) => {
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
    };
    if (!this.hub.supported) return refuse(NO_PUBSUB);
    this.hub.listen(room, res).then(
      (ok) => {
        if (!ok) refuse(json(400, { error: 'room must be 1-64 of A-Z a-z 0-9 . _ -' }));
      },
      (err: unknown) => refuse(json(500, { error: err instanceof Error ? err.message : String(err) })),
    );
  }

  /** What only the server can judge, at the end of a run. */
  async check(): Promise<CheckResult[]> {
    const engine = this.ctx.engine;
    if (engine === null) return [];
    return [await this.checkUsers(engine), await this.checkBoard(engine), await this.checkTimelines(engine)];
  }

  private async checkUsers(engine: Engine): Promise<CheckResult> {
    const { rows } = this.ctx.params;
    let cached = 0;
    let stale = 0;
    const examples: string[] = [];
    for (let start = 0; start < rows; start += CHECK_BATCH) {
      const ids: number[] = [];
      for (let id = start; id < Math.min(rows, start + CHECK_BATCH); id++) ids.push(id);
      const dbRows = await this.ctx.db.query<UserRow>(this.ctx.users.selectManySql, [ids]);
      const values = (await engine.kv.mget(ids.map((id) => userKey(this.ctx, id)))) as (Bytes | null)[];
      values.forEach((value, i) => {
        if (value === null) return;
        cached++;
        const expected = dbRows[i] ? serializeRow(dbRows[i]!) : '(no row)';
        if (value !== expected) {
          stale++;
          if (examples.length < 3) examples.push(`user ${ids[i]}: cache ${value} ≠ database ${expected}`);
        }
      });
    }
    return {
      name: 'every cached user equals the database row',
      passed: stale === 0,
      detail: stale === 0 ? `${cached} cached rows of ${rows} all equal the database` : `${stale} of ${cached} cached rows stale: ${examples.join('; ')}`,
    };
  }

  private async checkBoard(engine: Engine): Promise<CheckResult> {
    const board = await runToValue(readBoard(engine, engine.redis !== undefined, `${this.ctx.keyPrefix}board`, -1));
    const truth = [...this.scoreTruth].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1));
    const problems: string[] = [];
    const scores = new Map(board);
    for (const [name, total] of truth) if (scores.get(name) !== total) problems.push(`${name} has ${scores.get(name) ?? 0}, acknowledged increments sum to ${total}`);
    if (board.length !== truth.length) problems.push(`${board.length} players on the board, ${truth.length} were incremented`);
    const top = board.slice(0, 10).map(([n, s]) => `${n}=${s}`);
    const trueTop = truth.slice(0, 10).map(([n, s]) => `${n}=${s}`);
    if (top.join() !== trueTop.join()) problems.push(`top 10 ${top.join(', ')} ≠ true top 10 ${trueTop.join(', ')}`);
    return {
      name: 'the leaderboard and its top 10 equal the acknowledged increments',
      passed: problems.length === 0,
      detail: problems.length === 0 ? `${truth.length} players, top 10: ${top.join(', ') || '(empty)'}` : problems.slice(0, 3).join('; '),
    };
  }

  private async checkTimelines(engine: Engine): Promise<CheckResult> {
    const t = this.ctx.tables;
    const tweets = await this.ctx.db.query<{ id: number; author: number }>(`SELECT id, author FROM ${t.tweets} ORDER BY id DESC LIMIT ${CHECKED_TWEETS}`);
    const native = engine.redis !== undefined;
    const { maxLen } = this.ctx.params;
    let checked = 0;
    const missing: string[] = [];
    for (const tweet of tweets) {
      for (const f of this.ctx.followers[tweet.author]!) {
        const list = (await runToValue(readList(engine, native, timelineKey(this.ctx, f), -1))).map(Number);
        checked++;
        // Absent is right only when newer tweets pushed it off a full timeline.
        if (!list.includes(Number(tweet.id)) && !(list.length >= maxLen && list[list.length - 1]! > Number(tweet.id))) {
          missing.push(`tweet ${tweet.id} by ${tweet.author} missing from ${f}'s timeline`);
        }
      }
    }
    return {
      name: "every follower's timeline has the tweet",
      passed: missing.length === 0,
      detail: missing.length === 0 ? `${checked} deliveries of the ${tweets.length} newest tweets checked` : `${missing.length} of ${checked} missing: ${missing.slice(0, 3).join('; ')}`,
    };
  }

  /** End event streams, delete what this instance left in the cache, drop its tables. */
  async close(): Promise<void> {
    await this.hub.close();
    const engine = this.ctx.engine;
    if (engine) {
      const keys = [`${this.ctx.keyPrefix}board`, ...this.ctx.followers.map((_, a) => timelineKey(this.ctx, a))];
      await deleteKeys(engine, keys).catch(() => {});
    }
    const db: Database = this.ctx.db;
    const all = [this.ctx.users.name, ...Object.values(this.ctx.tables)];
    for (const name of all) await db.exec(`DROP TABLE IF EXISTS ${name}`).catch(() => {});
    await db.close();
  }
}

function errorKind(err: unknown): string {
  const e = err as { kind?: unknown; code?: unknown; name?: unknown };
  if (typeof e?.kind === 'string') return e.kind;
  if (e?.name === 'DatabaseError') return 'db';
  if (typeof e?.code === 'string') return e.code;
  return 'unknown';
}
