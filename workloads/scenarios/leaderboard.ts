/**
 * A game leaderboard: players' scores go up (ZINCRBY), the top 10 is read with scores
 * (ZREVRANGE … WITHSCORES) and a player asks for their rank (ZREVRANK). Players are drawn from
 * YCSB's zipfian, so a few are very active.
 *
 * Memcached has no sorted set: the emulation keeps the whole board serialised in one item and
 * updates it with a CAS read-modify-write loop (gets → parse → add → cas, again on EXISTS), and
 * sorts client-side for reads. Retries are counted, so the report shows what the missing data
 * type costs under contention.
 *
 * Check: every player's final score equals the sum of the increments the workload made, and the
 * engine's top 10 is the top 10 of that ground truth. So that each thread can judge from its own
 * operation log, thread i only increments players whose id ≡ i (mod threads); every thread reads
 * the whole board.
 */
import type { Engine, McValue, Reply } from '../../engines/types.js';
import type { DomainFigures } from '../../shared/result-types.js';
import { ScrambledZipfianDistribution } from '../distributions/scrambled-zipfian.js';
import { ZIPFIAN_CONSTANT } from '../distributions/zipfian.js';
import { WorkloadParamError, type CheckResult, type WorkloadContext, type WorkloadFactory, type WorkloadInstance, type WorkloadParams } from '../types.js';
import { deleteKeys } from './support/cleanup.js';
import { drive, runToValue, type ScenarioOp } from './support/drive.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';
import { casBoardIncr, parseBoard, readBoard } from './support/board.js';
import { failOnError } from './support/replies.js';

const OP_INCR = 0;
const OP_TOP = 1;
const OP_RANK = 2;
const OP_KINDS = ['incr', 'top10', 'rank'] as const;

const BOARD_KEY = 'lb:board';
const TOP_N = 10;
const MAX_DELTA = 100;

interface LeaderboardParams {
  players: number;
  incrRatio: number;
  topRatio: number;
}

const PARAM_TABLE: ParamTable = [
  { name: 'players', kind: 'int', default: 1000, min: 1, max: 20_000, doc: 'players on the board (the memcached board is one item, hence the cap)' },
  { name: 'incrRatio', kind: 'number', default: 0.8, min: 0, max: 1, doc: 'fraction of operations that add to a score' },
  { name: 'topRatio', kind: 'number', default: 0.1, min: 0, max: { text: '1 − incrRatio', of: (p) => 1 - (p['incrRatio'] as number) }, doc: 'fraction that read the top 10; the rest ask for a rank' },
];

function resolve(params: WorkloadParams): LeaderboardParams {
  return resolveParamTable(PARAM_TABLE, params) as unknown as LeaderboardParams;
}

class LeaderboardInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_INCR;
  private readonly native: boolean;
  private readonly names: string[];
  private readonly players: ScrambledZipfianDistribution;
  /** Ground truth: the sum of this thread's increments per player id (its own players only). */
  private readonly truth = new Map<number, number>();

  private incrs = 0;
  private casRetries = 0;
  private maxRetries = 0;
  private boardBytes = 0;
  /** The emulation's latest client-side answers (kept so the work is observable in a debugger). */
  lastTop: [string, number][] = [];
  lastRank = -1;

  constructor(
    private readonly params: LeaderboardParams,
    private readonly ctx: WorkloadContext,
  ) {
    this.native = ctx.mode.kind === 'native';
    if (params.players < ctx.threadCount) {
      throw new WorkloadParamError('players', `must be at least the thread count (${ctx.threadCount}): each thread owns its own players`);
    }
    this.names = Array.from({ length: params.players }, (_, i) => `p${i}`);
    this.players = new ScrambledZipfianDistribution(params.players, ZIPFIAN_CONSTANT, ctx.rng);
  }

  /** The board starts empty: thread 0 deletes what an earlier run left (no thread writes during preload). */
  async preload(engine: Engine): Promise<void> {
    if (this.ctx.threadIndex === 0) await deleteKeys(engine, [BOARD_KEY]);
  }

  onMeasureStart(): void {
    this.incrs = this.casRetries = this.maxRetries = 0;
  }

  step(engine: Engine): number | Promise<number> {
    const rng = this.ctx.rng;
    const r = rng.nextFast();
    if (r < this.params.incrRatio) {
      this.lastKind = OP_INCR;
      const player = this.ownPlayer(this.players.next());
      const delta = 1 + rng.int(MAX_DELTA);
      // Counted before the engine call: an increment the engine acknowledges must be in the truth.
      this.truth.set(player, (this.truth.get(player) ?? 0) + delta);
      this.incrs++;
      if (this.native) return this.nativeIncr(engine, player, delta);
      return drive(this.casIncr(engine, player, delta));
    }
    if (r < this.params.incrRatio + this.params.topRatio) {
      this.lastKind = OP_TOP;
      if (this.native) return mapReply(engine.redis!.call(['ZREVRANGE', BOARD_KEY, '0', String(TOP_N - 1), 'WITHSCORES']), OP_TOP);
      return drive(this.emulatedTop(engine));
    }
    this.lastKind = OP_RANK;
    const player = this.names[this.players.next()]!;
    if (this.native) return mapReply(engine.redis!.call(['ZREVRANK', BOARD_KEY, player]), OP_RANK);
    return drive(this.emulatedRank(engine, player));
  }

  /** The player id owned by this thread nearest to `id`. */
  private ownPlayer(id: number): number {
    const tc = this.ctx.threadCount;
    let own = id - (id % tc) + this.ctx.threadIndex;
    if (own >= this.params.players) own -= tc;
    return own < 0 ? this.ctx.threadIndex % this.params.players : own;
  }

  private nativeIncr(engine: Engine, player: number, delta: number): number | Promise<number> {
    return mapReply(engine.redis!.call(['ZINCRBY', BOARD_KEY, String(delta), this.names[player]!]), OP_INCR);
  }

  private *casIncr(engine: Engine, player: number, delta: number): ScenarioOp {
    const { retries, boardBytes } = yield* casBoardIncr(engine.memcached!, BOARD_KEY, this.names[player]!, delta);
    if (boardBytes > 0) this.boardBytes = boardBytes;
    this.casRetries += retries;
    if (retries > this.maxRetries) this.maxRetries = retries;
    return OP_INCR;
  }

  private *emulatedTop(engine: Engine): ScenarioOp {
    this.lastTop = yield* readBoard(engine, false, BOARD_KEY, TOP_N);
    return OP_TOP;
  }

  private *emulatedRank(engine: Engine, player: string): ScenarioOp {
    const item = (yield engine.memcached!.get(BOARD_KEY)) as McValue | null;
    this.lastRank = -1;
    if (item !== null) {
      const board = parseBoard(item.value);
      const mine = board.get(player);
      if (mine !== undefined) {
        let rank = 0;
        for (const score of board.values()) if (score > mine) rank++;
        this.lastRank = rank;
      }
    }
    return OP_RANK;
  }

  domain(): DomainFigures {
    return {
      figures: threadFigures(FIGURES, {
        players: this.params.players,
        incrs: this.incrs,
        casRetries: this.casRetries,
        maxRetriesForOneIncr: this.maxRetries,
        boardBytes: this.boardBytes,
      }),
      notes: [this.native ? 'native: ZINCRBY / ZREVRANGE WITHSCORES / ZREVRANK' : `emulated: ${EMULATION.description}`],
    };
  }

  async check(engine: Engine): Promise<CheckResult[]> {
    const board = await runToValue(readBoard(engine, this.native, BOARD_KEY, -1));
    const scores = new Map(board);
    const tc = this.ctx.threadCount;
    let wrong = 0;
    const wrongExamples: string[] = [];
    let own = 0;
    for (let id = this.ctx.threadIndex; id < this.params.players; id += tc) {
      const expected = this.truth.get(id) ?? 0;
      const actual = scores.get(this.names[id]!) ?? 0;
      own++;
      if (actual !== expected) {
        wrong++;
        if (wrongExamples.length < 3) wrongExamples.push(`${this.names[id]} has ${actual}, increments sum to ${expected}`);
      }
    }
    // The engine's top 10 against this thread's ground truth: right scores, in order, and none
    // of this thread's players left out while truly scoring above the 10th place.
    const top = board.slice(0, TOP_N);
    const problems: string[] = [];
    for (let i = 0; i < top.length; i++) {
      const [name, score] = top[i]!;
      if (!Number.isFinite(score) || !/^p\d+$/.test(name)) {
        problems.push(`place ${i + 1} is not a player with a score: ${JSON.stringify(top[i])}`);
        continue;
      }
      if (i > 0 && score > top[i - 1]![1]) problems.push(`place ${i + 1} (${name}, ${score}) above place ${i}`);
      const id = Number(name.slice(1));
      if (id % tc === this.ctx.threadIndex && (this.truth.get(id) ?? 0) !== score) {
        problems.push(`${name} at place ${i + 1} with ${score}, truly ${this.truth.get(id) ?? 0}`);
      }
    }
    const floor = top.length < TOP_N ? -Infinity : top[top.length - 1]![1];
    const inTop = new Set(top.map(([name]) => name));
    for (const [id, total] of this.truth) {
      if (total > floor && !inTop.has(this.names[id]!)) problems.push(`${this.names[id]} truly has ${total}, above 10th place ${floor}, but is not in the top 10`);
    }
    return [
      {
        name: 'every score equals the sum of its increments',
        passed: wrong === 0,
        detail: wrong === 0 ? `${own} players checked` : `${wrong} of ${own} players wrong: ${wrongExamples.join('; ')}`,
      },
      {
        name: 'top 10 equals the ground truth',
        passed: problems.length === 0,
        detail: problems.length === 0 ? `top 10: ${top.map(([n, s]) => `${n}=${s}`).join(', ')}` : problems.slice(0, 3).join('; '),
      },
    ];
  }
}

