/**
 * A social graph: each user's friends are a set; "mutual friends of A and B" is SINTER. Degrees
 * follow a power law (Pareto, α = 1.5), so a few users have very many friends. The graph is a
 * pure function of the seed, so every thread knows it. Operations: mutual friends of two users,
 * a user's friend list (SMEMBERS), and befriending (SADD on both sides).
 *
 * Memcached has no sets: the emulation stores each friend list as comma-separated ids, fetches
 * both lists with one multi-get and intersects them in the client; befriending appends `,id` to
 * both lists (memcached `append` is atomic, so no read-modify-write is needed).
 *
 * On a Redis Cluster, SINTER needs both sets in one hash slot. The sets are then hash-tagged
 * into `CLUSTER_TAG_GROUPS` groups (`sg:friends:{g7}:1031`, user mod groups) spread over the
 * slots, and "mutual friends" asks about two users of one group — how applications co-locate
 * keys they intersect (by tenant, by region). The result's notes say so.
 *
 * Ground truth: thread i only befriends pairs of users it owns (id ≡ i mod threads), so the sets
 * of its users change only through it, and its model of them is exact; other users' sets are
 * known exactly while no thread befriends anyone. Checks: every intersection that could be
 * judged equalled the model's, and at the end every owned user's set equals the model.
 */
import type { Bytes, Engine, McValue, Reply } from '../../engines/types.js';
import type { DomainFigures } from '../../shared/result-types.js';
import { Rng } from '../../shared/rng.js';
import type { CheckResult, WorkloadContext, WorkloadFactory, WorkloadInstance, WorkloadParams } from '../types.js';
import { clip } from './support/detail.js';
import { deleteKeys } from './support/cleanup.js';
import { drive, runToValue, type ScenarioOp } from './support/drive.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';
import { failOnError, replyArray } from './support/replies.js';
import { SEED_STREAM } from '../../shared/stream-ids.js';

/** Hash-tag groups on a cluster: enough to spread over any realistic number of masters. */
export const CLUSTER_TAG_GROUPS = 64;

const OP_MUTUAL = 0;
const OP_FRIENDS = 1;
const OP_BEFRIEND = 2;
const OP_KINDS = ['mutual', 'friends', 'befriend'] as const;

/** Pareto shape of the degree distribution: heavy-tailed, finite mean. */
const DEGREE_ALPHA = 1.5;

interface SocialGraphParams {
  users: number;
  minFriends: number;
  friendsRatio: number;
  befriendRatio: number;
}

const PARAM_TABLE: ParamTable = [
  { name: 'users', kind: 'int', default: 2000, min: 2, max: 200_000, doc: 'users in the graph' },
  { name: 'minFriends', kind: 'int', default: 5, min: 1, max: 1000, doc: 'smallest number of friends a user starts with; degrees follow a power law above it' },
  { name: 'friendsRatio', kind: 'number', default: 0.2, min: 0, max: 1, doc: 'fraction of operations that list one user’s friends' },
  { name: 'befriendRatio', kind: 'number', default: 0.05, min: 0, max: { text: '1 − friendsRatio', of: (p) => 1 - (p['friendsRatio'] as number) }, doc: 'fraction that befriend two users; the rest ask for mutual friends' },
];

function resolve(params: WorkloadParams): SocialGraphParams {
  return resolveParamTable(PARAM_TABLE, params) as unknown as SocialGraphParams;
}

/** The starting graph: adjacency sets built from the seed alone (the same in every thread). */
function generateGraph(seed: number, users: number, minFriends: number): Set<number>[] {
  const rng = new Rng(seed, SEED_STREAM.socialGraphFriends);
  const friends = Array.from({ length: users }, () => new Set<number>());
  for (let u = 0; u < users; u++) {
    const degree = Math.min(users - 1, Math.floor(minFriends * Math.pow(1 - rng.next(), -1 / DEGREE_ALPHA)));
    for (let tries = 0; friends[u]!.size < degree && tries < degree * 4; tries++) {
      const v = rng.int(users);
      if (v === u) continue;
      friends[u]!.add(v);
      friends[v]!.add(u);
    }
  }
  return friends;
}

