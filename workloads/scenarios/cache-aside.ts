/**
 * Cache-aside in front of a real database: a `users` table generated from the seed lives in
 * Postgres (embedded PGlite by default, or a server given by `db=postgres://…`). A read GETs the
 * cache; on a miss it queries the database and fills the cache with a TTL. An optional write path
 * updates the row and then invalidates (DEL) or overwrites (SET) the cached copy.
 *
 * Figures: hit ratio over time (cold start to warm), cache-hit vs database-read latency and their
 * measured ratio beside the folklore claim that memory is 100,000× faster than the database,
 * database queries saved. Check: every cached row equals the database row.
 *
 * Fills use `add` (SET NX / memcached add), so a fill that read the database before a concurrent
 * write can never overwrite the writer's newer SET; in `invalidate` mode the classic race (fill
 * lands after the writer's DEL) is closed within a thread by deleting again, and across threads
 * it is what the check reports — the staleness is real, not a test artefact.
 */
import { performance } from 'node:perf_hooks';
import type { Bytes, Engine } from '../../engines/types.js';
import type { DomainFigures, DomainSeries } from '../../shared/result-types.js';
import { ScrambledZipfianDistribution } from '../distributions/scrambled-zipfian.js';
import { UniformDistribution } from '../distributions/uniform.js';
import type { KeyDistribution } from '../distributions/key-distribution.js';
import { ZIPFIAN_CONSTANT } from '../distributions/zipfian.js';
import { WorkloadParamError, type CheckResult, type WorkloadContext, type WorkloadFactory, type WorkloadInstance, type WorkloadParams } from '../types.js';
import { IntervalBuckets, TIME_AXIS } from './support/buckets.js';
import { openDatabase, type Database } from '../database/database.js';
import { serializeRow, UsersTable, type UserRow } from '../database/users-table.js';
import { clip } from './support/detail.js';
import { deleteKeys } from './support/cleanup.js';
import { drive, runToValue, type ScenarioOp } from './support/drive.js';
import { LatencyTracker } from './support/latency.js';
import { ratio, sumSeries } from './support/merge.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';

const OP_HIT = 0;
const OP_MISS = 1;
const OP_WRITE = 2;
const OP_KINDS = ['hit', 'miss', 'write'] as const;

/** The folklore figure the report sets the measured ratio beside. */
export const CLAIMED_MEMORY_OVER_DATABASE = 100_000;

const DISTRIBUTIONS = ['zipfian', 'uniform'] as const;
const WRITE_POLICIES = ['invalidate', 'update'] as const;
/** Keys per MGET while checking. */
const CHECK_BATCH = 500;
const MAX_TTL_MS = 30 * 24 * 3600 * 1000;

interface CacheAsideParams {
  rows: number;
  distribution: (typeof DISTRIBUTIONS)[number];
  ttlMs: number;
  writeRatio: number;
  writePolicy: (typeof WRITE_POLICIES)[number];
  db: string;
}

const PARAM_TABLE: ParamTable = [
  { name: 'rows', kind: 'int', default: 10_000, min: 10, max: 1_000_000, doc: 'rows in the users table' },
  { name: 'distribution', kind: 'enum', default: 'zipfian', values: DISTRIBUTIONS, doc: "which rows are read (zipfian is YCSB's θ=0.99)" },
  { name: 'ttlMs', kind: 'int', default: 60_000, min: 0, max: MAX_TTL_MS, unit: 'ms', doc: 'TTL of cached rows, 0 = none' },
  { name: 'writeRatio', kind: 'number', default: 0, min: 0, max: 1, doc: 'fraction of operations that update a row (0: read-only)' },
  { name: 'writePolicy', kind: 'enum', default: 'invalidate', values: WRITE_POLICIES, doc: 'what happens to the cached copy after a row update' },
  { name: 'db', kind: 'string', default: '', doc: "'' for embedded PGlite, or a postgres://user:pass@127.0.0.1/db URL" },
];

function resolve(params: WorkloadParams): CacheAsideParams {
  const p = resolveParamTable(PARAM_TABLE, params) as unknown as CacheAsideParams;
  if (p.db !== '' && !/^postgres(ql)?:\/\//.test(p.db)) {
    throw new WorkloadParamError('db', `must be '' (embedded PGlite) or a postgres:// URL, got ${JSON.stringify(p.db)}`);
  }
  return p;
}

let tableSerial = 0;

class CacheAsideInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_HIT;

  private db: Database | undefined;
  private readonly ready: Promise<void>;
  private isReady = false;
  private readonly table: UsersTable;
  private readonly keys: Bytes[];
  private readonly distribution: KeyDistribution;
  /** With one embedded database per thread and writes on, each thread keeps to its own rows. */
  private readonly partitioned: boolean;
  private readonly writesInFlight = new Set<number>();
  /** Row id → writes this instance made, to detect a fill that raced a write (invalidate mode). */
  private readonly writeEpochs = new Map<number, number>();
  private readonly writtenRows = new Set<number>();

  private hits = 0;
  private misses = 0;
  private writes = 0;
  private refills = 0;
  private readonly cacheHit = new LatencyTracker();
  private readonly dbRead = new LatencyTracker();
  private hitBuckets: IntervalBuckets;
  private missBuckets: IntervalBuckets;

  constructor(
    private readonly params: CacheAsideParams,
    private readonly ctx: WorkloadContext,
  ) {
    this.keys = new Array<Bytes>(params.rows);
    for (let i = 0; i < params.rows; i++) this.keys[i] = `ca:user:${i}`;
    this.distribution =
      params.distribution === 'zipfian'
        ? new ScrambledZipfianDistribution(params.rows, ZIPFIAN_CONSTANT, ctx.rng)
        : new UniformDistribution(params.rows, ctx.rng);
    this.table = new UsersTable(params.db === '' ? `cache_aside_${++tableSerial}` : `cachebench_cache_aside_${ctx.seed}_${params.rows}`);
    this.partitioned = params.db === '' && ctx.threadCount > 1 && params.writeRatio > 0;
    const now = performance.now();
    this.hitBuckets = new IntervalBuckets(now, this.ctx.intervalMs);
    this.missBuckets = new IntervalBuckets(now, this.ctx.intervalMs);
    this.ready = this.openAndFill().then(() => {
      this.isReady = true;
    });
    // Surfaced by the first step, preload or check that awaits it; never an unhandled rejection.
    this.ready.catch(() => {});
  }

  private async openAndFill(): Promise<void> {
    this.db = await openDatabase(this.params.db, 4);
    await this.table.create(this.db, this.params.rows, this.ctx.seed);
  }

  /**
   * The database is ready before any measured operation, and the cache starts cold: each thread
   * deletes the cached copies of the rows it owns (a server keeps the last run's entries).
   */
  async preload(engine: Engine): Promise<void> {
    await this.ready;
    const tc = this.ctx.threadCount;
    await deleteKeys(engine, this.keys.filter((_, id) => id % tc === this.ctx.threadIndex));
  }

  onMeasureStart(): void {
    this.hits = this.misses = this.writes = this.refills = 0;
    this.cacheHit.reset();
    this.dbRead.reset();
    const now = performance.now();
    this.hitBuckets = new IntervalBuckets(now, this.ctx.intervalMs);
    this.missBuckets = new IntervalBuckets(now, this.ctx.intervalMs);
  }

  step(engine: Engine): number | Promise<number> {
    if (!this.isReady) return this.ready.then(() => this.step(engine));
    if (this.params.writeRatio > 0 && this.ctx.rng.nextFast() < this.params.writeRatio) {
      this.lastKind = OP_WRITE;
      return this.write(engine, this.ownedRow(this.distribution.next()));
    }
    this.lastKind = OP_HIT;
    let id = this.distribution.next();
    if (this.partitioned) id = this.ownedRow(id);
    const key = this.keys[id]!;
    const start = performance.now();
    const cached = engine.kv.get(key);
    if (typeof cached === 'string') {
      // Sync hit: the common case on an in-process engine stays free of Promises and generators.
      this.recordHit(start);
      return OP_HIT;
    }
    if (cached === null) return drive(this.fill(engine, id));
    return cached.then((value) => {
      if (value !== null) {
        this.recordHit(start);
        return OP_HIT;
      }
      return drive(this.fill(engine, id));
    });
  }

  private recordHit(startMs: number): void {
    const now = performance.now();
    this.cacheHit.recordSinceMs(startMs, now);
    this.hits++;
    this.hitBuckets.add(1, now);
  }

  /** The row owned by this thread nearest to `id` (threads own rows by id modulo thread count). */
  private ownedRow(id: number): number {
    const tc = this.ctx.threadCount;
    let owned = id - (id % tc) + this.ctx.threadIndex;
    if (owned >= this.params.rows) owned -= tc;
    if (owned < 0) owned = this.ctx.threadIndex;
    // Never two writes to one row in flight from this instance: their SETs could land out of order.
    // Bounded: with more writes in flight than owned rows, the last candidate is taken anyway.
    for (let tries = this.params.rows; tries > 0 && this.writesInFlight.has(owned); tries -= tc) {
      owned += tc;
      if (owned >= this.params.rows) owned = this.ctx.threadIndex;
    }
    return owned;
  }

  private *fill(engine: Engine, id: number): ScenarioOp {
    this.lastKind = OP_MISS;
    const key = this.keys[id]!;
    const epoch = this.writeEpochs.get(id) ?? 0;
    const start = performance.now();
    const rows = (yield this.db!.query<UserRow>(this.table.selectSql, [id])) as UserRow[];
    const now = performance.now();
    this.dbRead.recordSinceMs(start, now);
    this.misses++;
    this.missBuckets.add(1, now);
    const row = rows[0];
    if (!row) throw new Error(`cache-aside: row ${id} missing from ${this.table.name}`);
    yield engine.kv.add(key, serializeRow(row), this.params.ttlMs);
    if (this.params.writePolicy === 'invalidate' && (this.writeEpochs.get(id) ?? 0) !== epoch) {
      // A write to this row finished while we read the database: our fill may be stale, drop it.
      this.refills++;
      yield engine.kv.del(key);
    }
    return OP_MISS;
  }

  private write(engine: Engine, id: number): number | Promise<number> {
    this.writesInFlight.add(id);
    return drive(this.writeRow(engine, id));
  }

  private *writeRow(engine: Engine, id: number): ScenarioOp {
    try {
      const rows = (yield this.db!.query<UserRow>(this.table.updateSql, [id])) as UserRow[];
      const row = rows[0];
      if (!row) throw new Error(`cache-aside: row ${id} missing from ${this.table.name}`);
      if (this.params.writePolicy === 'update') yield engine.kv.set(this.keys[id]!, serializeRow(row), this.params.ttlMs);
      else yield engine.kv.del(this.keys[id]!);
      this.writeEpochs.set(id, (this.writeEpochs.get(id) ?? 0) + 1);
      this.writtenRows.add(id);
      this.writes++;
      return OP_WRITE;
    } finally {
      this.writesInFlight.delete(id);
    }
  }

  domain(): DomainFigures {
    return {
      figures: threadFigures(FIGURES, {
        hits: this.hits,
        misses: this.misses,
        writes: this.writes,
        dbQueries: this.misses + this.writes,
        dbQueriesSaved: this.hits,
        raceRefills: this.refills,
        claimedMemoryOverDatabase: CLAIMED_MEMORY_OVER_DATABASE,
      }),
      latencies: { cacheHit: this.cacheHit.summary(), dbRead: this.dbRead.summary() },
      series: {
        hits: { xLabel: TIME_AXIS, yLabel: 'hits', points: this.hitBuckets.points() },
        misses: { xLabel: TIME_AXIS, yLabel: 'misses', points: this.missBuckets.points() },
      },
      notes: [this.dbNote()],
    };
  }

  private dbNote(): string {
    return this.params.db === ''
      ? `database: embedded PGlite, one per thread${this.partitioned ? '; rows partitioned by thread because writes are on' : ''}`
      : 'database: Postgres server';
  }

  async check(engine: Engine): Promise<CheckResult[]> {
    await this.ready;
    const tc = this.ctx.threadCount;
    const ids: number[] = [];
    for (let id = 0; id < this.params.rows; id++) {
      if (this.partitioned && id % tc !== this.ctx.threadIndex) continue;
      ids.push(id);
    }
    let stale = 0;
    let cached = 0;
    const examples: string[] = [];
    for (let start = 0; start < ids.length; start += CHECK_BATCH) {
      const batch = ids.slice(start, start + CHECK_BATCH);
      const rows = await this.db!.query<UserRow>(this.table.selectManySql, [batch]);
      const values = await runToValue(
        (function* () {
          return (yield engine.kv.mget(batch.map((id) => `ca:user:${id}`))) as (Bytes | null)[];
        })(),
      );
      for (let i = 0; i < batch.length; i++) {
        const value = values[i];
        if (value === null || value === undefined) continue;
        cached++;
        const row = rows[i];
        const expected = row ? serializeRow(row) : '(no row)';
        if (value !== expected) {
          stale++;
          if (examples.length < 3) examples.push(clip(`row ${batch[i]}: cache ${value} ≠ database ${expected}`));
        }
      }
    }
    return [
      {
        name: 'cache matches database',
        passed: stale === 0,
        detail:
          stale === 0
            ? `${cached} cached rows of ${ids.length} checked all equal the database (${this.writtenRows.size} rows written)`
            : `${stale} of ${cached} cached rows are stale: ${examples.join('; ')}`,
      },
    ];
  }

  async close(): Promise<void> {
    try {
      await this.ready;
    } catch {
      return;
    }
    if (this.db?.kind === 'embedded') await this.db.exec(`DROP TABLE IF EXISTS ${this.table.name}`);
    await this.db?.close();
  }
}

