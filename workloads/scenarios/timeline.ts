/**
 * Timeline fan-out on write: when a user posts, the post's id is pushed onto every follower's
 * timeline (LPUSH) and the timeline is trimmed to its last `maxLen` entries (LTRIM); reading a
 * timeline is LRANGE 0 49. Follower counts follow a power law (Pareto, α = 1.2) and user 0 is a
 * celebrity followed by a large share of everyone, whose posts are recorded under their own op
 * kind (`post-celebrity`). The graph is a pure function of the seed.
 *
 * Memcached has no lists: the emulation keeps each timeline as a JSON array (newest first) and
 * updates it with a CAS read-modify-write loop per follower, retries counted. On both, the pushes
 * of one post are issued together, so a remote engine pipelines them.
 *
 * Figures: fan-out cost per post by follower count (a curve), deliveries, CAS retries.
 * Checks, from each thread's own recent posts: no timeline is longer than `maxLen` or holds a
 * post twice or a post by someone its owner does not follow; and every post reached every
 * follower — unless newer posts have since pushed it off the end of a full timeline.
 */
import { performance } from 'node:perf_hooks';
import type { Bytes, Engine, Reply } from '../../engines/types.js';
import type { DomainFigures, DomainSeries } from '../../shared/result-types.js';
import { Rng } from '../../shared/rng.js';
import type { CheckResult, WorkloadContext, WorkloadFactory, WorkloadInstance, WorkloadParams } from '../types.js';
import { clip } from './support/detail.js';
import { deleteKeys } from './support/cleanup.js';
import { drive, runToValue, type ScenarioOp } from './support/drive.js';
import { maxFigure, ratio, sumSeries } from './support/merge.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';
import { failOnError, replyArray } from './support/replies.js';
import { casListPush, readList } from './support/timeline-list.js';
import { SEED_STREAM } from '../../shared/stream-ids.js';

const OP_POST = 0;
const OP_POST_CELEBRITY = 1;
const OP_READ = 2;
const OP_KINDS = ['post', 'post-celebrity', 'read'] as const;

const FOLLOWER_ALPHA = 1.2;
const MIN_FOLLOWERS = 2;
const READ_COUNT = 50;
const CELEBRITY = 0;
/** Own posts remembered for the final check (the most recent ones). */
const CHECKED_POSTS = 5000;

const RAW_NS = 'raw: fan-out ns by followers';
const RAW_POSTS = 'raw: posts by followers';

interface TimelineParams {
  users: number;
  celebrityShare: number;
  celebrityPostRatio: number;
  postRatio: number;
  maxLen: number;
}

const PARAM_TABLE: ParamTable = [
  { name: 'users', kind: 'int', default: 1000, min: 2, max: 200_000, doc: 'users' },
  { name: 'celebrityShare', kind: 'number', default: 0.5, min: 0, max: 1, doc: 'share of all users who follow the celebrity, user 0' },
  { name: 'celebrityPostRatio', kind: 'number', default: 0.05, min: 0, max: 1, doc: 'share of posts written by the celebrity' },
  { name: 'postRatio', kind: 'number', default: 0.2, min: 0, max: 1, doc: 'fraction of operations that post; the rest read a timeline' },
  { name: 'maxLen', kind: 'int', default: 100, min: READ_COUNT, max: 100_000, doc: 'entries kept per timeline by LTRIM' },
];

function resolve(params: WorkloadParams): TimelineParams {
  return resolveParamTable(PARAM_TABLE, params) as unknown as TimelineParams;
}

/**
 * followers[u]: who receives u's posts; following[f]: whose posts f may receive. A pure function
 * of the seed (the HTTP API's `/tweets` fans out over the same graph).
 */