function sortedIds(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

class SocialGraphInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_MUTUAL;
  private readonly native: boolean;
  private readonly graph: Set<number>[];
  private readonly keys: Bytes[];
  /** A cluster: keys hash-tagged by group, mutual friends within one group. */
  private readonly tagged: boolean;
  private readonly own: number[] = [];
  /** Users this thread is befriending right now (their sets are in flux). */
  private readonly busy = new Set<number>();

  private mutuals = 0;
  private friendLists = 0;
  private befriends = 0;
  private judged = 0;
  private wrong = 0;
  private readonly wrongExamples: string[] = [];
  private mutualSizeSum = 0;
  private largestList = 0;

  constructor(
    private readonly params: SocialGraphParams,
    private readonly ctx: WorkloadContext,
  ) {
    this.native = ctx.mode.kind === 'native';
    this.graph = generateGraph(ctx.seed, params.users, params.minFriends);
    this.tagged = ctx.cluster === true && this.native;
    this.keys = Array.from({ length: params.users }, (_, u) => (this.tagged ? `sg:friends:{g${u % CLUSTER_TAG_GROUPS}}:${u}` : `sg:friends:${u}`));
    for (let u = ctx.threadIndex; u < params.users; u += ctx.threadCount) this.own.push(u);
    for (const set of this.graph) if (set.size > this.largestList) this.largestList = set.size;
  }

  /** Every thread writes the sets of its own users. */
  async preload(engine: Engine): Promise<void> {
    // A server keeps the sets of an earlier run, with its befriendings: start from the generated graph.
    await deleteKeys(engine, this.own.map((u) => this.keys[u]!));
    for (const u of this.own) {
      const friends = sortedIds(this.graph[u]!);
      if (friends.length === 0) continue;
      if (this.native) {
        failOnError(await engine.redis!.call(['SADD', this.keys[u]!, ...friends.map(String)]), 'SADD');
      } else {
        await engine.memcached!.set(this.keys[u]!, friends.join(','));
      }
    }
  }

  onMeasureStart(): void {
    this.mutuals = this.friendLists = this.befriends = this.mutualSizeSum = 0;
  }

  step(engine: Engine): number | Promise<number> {
    const rng = this.ctx.rng;
    const r = rng.nextFast();
    if (r < this.params.befriendRatio) {
      this.lastKind = OP_BEFRIEND;
      const a = this.own[rng.int(this.own.length)]!;
      const b = this.own[rng.int(this.own.length)]!;
      if (a !== b && !this.graph[a]!.has(b) && !this.busy.has(a) && !this.busy.has(b)) return drive(this.befriend(engine, a, b));
      // Already friends (or busy): the user looks at the friend list instead.
      return drive(this.listFriends(engine, a));
    }
    if (r < this.params.befriendRatio + this.params.friendsRatio) {
      this.lastKind = OP_FRIENDS;
      return drive(this.listFriends(engine, rng.int(this.params.users)));
    }
    this.lastKind = OP_MUTUAL;
    const a = rng.int(this.params.users);
    return drive(this.mutual(engine, a, this.tagged ? this.sameGroup(a, rng) : rng.int(this.params.users)));
  }

  /** A random user of `a`'s hash-tag group (users a mod G, a mod G + G, …). */
  private sameGroup(a: number, rng: Rng): number {
    const first = a % CLUSTER_TAG_GROUPS;
    return first + CLUSTER_TAG_GROUPS * rng.int(Math.ceil((this.params.users - first) / CLUSTER_TAG_GROUPS));
  }

  /** Whether this thread's model of user u's set is exact at this moment. */
  private known(u: number): boolean {
    if (this.busy.has(u)) return false;
    return this.params.befriendRatio === 0 || u % this.ctx.threadCount === this.ctx.threadIndex;
  }

  private *mutual(engine: Engine, a: number, b: number): ScenarioOp {
    const judge = this.known(a) && this.known(b);
    let common: number[];
    if (this.native) {
      const reply = replyArray((yield engine.redis!.call(['SINTER', this.keys[a]!, this.keys[b]!])) as Reply, 'SINTER');
      common = reply.map(Number);
    } else {
      const items = (yield engine.memcached!.getMulti([this.keys[a]!, this.keys[b]!])) as Map<Bytes, McValue>;
      common = intersectLists(items.get(this.keys[a]!)?.value ?? '', items.get(this.keys[b]!)?.value ?? '');
    }
    this.mutuals++;
    this.mutualSizeSum += common.length;
    if (judge && this.known(a) && this.known(b)) this.judge(`mutual(${a}, ${b})`, common, intersectSets(this.graph[a]!, this.graph[b]!));
    return OP_MUTUAL;
  }

  private *listFriends(engine: Engine, u: number): ScenarioOp {
    this.lastKind = OP_FRIENDS;
    const judge = this.known(u);
    let friends: number[];
    if (this.native) {
      friends = replyArray((yield engine.redis!.call(['SMEMBERS', this.keys[u]!])) as Reply, 'SMEMBERS').map(Number);
    } else {
      const item = (yield engine.memcached!.get(this.keys[u]!)) as McValue | null;
      friends = parseList(item?.value ?? '');
    }
    this.friendLists++;
    if (judge && this.known(u)) this.judge(`friends(${u})`, friends, [...this.graph[u]!]);
    return OP_FRIENDS;
  }

  private *befriend(engine: Engine, a: number, b: number): ScenarioOp {
    this.busy.add(a);
    this.busy.add(b);
    try {
      if (this.native) {
        failOnError((yield engine.redis!.call(['SADD', this.keys[a]!, String(b)])) as Reply, 'SADD');
        failOnError((yield engine.redis!.call(['SADD', this.keys[b]!, String(a)])) as Reply, 'SADD');
      } else {
        yield* this.appendFriend(engine, a, b);
        yield* this.appendFriend(engine, b, a);
      }
      this.graph[a]!.add(b);
      this.graph[b]!.add(a);
      this.befriends++;
    } finally {
      this.busy.delete(a);
      this.busy.delete(b);
    }
    return OP_BEFRIEND;
  }

  /** Memcached: append `,friend`, or create the list when the user had no friends yet. */
  private *appendFriend(engine: Engine, user: number, friend: number): Generator<unknown, void, unknown> {
    const mc = engine.memcached!;
    const key = this.keys[user]!;
    const appended = yield mc.append(key, `,${friend}`);
    if (appended === 'STORED') return;
    const added = yield mc.add(key, String(friend));
    if (added !== 'STORED') yield mc.append(key, `,${friend}`);
  }

  private judge(what: string, got: number[], expected: number[]): void {
    this.judged++;
    const a = sortedIds(got);
    const b = sortedIds(expected);
    if (a.length === b.length && a.every((v, i) => v === b[i])) return;
    this.wrong++;
    if (this.wrongExamples.length < 3) this.wrongExamples.push(clip(`${what}: engine [${a.join(',')}] ≠ truth [${b.join(',')}]`));
  }

  domain(): DomainFigures {
    return {
      figures: threadFigures(FIGURES, {
        users: this.params.users,
        largestFriendList: this.largestList,
        mutuals: this.mutuals,
        friendLists: this.friendLists,
        befriends: this.befriends,
        mutualSizeSum: this.mutualSizeSum,
        answersJudged: this.judged,
        answersWrong: this.wrong,
      }),
      notes: [
        this.native ? 'native: SINTER / SMEMBERS / SADD' : `emulated: ${EMULATION.description}`,
        ...(this.tagged ? [`cluster: friend sets hash-tagged into ${CLUSTER_TAG_GROUPS} groups; mutual friends of two users of one group`] : []),
      ],
    };
  }

  async check(engine: Engine): Promise<CheckResult[]> {
    let wrongSets = 0;
    const examples: string[] = [];
    for (const u of this.own) {
      const friends = await runToValue(this.readFriends(engine, u));
      const got = sortedIds(friends);
      const expected = sortedIds(this.graph[u]!);
      if (got.length !== expected.length || got.some((v, i) => v !== expected[i])) {
        wrongSets++;
        if (examples.length < 3) examples.push(clip(`user ${u}: engine [${got.join(',')}] ≠ truth [${expected.join(',')}]`));
      }
    }
    return [
      {
        name: 'mutual friends and friend lists match the ground truth',
        passed: this.wrong === 0,
        detail: this.wrong === 0 ? `${this.judged} answers judged, all right` : `${this.wrong} of ${this.judged} answers wrong: ${this.wrongExamples.join('; ')}`,
      },
      {
        name: 'every friend set equals the ground truth',
        passed: wrongSets === 0,
        detail: wrongSets === 0 ? `${this.own.length} users checked` : `${wrongSets} of ${this.own.length} sets differ: ${examples.join('; ')}`,
      },
    ];
  }

  private *readFriends(engine: Engine, u: number): Generator<unknown, number[], unknown> {
    if (this.native) return replyArray((yield engine.redis!.call(['SMEMBERS', this.keys[u]!])) as Reply, 'SMEMBERS').map(Number);
    const item = (yield engine.memcached!.get(this.keys[u]!)) as McValue | null;
    return parseList(item?.value ?? '');
  }
}

