/**
 * The request mix of a `cachebench http` run: which routes, in which proportion, with which
 * arguments (`--route users:9,user-update:1` weighs routes, parsed in the CLI's route-flag.ts); ids come from the workloads' key
 * distributions, seeded from the run's seed (users and players from YCSB's scrambled zipfian,
 * accounts, clients and rooms uniform, the celebrity — account 0 — writing 5% of tweets as in
 * the timeline scenario). A seeded sequence of route choices is what every connection cycles
 * through; ids are drawn as requests are built, so the draws are seeded and their assignment
 * to connections follows the replies' timing.
 */
import type { RouteSpec } from '../../workloads/http/routes/index.js';
import type { ApiParams } from '../../workloads/http/params.js';
import { ScrambledZipfianDistribution } from '../../workloads/distributions/scrambled-zipfian.js';
import { UniformDistribution } from '../../workloads/distributions/uniform.js';
import { ZIPFIAN_CONSTANT } from '../../workloads/distributions/zipfian.js';
import { Rng } from '../../shared/rng.js';
import { HTTP_STREAM, RUN_STREAM } from '../../shared/stream-ids.js';

export interface RouteWeight {
  readonly route: RouteSpec;
  readonly weight: number;
}

/** One request as autocannon builds it. */
export interface BuiltRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Sessions `me` presents: created before measuring, renewed by the mix's own logins. */
export class SessionPool {
  private readonly tokens: string[] = [];
  private next = 0;
  add(token: string): void {
    if (this.tokens.length < SESSION_POOL) this.tokens.push(token);
    else this.tokens[this.next++ % SESSION_POOL] = token;
  }
  pick(rng: Rng): string | undefined {
    return this.tokens.length === 0 ? undefined : this.tokens[rng.int(this.tokens.length)];
  }
  get size(): number {
    return this.tokens.length;
  }
}

const SESSION_POOL = 1000;
/** Distinct clients behind `/limited` under load. */
export const LIMITED_CLIENTS = 1000;
/** Chat rooms `events` publishes to (each with its listeners). */
export const ROOMS = 4;
const CELEBRITY_TWEET_SHARE = 0.05;
const MAX_SCORE_DELTA = 100;
/** Length of the seeded route sequence every connection cycles through. */
const SEQUENCE = 1000;

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Builds requests route by route from seeded distributions. */
export class RequestFactory {
  private readonly rng: Rng;
  private readonly users: ScrambledZipfianDistribution;
  private readonly players: ScrambledZipfianDistribution;
  private readonly accounts: UniformDistribution;
  private tweetSerial = 0;
  private messageSerial = 0;

  constructor(
    seed: number,
    private readonly params: ApiParams,
    readonly sessions: SessionPool,
  ) {
    this.rng = new Rng(seed).fork(RUN_STREAM.http);
    this.users = new ScrambledZipfianDistribution(params.rows, ZIPFIAN_CONSTANT, this.rng.fork(HTTP_STREAM.users));
    this.players = new ScrambledZipfianDistribution(params.players, ZIPFIAN_CONSTANT, this.rng.fork(HTTP_STREAM.players));
    this.accounts = new UniformDistribution(params.accounts, this.rng.fork(HTTP_STREAM.accounts));
  }

  /** The seeded order of route choices, by weight. */
  sequence(mix: readonly RouteWeight[]): RouteSpec[] {
    const total = mix.reduce((s, r) => s + r.weight, 0);
    const rng = this.rng.fork(HTTP_STREAM.routeSequence);
    const out: RouteSpec[] = [];
    for (let i = 0; i < SEQUENCE; i++) {
      let x = rng.int(total);
      for (const r of mix) {
        if (x < r.weight) {
          out.push(r.route);
          break;
        }
        x -= r.weight;
      }
    }
    return out;
  }

  build(route: string): BuiltRequest {
    const rng = this.rng;
    switch (route) {
      case 'users':
        return { method: 'GET', path: `/users/${this.users.next()}`, headers: {} };
      case 'user-update':
        return { method: 'PUT', path: `/users/${this.users.next()}`, headers: {} };
      case 'login':
        return { method: 'POST', path: '/login', headers: JSON_HEADERS, body: `{"user":${rng.int(1_000_000)}}` };
      case 'me': {
        const token = this.sessions.pick(rng);
        return { method: 'GET', path: '/me', headers: token ? { cookie: `sid=${token}` } : {} };
      }
      case 'limited':
        return { method: 'GET', path: '/limited', headers: { 'x-client-id': `c${rng.int(LIMITED_CLIENTS)}` } };
      case 'score':
        return { method: 'POST', path: '/scores', headers: JSON_HEADERS, body: `{"player":${this.players.next()},"delta":${1 + rng.int(MAX_SCORE_DELTA)}}` };
      case 'top':
        return { method: 'GET', path: '/top', headers: {} };
      case 'tweet': {
        const author = rng.nextFast() < CELEBRITY_TWEET_SHARE ? 0 : this.accounts.next();
        return { method: 'POST', path: '/tweets', headers: JSON_HEADERS, body: `{"author":${author},"text":"tweet ${++this.tweetSerial}"}` };
      }
      case 'timeline':
        return { method: 'GET', path: `/timeline/${this.accounts.next()}`, headers: {} };
      case 'events':
        return { method: 'POST', path: `/events/room${rng.int(ROOMS)}`, headers: {}, body: `message ${++this.messageSerial}` };
      default:
        throw new Error(`no request builder for route ${route}`);
    }
  }
}