export function generateFollowers(seed: number, p: Pick<TimelineParams, 'users' | 'celebrityShare'>): { followers: number[][]; following: Set<number>[] } {
  const rng = new Rng(seed, SEED_STREAM.timelineFollowers);
  const followers: number[][] = [];
  const following = Array.from({ length: p.users }, () => new Set<number>());
  for (let u = 0; u < p.users; u++) {
    const target =
      u === CELEBRITY
        ? Math.floor(p.celebrityShare * (p.users - 1))
        : Math.min(p.users - 1, Math.floor(MIN_FOLLOWERS * Math.pow(1 - rng.next(), -1 / FOLLOWER_ALPHA)));
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < target && tries < target * 4 + 16; tries++) {
      const f = rng.int(p.users);
      if (f !== u) chosen.add(f);
    }
    followers.push([...chosen]);
    for (const f of chosen) following[f]!.add(u);
  }
  return { followers, following };
}

/** Log2 bucket of a follower count, as the lower bound of its range (0, 1, 2, 4, 8…). */
function followerBucket(count: number): number {
  return count === 0 ? 0 : 2 ** Math.floor(Math.log2(count));
}

interface OwnPost {
  readonly id: string;
  readonly seq: number;
  readonly author: number;
}

class TimelineInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_POST;
  private readonly native: boolean;
  private readonly followers: number[][];
  private readonly following: Set<number>[];
  private readonly keys: Bytes[];
  private readonly maxIndex: string;
  private seq = 0;
  private readonly recent: OwnPost[] = [];
  private inFlight = 0;
  /** The emulation's latest client-side read (kept so the parse-and-slice work has a result). */
  lastRead: string[] = [];
  private maxInFlight = 0;

  private posts = 0;
  private deliveries = 0;
  private casRetries = 0;
  private readonly fanoutNs = new Map<number, number>();
  private readonly fanoutPosts = new Map<number, number>();

  constructor(
    private readonly params: TimelineParams,
    private readonly ctx: WorkloadContext,
  ) {
    this.native = ctx.mode.kind === 'native';
    ({ followers: this.followers, following: this.following } = generateFollowers(ctx.seed, params));
    this.keys = Array.from({ length: params.users }, (_, u) => `tl:${u}`);
    this.maxIndex = String(params.maxLen - 1);
  }

  /** Timelines start empty: each thread deletes those of the users it owns (a server keeps old ones). */
  async preload(engine: Engine): Promise<void> {
    const tc = this.ctx.threadCount;
    await deleteKeys(engine, this.keys.filter((_, u) => u % tc === this.ctx.threadIndex));
  }

  onMeasureStart(): void {
    this.posts = this.deliveries = this.casRetries = 0;
    this.fanoutNs.clear();
    this.fanoutPosts.clear();
  }

  step(engine: Engine): number | Promise<number> {
    const rng = this.ctx.rng;
    if (rng.nextFast() < this.params.postRatio) {
      const celebrity = rng.nextFast() < this.params.celebrityPostRatio;
      const author = celebrity ? CELEBRITY : 1 + rng.int(this.params.users - 1);
      this.lastKind = celebrity ? OP_POST_CELEBRITY : OP_POST;
      const post: OwnPost = { id: `${this.ctx.threadIndex}.${this.seq}.${author}`, seq: this.seq++, author };
      if (this.recent.length === CHECKED_POSTS) this.recent.shift();
      this.recent.push(post);
      return drive(this.post(engine, post, celebrity ? OP_POST_CELEBRITY : OP_POST));
    }
    this.lastKind = OP_READ;
    return drive(this.read(engine, rng.int(this.params.users)));
  }

  private *post(engine: Engine, post: OwnPost, kind: number): ScenarioOp {
    const followers = this.followers[post.author]!;
    if (++this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    const start = performance.now();
    try {
      // Every follower's update is issued at once; a remote engine pipelines them.
      const pending: unknown[] = [];
      let anyPromise = false;
      for (const f of followers) {
        if (this.native) {
          const redis = engine.redis!;
          const push = redis.call(['LPUSH', this.keys[f]!, post.id]);
          const trim = redis.call(['LTRIM', this.keys[f]!, '0', this.maxIndex]);
          if (push instanceof Promise || trim instanceof Promise) anyPromise = true;
          pending.push(push, trim);
        } else {
          const done = drive(this.casPush(engine, f, post.id));
          if (done instanceof Promise) anyPromise = true;
          pending.push(done);
        }
      }
      const replies = (anyPromise ? yield Promise.all(pending) : pending) as unknown[];
      for (const reply of replies) if (this.native) failOnError(reply as Reply, 'LPUSH/LTRIM');
    } finally {
      this.inFlight--;
    }
    const bucket = followerBucket(followers.length);
    this.fanoutNs.set(bucket, (this.fanoutNs.get(bucket) ?? 0) + (performance.now() - start) * 1e6);
    this.fanoutPosts.set(bucket, (this.fanoutPosts.get(bucket) ?? 0) + 1);
    this.posts++;
    this.deliveries += followers.length;
    return kind;
  }

  /** Memcached: prepend to one follower's JSON timeline with gets/cas, trimming to maxLen. */
  private *casPush(engine: Engine, follower: number, id: string): ScenarioOp {
    this.casRetries += yield* casListPush(engine.memcached!, this.keys[follower]!, id, this.params.maxLen);
    return 0;
  }

  private *read(engine: Engine, user: number): ScenarioOp {
    if (this.native) {
      replyArray((yield engine.redis!.call(['LRANGE', this.keys[user]!, '0', String(READ_COUNT - 1)])) as Reply, 'LRANGE');
    } else {
      this.lastRead = yield* readList(engine, false, this.keys[user]!, READ_COUNT);
    }
    return OP_READ;
  }

  domain(): DomainFigures {
    const points = (map: Map<number, number>) => [...map].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
    return {
      figures: threadFigures(FIGURES, {
        posts: this.posts,
        deliveries: this.deliveries,
        casRetries: this.casRetries,
        celebrityFollowers: this.followers[CELEBRITY]!.length,
      }),
      series: {
        [RAW_NS]: { xLabel: 'followers (log2 bucket)', yLabel: 'ns', points: points(this.fanoutNs) },
        [RAW_POSTS]: { xLabel: 'followers (log2 bucket)', yLabel: 'posts', points: points(this.fanoutPosts) },
      },
      notes: [this.native ? 'native: LPUSH + LTRIM per follower, LRANGE 0 49' : `emulated: ${EMULATION.description}`],
    };
  }

  async check(engine: Engine): Promise<CheckResult[]> {
    const timelines: string[][] = [];
    for (let u = 0; u < this.params.users; u++) timelines.push(await runToValue(readList(engine, this.native, this.keys[u]!, -1)));

    // Shape: length, duplicates, posts from people the owner does not follow.
    let badShape = 0;
    const shapeExamples: string[] = [];
    timelines.forEach((entries, u) => {
      let problem: string | null = null;
      if (entries.length > this.params.maxLen) problem = `${entries.length} entries, more than ${this.params.maxLen}`;
      else if (new Set(entries).size !== entries.length) problem = 'a post appears twice';
      else {
        const stranger = entries.find((id) => !this.following[u]!.has(Number(id.split('.')[2])));
        if (stranger !== undefined) problem = `post ${stranger} by someone the owner does not follow`;
      }
      if (problem !== null) {
        badShape++;
        if (shapeExamples.length < 3) shapeExamples.push(clip(`timeline ${u}: ${problem}`));
      }
    });

    // Delivery: each recent own post is on each follower's timeline, or legitimately trimmed off.
    const mine = `${this.ctx.threadIndex}.`;
    const tolerance = this.maxInFlight;
    let missing = 0;
    let checked = 0;
    const missingExamples: string[] = [];
    const ownSeqsOn = timelines.map((entries) => {
      const seqs = new Set<number>();
      let oldestOwn = Infinity;
      for (const id of entries) {
        if (!id.startsWith(mine)) continue;
        const seq = Number(id.split('.')[1]);
        seqs.add(seq);
        if (seq < oldestOwn) oldestOwn = seq;
      }
      return { seqs, oldestOwn, full: entries.length >= this.params.maxLen };
    });
    for (const post of this.recent) {
      for (const f of this.followers[post.author]!) {
        checked++;
        const view = ownSeqsOn[f]!;
        if (view.seqs.has(post.seq)) continue;
        // Trimmed off legitimately only if the timeline is full and nothing of ours older than this
        // post (beyond what was in flight at once) survived it.
        if (view.full && !(view.oldestOwn < post.seq - tolerance)) continue;
        missing++;
        if (missingExamples.length < 3) missingExamples.push(`post ${post.id} missing from follower ${f}'s timeline`);
      }
    }
    return [
      {
        name: 'timelines are trimmed, without duplicates or strangers’ posts',
        passed: badShape === 0,
        detail: badShape === 0 ? `${timelines.length} timelines checked` : `${badShape} timelines wrong: ${shapeExamples.join('; ')}`,
      },
      {
        name: 'every post reached every follower',
        passed: missing === 0,
        detail: missing === 0 ? `${checked} deliveries of ${this.recent.length} posts checked` : `${missing} of ${checked} deliveries missing: ${missingExamples.join('; ')}`,
      },
    ];
  }

}

