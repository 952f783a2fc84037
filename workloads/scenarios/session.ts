/**
 * A session store: a login creates a session with a TTL, every page view reads it and slides its
 * expiry, a logout deletes it, and some users simply leave (the session must then expire).
 * Redis family: SET … PX, GET + PEXPIRE, DEL. Memcached family: set with exptime, `gat`
 * (get-and-touch: read and slide in one round trip), delete. Only strings are needed.
 *
 * Each thread owns the sessions it created (a web server's users), so it knows for each one when
 * it may expire at the earliest and must have expired at the latest — from the client-side times
 * of the commands that set or slid it, widened by memcached's whole-second clock where relevant.
 *
 * Checks: logged-out sessions are gone; live sessions are still there with their data; sessions
 * past their expiry are gone; and no page view found a session that should have been live.
 */
import { performance } from 'node:perf_hooks';
import type { Bytes, Engine, McValue } from '../../engines/types.js';
import type { DomainFigures } from '../../shared/result-types.js';
import type { CheckResult, WorkloadContext, WorkloadFactory, WorkloadInstance, WorkloadParams } from '../types.js';
import { drive, runToValue, type ScenarioOp } from './support/drive.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';
import { ttlMsToExptime } from '../../engines/memcached/ttl.js';

const OP_LOGIN = 0;
const OP_VIEW = 1;
const OP_LOGOUT = 2;
const OP_KINDS = ['login', 'view', 'logout'] as const;

/** Slack for scheduling and GC pauses between our clock reading and the server's. */
const MARGIN_MS = 250;
/** Memcached's clock ticks in whole seconds: a relative exptime of n may end after n-1 seconds. */
const MEMCACHED_CLOCK_MS = 1000;
/** Sessions remembered for the final check, per thread; older ones are forgotten beyond this. */
const MAX_TRACKED = 100_000;
const CHECK_BATCH = 200;

const enum State {
  Live,
  LoggingOut,
  LoggedOut,
  Abandoned,
}

interface Session {
  readonly key: Bytes;
  readonly payload: Bytes;
  state: State;
  viewsLeft: number;
  /** Client clock (performance.now()): the session cannot have expired before this. */
  expiresAfterMs: number;
  /** …and must have expired by this. */
  expiresByMs: number;
}

interface SessionParams {
  ttlMs: number;
  loginRatio: number;
  logoutRatio: number;
  meanViews: number;
}

const PARAM_TABLE: ParamTable = [
  { name: 'ttlMs', kind: 'int', default: 3000, min: 1000, max: 24 * 3600 * 1000, unit: 'ms', doc: 'session TTL, slid by every view (memcached rounds up to whole seconds)' },
  { name: 'loginRatio', kind: 'number', default: 0.1, min: 0.001, max: 1, doc: 'fraction of operations that log a user in' },
  { name: 'logoutRatio', kind: 'number', default: 0.03, min: 0, max: { text: '1 − loginRatio', of: (p) => 1 - (p['loginRatio'] as number) }, doc: 'fraction that log out; the rest are page views' },
  { name: 'meanViews', kind: 'int', default: 10, min: 1, max: 1_000_000, doc: 'page views a user makes before leaving without logging out, on average' },
];

function resolve(params: WorkloadParams): SessionParams {
  return resolveParamTable(PARAM_TABLE, params) as unknown as SessionParams;
}

class SessionInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_LOGIN;
  private readonly useGat: boolean;
  /** Sessions a user may still view or log out of. */
  private readonly active: Session[] = [];
  private readonly tracked: Session[] = [];
  private serial = 0;
  /** Earliest expiry after a set/slide, later bound of it: TTL ± the server clock's granularity. */
  private readonly earliestAfterMs: number;
  private readonly latestAfterMs: number;

  private logins = 0;
  private views = 0;
  private logouts = 0;
  private abandoned = 0;
  private lostLive = 0;
  private readonly lostExamples: string[] = [];

  constructor(
    private readonly params: SessionParams,
    private readonly ctx: WorkloadContext,
  ) {
    this.useGat = ctx.family === 'memcached';
    if (this.useGat) {
      const ttlRounded = ttlMsToExptime(params.ttlMs) * 1000;
      this.earliestAfterMs = ttlRounded - MEMCACHED_CLOCK_MS;
      this.latestAfterMs = ttlRounded + MEMCACHED_CLOCK_MS;
    } else {
      this.earliestAfterMs = params.ttlMs;
      this.latestAfterMs = params.ttlMs;
    }
  }

  onMeasureStart(): void {
    this.logins = this.views = this.logouts = this.abandoned = 0;
  }

  step(engine: Engine): number | Promise<number> {
    const rng = this.ctx.rng;
    const r = rng.nextFast();
    if (this.active.length === 0 || r < this.params.loginRatio) return this.login(engine);
    const index = rng.int(this.active.length);
    const session = this.active[index]!;
    if (r < this.params.loginRatio + this.params.logoutRatio) {
      this.lastKind = OP_LOGOUT;
      this.removeActive(index);
      session.state = State.LoggingOut;
      return drive(this.logout(engine, session));
    }
    this.lastKind = OP_VIEW;
    if (--session.viewsLeft <= 0) {
      // This is the user's last page: afterwards they leave and the session must expire on its own.
      this.removeActive(index);
      session.state = State.Abandoned;
      this.abandoned++;
    }
    return drive(this.view(engine, session));
  }

  private removeActive(index: number): void {
    const last = this.active.pop()!;
    if (index < this.active.length) this.active[index] = last;
  }

  private login(engine: Engine): number | Promise<number> {
    this.lastKind = OP_LOGIN;
    const rng = this.ctx.rng;
    const id = `${this.ctx.threadIndex}-${this.serial++}`;
    const user = rng.int(1_000_000);
    const session: Session = {
      key: `sess:${this.ctx.seed}:${id}`,
      payload: `{"sid":"${id}","user":${user},"role":"${rng.nextFast() < 0.1 ? 'admin' : 'member'}","cart":[${rng.int(100)},${rng.int(100)}],"csrf":"${rng.nextU32().toString(16)}"}`,
      state: State.Live,
      // Geometric number of views with the configured mean.
      viewsLeft: Math.max(1, Math.round(-Math.log(1 - rng.nextFast()) * this.params.meanViews)),
      expiresAfterMs: 0,
      expiresByMs: 0,
    };
    this.logins++;
    this.active.push(session);
    if (this.tracked.length < MAX_TRACKED) this.tracked.push(session);
    return drive(this.create(engine, session));
  }

  private *create(engine: Engine, session: Session): ScenarioOp {
    const start = performance.now();
    yield engine.kv.set(session.key, session.payload, this.params.ttlMs);
    this.slid(session, start, performance.now());
    return OP_LOGIN;
  }

  private slid(session: Session, startMs: number, endMs: number): void {
    session.expiresAfterMs = Math.max(session.expiresAfterMs, startMs + this.earliestAfterMs);
    session.expiresByMs = Math.max(session.expiresByMs, endMs + this.latestAfterMs);
  }

  private *view(engine: Engine, session: Session): ScenarioOp {
    const start = performance.now();
    let found: boolean;
    if (this.useGat && engine.memcached) {
      const item = (yield engine.memcached.gat(session.key, ttlMsToExptime(this.params.ttlMs))) as McValue | null;
      found = item !== null && item.value === session.payload;
    } else {
      const value = (yield engine.kv.get(session.key)) as Bytes | null;
      found = value === session.payload;
      if (found) yield engine.kv.expire(session.key, this.params.ttlMs);
    }
    const end = performance.now();
    this.views++;
    if (found) {
      this.slid(session, start, end);
    } else if (session.state !== State.LoggingOut && session.state !== State.LoggedOut && start < session.expiresAfterMs - MARGIN_MS) {
      this.lostLive++;
      if (this.lostExamples.length < 3) this.lostExamples.push(`${session.key} missing ${Math.round(session.expiresAfterMs - start)} ms before its earliest expiry`);
    }
    return OP_VIEW;
  }

  private *logout(engine: Engine, session: Session): ScenarioOp {
    yield engine.kv.del(session.key);
    session.state = State.LoggedOut;
    this.logouts++;
    return OP_LOGOUT;
  }

  domain(): DomainFigures {
    return {
      figures: threadFigures(FIGURES, {
        logins: this.logins,
        views: this.views,
        logouts: this.logouts,
        abandoned: this.abandoned,
        activeAtEnd: this.active.length,
        viewsThatLostALiveSession: this.lostLive,
      }),
      notes: [this.useGat ? 'memcached: set with exptime, gat (get-and-touch) per view, delete' : 'redis: SET PX, GET + PEXPIRE per view, DEL'],
    };
  }

  async check(engine: Engine): Promise<CheckResult[]> {
    const counts = { loggedOut: 0, live: 0, expired: 0, undecided: 0 };
    const bad = { loggedOut: [] as string[], live: [] as string[], expired: [] as string[] };
    const badCount = { loggedOut: 0, live: 0, expired: 0 };
    for (let start = 0; start < this.tracked.length; start += CHECK_BATCH) {
      const batch = this.tracked.slice(start, start + CHECK_BATCH);
      const readStart = performance.now();
      const values = await runToValue(
        (function* () {
          return (yield engine.kv.mget(batch.map((s) => s.key))) as (Bytes | null)[];
        })(),
      );
      const readEnd = performance.now();
      batch.forEach((session, i) => {
        const value = values[i] ?? null;
        let kind: 'loggedOut' | 'live' | 'expired';
        let ok: boolean;
        if (session.state === State.LoggedOut) {
          kind = 'loggedOut';
          ok = value === null;
        } else if (session.state === State.LoggingOut) {
          counts.undecided++;
          return;
        } else if (readEnd < session.expiresAfterMs - MARGIN_MS) {
          kind = 'live';
          ok = value === session.payload;
        } else if (readStart > session.expiresByMs + MARGIN_MS) {
          kind = 'expired';
          ok = value === null;
        } else {
          counts.undecided++;
          return;
        }
        counts[kind]++;
        if (!ok) {
          badCount[kind]++;
          if (bad[kind].length < 3) bad[kind].push(`${session.key} ${value === null ? 'missing' : 'present'}`);
        }
      });
    }
    const result = (name: string, kind: 'loggedOut' | 'live' | 'expired'): CheckResult => ({
      name,
      passed: badCount[kind] === 0,
      detail: badCount[kind] === 0 ? `${counts[kind]} sessions checked` : `${badCount[kind]} of ${counts[kind]} wrong: ${bad[kind].join('; ')}`,
    });
    return [
      result('logged-out sessions are gone', 'loggedOut'),
      result('live sessions stay', 'live'),
      result('expired sessions are gone', 'expired'),
      {
        name: 'no page view lost a live session',
        passed: this.lostLive === 0,
        detail: this.lostLive === 0 ? `${this.views} views` : `${this.lostLive} views found no session: ${this.lostExamples.join('; ')}`,
      },
    ];
  }
}

/** session's figures (`figure-table.ts`). */
export const FIGURES = defineFigures([
  { name: 'logins', unit: 'count', merge: 'sum', doc: 'sessions created' },
  { name: 'views', unit: 'count', merge: 'sum', doc: 'page views that read and touched a session' },
  { name: 'logouts', unit: 'count', merge: 'sum', doc: 'sessions deleted by a logout' },
  { name: 'abandoned', unit: 'count', merge: 'sum', doc: 'sessions left to expire' },
  { name: 'activeAtEnd', unit: 'count', merge: 'sum', doc: 'sessions still live when the measured phase ended' },
  { name: 'viewsThatLostALiveSession', unit: 'count', merge: 'sum', doc: 'views that found no session although it had not expired; must be 0' },
]);

export const sessionWorkload: WorkloadFactory = {
  name: 'session',
  description: 'session store: create with TTL, read and slide expiry per page view, log out; expired sessions gone, live ones stay',
  needs: ['strings'],
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new SessionInstance(resolve(params), ctx),
};