/** The run's curves: hits and misses per second over every thread, and the hit ratio they give. */
function curves(parts: readonly DomainFigures[]): Record<string, DomainSeries> {
  const empty: DomainSeries = { xLabel: TIME_AXIS, yLabel: 'count', points: [] };
  const hits = sumSeries(parts, 'hits') ?? empty;
  const misses = sumSeries(parts, 'misses') ?? empty;
  const missByX = new Map(misses.points.map((p) => [p.x, p.y]));
  const hitsByX = new Map(hits.points.map((p) => [p.x, p.y]));
  const xs = new Set([...hitsByX.keys(), ...missByX.keys()]);
  const hitRatioPoints = [...xs]
    .sort((a, b) => a - b)
    .map((x) => ({ x, y: ratio(hitsByX.get(x) ?? 0, (hitsByX.get(x) ?? 0) + (missByX.get(x) ?? 0)) }));
  return { hits, misses, 'hit ratio': { xLabel: TIME_AXIS, yLabel: 'hit ratio', points: hitRatioPoints } };
}

/** cache-aside's figures (`figure-table.ts`). */
export const FIGURES = defineFigures([
  { name: 'hits', unit: 'count', merge: 'sum', doc: 'reads answered by the cache' },
  { name: 'misses', unit: 'count', merge: 'sum', doc: 'reads that went to the database and refilled the cache' },
  { name: 'writes', unit: 'count', merge: 'sum', doc: 'row updates written to the database (the cached copy then deleted or rewritten, by writePolicy)' },
  // A change that makes the cache serve fewer hits is a regression even at equal speed.
  { name: 'hitRatio', unit: 'fraction', merge: { ratio: ['hits', ['hits', 'misses']] }, doc: 'hits ÷ reads', better: 'higher' },
  { name: 'dbQueries', unit: 'count', merge: 'sum', doc: 'queries the database served (misses + writes)' },
  { name: 'dbQueriesSaved', unit: 'count', merge: 'sum', doc: 'queries the cache spared the database (one per hit)' },
  { name: 'raceRefills', unit: 'count', merge: 'sum', doc: 'refills dropped again because a write to the row finished during the database read (invalidate policy)' },
  { name: 'cacheHitMeanNs', unit: 'ns', merge: { latency: 'cacheHit', stat: 'mean' }, doc: 'mean time of a read the cache answered' },
  { name: 'dbReadMeanNs', unit: 'ns', merge: { latency: 'dbRead', stat: 'mean' }, doc: 'mean time of the database query of a miss' },
  { name: 'cacheHitP50Ns', unit: 'ns', merge: { latency: 'cacheHit', stat: 'p50' }, doc: 'median cache hit', hidden: true },
  { name: 'dbReadP50Ns', unit: 'ns', merge: { latency: 'dbRead', stat: 'p50' }, doc: 'median database read', hidden: true },
  { name: 'dbOverCacheLatency', unit: 'times', merge: { ratio: ['dbReadMeanNs', 'cacheHitMeanNs'] }, doc: 'how many times slower a database read is than a cache hit (means)' },
  { name: 'dbOverCacheLatencyP50', unit: 'times', merge: { ratio: ['dbReadP50Ns', 'cacheHitP50Ns'] }, doc: 'the same, of the medians' },
  { name: 'claimedMemoryOverDatabase', unit: 'times', merge: 'last', doc: 'the folklore figure ("RAM is 100,000× faster than the database") set beside the measured one' },
]);

export const cacheAsideWorkload: WorkloadFactory = {
  name: 'cache-aside',
  description: 'cache in front of Postgres (PGlite or a server): get → on miss query → set with TTL; hit ratio, DB÷cache latency',
  needs: ['strings'],
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new CacheAsideInstance(resolve(params), ctx),
  summarize: (parts) => ({ series: curves(parts) }),
};