const EMULATION = { family: 'memcached' as const, description: 'timelines as JSON lists, prepended and trimmed with a CAS loop per follower', usesCommands: true };

/** timeline's figures (`figure-table.ts`); the celebrity's post cost is read off the merged fan-out curve (`summarize`). */
export const FIGURES = defineFigures([
  { name: 'posts', unit: 'count', merge: 'sum', doc: 'posts written' },
  { name: 'deliveries', unit: 'count', merge: 'sum', doc: 'timeline entries written (one per follower of each post)' },
  { name: 'deliveriesPerPost', unit: 'number', merge: { ratio: ['deliveries', 'posts'] }, doc: 'followers reached per post' },
  { name: 'celebrityFollowers', unit: 'count', merge: 'max', doc: 'followers of the most-followed user' },
  { name: 'celebrityPostMeanUs', unit: 'us', merge: 'derived', doc: 'mean time of one post by the most-followed user' },
  { name: 'casRetries', unit: 'count', merge: 'sum', doc: 'compare-and-set attempts that lost a race and retried (emulation only)' },
]);

export const timelineWorkload: WorkloadFactory = {
  name: 'timeline',
  description: 'fan-out on write: LPUSH + LTRIM to every follower (power-law, one celebrity), LRANGE 0 49 to read',
  needs: ['lists'],
  emulations: [EMULATION],
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new TimelineInstance(resolve(params), ctx),
  summarize(parts) {
    const ns = sumSeries(parts, RAW_NS);
    const posts = sumSeries(parts, RAW_POSTS);
    const postsByBucket = new Map((posts?.points ?? []).map((p) => [p.x, p.y]));
    const costCurve: DomainSeries = {
      xLabel: 'followers of the author (log2 bucket)',
      yLabel: 'µs per post (mean)',
      points: (ns?.points ?? []).map((p) => ({ x: p.x, y: ratio(p.y, postsByBucket.get(p.x) ?? 0) / 1000 })),
    };
    const celebrityBucket = followerBucket(maxFigure(parts, 'celebrityFollowers'));
    const celebrity = costCurve.points.find((p) => p.x === celebrityBucket);
    return {
      // No post by the celebrity in the measured phase: no cost to state.
      ...(celebrity ? { figures: { celebrityPostMeanUs: celebrity.y } } : {}),
      series: { 'fan-out cost by followers': costCurve },
    };
  },
};