function parseList(text: string): number[] {
  if (text === '') return [];
  return text.split(',').map(Number);
}

/** The client-side intersection the memcached emulation pays for. */
function intersectLists(a: string, b: string): number[] {
  if (a === '' || b === '') return [];
  const small = a.length <= b.length ? a : b;
  const large = small === a ? b : a;
  const members = new Set(parseList(small));
  const common: number[] = [];
  for (const id of parseList(large)) if (members.has(id)) common.push(id);
  return common;
}

function intersectSets(a: Set<number>, b: Set<number>): number[] {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const common: number[] = [];
  for (const id of small) if (large.has(id)) common.push(id);
  return common;
}

const EMULATION = { family: 'memcached' as const, description: 'friend lists as comma-separated ids; multi-get both and intersect in the client; append to befriend', usesCommands: true };

/** social-graph's figures (`figure-table.ts`). */
export const FIGURES = defineFigures([
  { name: 'users', unit: 'count', merge: 'last', doc: 'users in the graph (the users parameter)' },
  { name: 'largestFriendList', unit: 'count', merge: 'max', doc: 'most friends one user has' },
  { name: 'mutuals', unit: 'count', merge: 'sum', doc: 'mutual-friend queries' },
  { name: 'friendLists', unit: 'count', merge: 'sum', doc: 'friend-list reads' },
  { name: 'befriends', unit: 'count', merge: 'sum', doc: 'friendships added' },
  { name: 'mutualSizeSum', unit: 'count', merge: 'sum', doc: 'mutual friends found, over every query', hidden: true },
  { name: 'meanMutualFriends', unit: 'number', merge: { ratio: ['mutualSizeSum', 'mutuals'] }, doc: 'mutual friends per query' },
  { name: 'answersJudged', unit: 'count', merge: 'sum', doc: 'answers checked against the model of the graph' },
  { name: 'answersWrong', unit: 'count', merge: 'sum', doc: 'answers the model disagrees with; must be 0' },
]);

export const socialGraphWorkload: WorkloadFactory = {
  name: 'social-graph',
  description: 'friends as sets, mutual friends with SINTER; memcached: fetch both lists and intersect in the client',
  onCluster: `hash-tagged: friend sets in ${CLUSTER_TAG_GROUPS} {tag} groups, SINTER of two users of one group (one slot)`,
  needs: ['sets'],
  emulations: [EMULATION],
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new SocialGraphInstance(resolve(params), ctx),
};