/** The op kind once the reply is in; an error reply (WRONGTYPE…) fails the op so it is counted. */
function mapReply(reply: Reply | Promise<Reply>, kind: number): number | Promise<number> {
  if (reply instanceof Promise) return reply.then((r) => (failOnError(r, OP_KINDS[kind]!), kind));
  failOnError(reply, OP_KINDS[kind]!);
  return kind;
}

const EMULATION = { family: 'memcached' as const, description: 'CAS read-modify-write loop over a JSON board in one item', usesCommands: true };

/** leaderboard's figures (`figure-table.ts`). */
export const FIGURES = defineFigures([
  { name: 'players', unit: 'count', merge: 'last', doc: 'players on the board (the players parameter)' },
  { name: 'incrs', unit: 'count', merge: 'sum', doc: 'score increments' },
  { name: 'casRetries', unit: 'count', merge: 'sum', doc: 'compare-and-set attempts that lost a race and retried (emulation only; 0 native)' },
  { name: 'casRetriesPerIncr', unit: 'number', merge: { ratio: ['casRetries', 'incrs'] }, doc: 'retries per increment' },
  { name: 'maxRetriesForOneIncr', unit: 'count', merge: 'max', doc: 'most retries one increment needed' },
  { name: 'boardBytes', unit: 'bytes', merge: 'max', doc: 'size of the emulated board item as last written (the largest over threads; 0 native)' },
]);

export const leaderboardWorkload: WorkloadFactory = {
  name: 'leaderboard',
  description: 'ZINCRBY scores, top 10 with scores, a player’s rank; memcached: CAS loop over a serialized board',
  needs: ['sortedSets'],
  emulations: [EMULATION],
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new LeaderboardInstance(resolve(params), ctx),
};
