/**
 * The `kv` workload: memtier-style GET/SET traffic over a key space. Each step draws SET or GET
 * by the set:get ratio, a key index from the key distribution and (for SET) a value length,
 * then makes one engine call. Preload fills the store first so GETs hit; misses are counted and
 * reported as the hit ratio, overall and per interval (the `hit ratio` curve: a cold cache warming,
 * keys expiring, an engine evicting).
 *
 * Decisions worth knowing:
 * - `dataSize` defaults to 32 bytes, memtier's default, because `ratio` (1:10) and the flag names
 *   follow memtier too: a `kv` run is comparable with a memtier run of the same flags.
 * - Preload is partitioned: the runner calls `preload` in every thread, and thread t of n fills
 *   keys [t·P/n, (t+1)·P/n) of the P preloaded keys, so threads preload in parallel and together
 *   cover [0, P) exactly once. `preload` as a fraction f preloads the first round(f·keys) keys.
 * - `guaranteedHit` draws GET keys only from the preloaded keys (the distribution runs over
 *   [0, P) instead of the whole space); SETs still use the whole space. A TTL or an engine's
 *   eviction can still make such a GET miss, and the check at the end reports it.
 * - A single `keyPattern` builds one distribution for SETs and another for GETs (each with its
 *   own stream); memtier's pair form `S:R` gives SETs and GETs different patterns.
 * - Keys are `keyPrefix + index`, built once when the instance is created and kept in an array,
 *   so no key string is made per operation (above KEY_CACHE_LIMIT keys they are built per
 *   operation instead, to bound memory).
 * - All randomness comes from forks of the thread's stream, one per concern, so the operation
 *   stream for a (seed, thread) pair is the same whether or not preload or warm-up ran before.
 */
import type { Awaitable, Bytes, Engine, KvLanes } from '../engines/types.js';
import { performance } from 'node:perf_hooks';
import type { DomainFigures, DomainSeries } from '../shared/result-types.js';
import { type KeyDistribution } from './distributions/key-distribution.js';
import {
  createKeyDistribution,
  formatKeyDistribution,
  KEY_DISTRIBUTION_FORMS,
  parseKeyDistribution,
  threadSlice,
  type KeyDistributionSpec,
} from './distributions/spec.js';
import type { Rng } from '../shared/rng.js';
import { describeParam, wholeNumberParam } from './param-text.js';
import { IntervalBuckets, TIME_AXIS } from './scenarios/support/buckets.js';
import { sumSeries } from './scenarios/support/merge.js';
import { defineFigures, threadFigures } from './figure-table.js';
import { ValuePool } from './values/pool.js';
import { createValueSize, formatValueSize, parseValueSize, VALUE_SIZE_FORMS } from './values/spec.js';
import type { ValueSize } from './values/value-size.js';
import {
  WorkloadParamError,
  type CheckResult,
  type WorkloadContext,
  type WorkloadFactory,
  type WorkloadInstance,
  type WorkloadParams,
} from './types.js';
import { KV_STREAM } from '../shared/stream-ids.js';
import { PARAM_PARSERS, paramDocs, rejectUnknownParams, type ParamSpec, type ParamTable } from './param-table.js';

/** Key strings are built once, up front, for key spaces up to this size (≈ 40 MB per thread). */
export const KEY_CACHE_LIMIT = 1024 * 1024;
/** Largest key space: keys are indices hashed in 37-bit arithmetic, and a billion is plenty. */
export const MAX_KEYS = 1_000_000_000;
/** memcached's key limit is 250 bytes; leave room for the index digits. */
const MAX_PREFIX_BYTES = 200;
/** Outstanding writes during an async engine's preload. */
const PRELOAD_WINDOW = 256;
/**
 * Steps between readings of the clock for the hit-ratio curve: the hot path only counts down,
 * and a reading every 256 steps costs a fraction of a nanosecond per step.
 */
const CURVE_SAMPLE_EVERY = 256;

const GET = 0;
const SET = 1;
const OP_KINDS = ['get', 'set'] as const;

/** Fork ids of the thread's stream, one per concern; fixed so streams stay reproducible. */
const STREAM = KV_STREAM;

/**
 * The kv parameter table: every default, bound and doc stated once. The text parameters (ratio,
 * key pattern, value size, preload) have grammars of their own, parsed in `parseKvParams`.
 */
export const KV_PARAM_TABLE = [
  { name: 'ratio', kind: 'text', default: '1:10', doc: "SET:GET ratio like memtier's --ratio" },
  { name: 'keys', kind: 'int', default: 100_000, min: 1, max: MAX_KEYS, doc: 'size of the key space' },
  { name: 'keyPrefix', kind: 'string', default: 'key:', doc: `prefix of every key name (up to ${MAX_PREFIX_BYTES} bytes, no spaces)` },
  { name: 'keyPattern', kind: 'text', default: 'uniform', doc: `key distribution: ${KEY_DISTRIBUTION_FORMS}; or a memtier SET:GET pair like S:R` },
  { name: 'dataSize', kind: 'text', default: '32', unit: "bytes, memtier's", doc: `value size: ${VALUE_SIZE_FORMS}` },
  { name: 'ttlMs', kind: 'int', default: 0, min: 0, max: 2 ** 31 - 1, unit: 'ms', doc: 'expiry of every written key, 0 = none' },
  { name: 'preload', kind: 'text', default: 'all', doc: 'keys written before measuring: all, none, or a fraction 0..1 of the key space' },
  { name: 'guaranteedHit', kind: 'bool', default: false, doc: 'GETs only touch preloaded keys' },
] as const satisfies ParamTable;

type KvTableDefaults = { readonly [S in (typeof KV_PARAM_TABLE)[number] as S['name']]: S['default'] };
/** Each kv parameter's default, from the table (the run command's help reads these). */
export const KV_DEFAULTS = Object.fromEntries(KV_PARAM_TABLE.map((s) => [s.name, s.default])) as unknown as KvTableDefaults;

const PARAM_DOCS: Readonly<Record<string, string>> = paramDocs(KV_PARAM_TABLE);
const specOf = (name: (typeof KV_PARAM_TABLE)[number]['name']): ParamSpec => KV_PARAM_TABLE.find((s) => s.name === name)!;

/** Parameters after validation, as `create` uses them. */
export interface KvParams {
  readonly setWeight: number;
  readonly getWeight: number;
  readonly keys: number;
  readonly keyPrefix: string;
  readonly setPattern: KeyDistributionSpec;
  readonly getPattern: KeyDistributionSpec;
  /** The memtier pair (`S:R`) when SETs and GETs were given separate patterns. */
  readonly patternPair: string | null;
  readonly dataSize: ReturnType<typeof parseValueSize>;
  readonly ttlMs: number;
  /** Number of keys preloaded: indices [0, preloadKeys). */
  readonly preloadKeys: number;
  readonly guaranteedHit: boolean;
}

const MEMTIER_PAIR = /^[RSGPZ]:[RSGPZ]$/;

/** Validate loosely typed parameters into `KvParams`; every failure names its field. */
export function parseKvParams(params: WorkloadParams): KvParams {
  rejectUnknownParams(params, KV_PARAM_TABLE, 'kv');
  const ratioText = String(params['ratio'] ?? KV_DEFAULTS.ratio).trim();
  const ratio = /^(\d+):(\d+)$/.exec(ratioText);
  if (!ratio || (Number(ratio[1]) === 0 && Number(ratio[2]) === 0)) {
    throw new WorkloadParamError(
      'ratio',
      `expected SET:GET like 1:10 (two whole numbers, not both 0; 0:1 = only GETs, 1:0 = only SETs), got '${ratioText}'`,
    );
  }
  const keysSpec = specOf('keys');
  const keys = wholeNumberParam(params['keys'] ?? KV_DEFAULTS.keys, 'keys', keysSpec.min as number, keysSpec.max as number);
  const keyPrefix = params['keyPrefix'] ?? KV_DEFAULTS.keyPrefix;
  if (typeof keyPrefix !== 'string' || keyPrefix.length > MAX_PREFIX_BYTES || /[^\x21-\xff]/.test(keyPrefix)) {
    throw new WorkloadParamError(
      'keyPrefix',
      `expected up to ${MAX_PREFIX_BYTES} bytes without spaces or control characters (memcached keys), got ${String(keyPrefix)}`,
    );
  }
  const patternText = params['keyPattern'] ?? KV_DEFAULTS.keyPattern;
  let setPattern: KeyDistributionSpec;
  let getPattern: KeyDistributionSpec;
  let patternPair: string | null = null;
  if (typeof patternText === 'string' && MEMTIER_PAIR.test(patternText.trim())) {
    patternPair = patternText.trim();
    const [s, g] = patternPair.split(':');
    setPattern = parseKeyDistribution(s, 'keyPattern');
    getPattern = parseKeyDistribution(g, 'keyPattern');
  } else {
    setPattern = getPattern = parseKeyDistribution(patternText, 'keyPattern');
  }
  const dataSize = parseValueSize(params['dataSize'] ?? KV_DEFAULTS.dataSize, 'dataSize');
  const ttlSpec = specOf('ttlMs');
  const ttlMs = wholeNumberParam(params['ttlMs'] ?? KV_DEFAULTS.ttlMs, 'ttlMs', ttlSpec.min as number, ttlSpec.max as number);
  const preloadRaw = params['preload'] ?? KV_DEFAULTS.preload;
  let preloadFraction: number;
  if (preloadRaw === 'all') preloadFraction = 1;
  else if (preloadRaw === 'none') preloadFraction = 0;
  else {
    const text = String(preloadRaw).trim();
    preloadFraction = /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    if (!(preloadFraction >= 0 && preloadFraction <= 1)) {
      throw new WorkloadParamError('preload', `expected all, none or a fraction from 0 to 1, got '${String(preloadRaw)}'`);
    }
  }
  const guaranteedHit = PARAM_PARSERS.bool(specOf('guaranteedHit'), params['guaranteedHit'] ?? KV_DEFAULTS.guaranteedHit, {}) as boolean;
  const preloadKeys = Math.round(preloadFraction * keys);
  if (guaranteedHit && preloadKeys === 0) {
    throw new WorkloadParamError('guaranteedHit', 'needs preloaded keys to hit; set preload to all or a fraction above 0');
  }
  return {
    setWeight: Number(ratio[1]),
    getWeight: Number(ratio[2]),
    keys,
    keyPrefix,
    setPattern,
    getPattern,
    patternPair,
    dataSize,
    ttlMs,
    preloadKeys,
    guaranteedHit,
  };
}

/** The parameter set recorded in results: every field, defaults filled in, canonical forms. */
function recordedParams(p: KvParams, preload: unknown): WorkloadParams {
  return {
    ratio: `${p.setWeight}:${p.getWeight}`,
    keys: p.keys,
    keyPrefix: p.keyPrefix,
    keyPattern: p.patternPair ?? formatKeyDistribution(p.setPattern),
    dataSize: formatValueSize(p.dataSize),
    ttlMs: p.ttlMs,
    preload,
    guaranteedHit: p.guaranteedHit,
  };
}

/**
 * Key names by index. Up to KEY_CACHE_LIMIT keys they are all built up front, in index order:
 * a step then costs one array read, and strings laid out in order stay cheaper to reach at
 * random than ones built lazily in random order (measured: ~3× on a 100k key space). Larger key
 * spaces build `keyPrefix + index` per operation instead, to bound memory per thread.
 */
class KeyNames {
  private readonly cache: string[] | null;

  constructor(
    private readonly prefix: string,
    keys: number,
  ) {
    if (keys <= KEY_CACHE_LIMIT) {
      // Grown by push: V8 gives `new Array(n)` of large n slow dictionary elements.
      const cache: string[] = [];
      for (let i = 0; i < keys; i++) cache.push(prefix + i);
      this.cache = cache;
    } else {
      this.cache = null;
    }
  }

  at(index: number): string {
    const cache = this.cache;
    return cache === null ? this.prefix + index : cache[index]!;
  }
}

/**
 * Hits and misses per interval of the measured phase, for the hit-ratio curve (a cold cache
 * warming up, keys expiring, an engine evicting). Counts are moved into the interval they were
 * read in every CURVE_SAMPLE_EVERY steps, so no step reads the clock.
 */
class HitCurve {
  private hitsPerInterval: IntervalBuckets;
  private missesPerInterval: IntervalBuckets;
  private sampledHits = 0;
  private sampledMisses = 0;

  constructor(private readonly intervalMs: number | undefined) {
    this.hitsPerInterval = new IntervalBuckets(performance.now(), intervalMs);
    this.missesPerInterval = new IntervalBuckets(performance.now(), intervalMs);
  }

  restart(): void {
    const startMs = performance.now();
    this.hitsPerInterval = new IntervalBuckets(startMs, this.intervalMs);
    this.missesPerInterval = new IntervalBuckets(startMs, this.intervalMs);
    this.sampledHits = 0;
    this.sampledMisses = 0;
  }

  /** Credit the counts since the last sample to the current interval. */
  sample(hits: number, misses: number): void {
    const nowMs = performance.now();
    this.hitsPerInterval.add(hits - this.sampledHits, nowMs);
    this.missesPerInterval.add(misses - this.sampledMisses, nowMs);
    this.sampledHits = hits;
    this.sampledMisses = misses;
  }

  /** `hits` and `misses` per interval (x = end of the interval, s), the raw material `summarize` merges. */
  series(): Record<string, DomainSeries> {
    return {
      hits: { xLabel: TIME_AXIS, yLabel: 'hits', points: this.hitsPerInterval.points() },
      misses: { xLabel: TIME_AXIS, yLabel: 'misses', points: this.missesPerInterval.points() },
    };
  }
}

export class KvWorkload implements WorkloadInstance {
  readonly opKinds: readonly string[] = OP_KINDS;
  lastKind = GET;
  /** Key and value length of the latest step (value length 0 for a GET): for tracing and tests. */
  lastValueLength = 0;
  /** Index of the latest step's key (its name is `keyPrefix + index`). */
  private lastKeyIndex = 0;

  get lastKey(): string {
    return this.names.at(this.lastKeyIndex);
  }

  private readonly setFraction: number;
  private readonly opRng: Rng;
  private readonly setKeys: KeyDistribution;
  private readonly getKeys: KeyDistribution;
  private readonly sizes: ValueSize;
  private readonly pool: ValuePool;
  private readonly names: KeyNames;
  private readonly ttlMs: number;
  private hits = 0;
  private misses = 0;
  /** GET replies whose length the dataSize spec cannot produce (truncated or foreign values). */
  private wrongLength = 0;
  private readonly minLength: number;
  private readonly maxLength: number;
  private readonly curve: HitCurve;
  private untilCurveSample = CURVE_SAMPLE_EVERY;

  constructor(
    readonly params: KvParams,
    private readonly ctx: WorkloadContext,
  ) {
    const rng = ctx.rng;
    const placement = { threadIndex: ctx.threadIndex, threadCount: ctx.threadCount };
    this.curve = new HitCurve(ctx.intervalMs);
    this.setFraction = params.setWeight / (params.setWeight + params.getWeight);
    this.opRng = rng.fork(STREAM.op);
    this.setKeys = createKeyDistribution(params.setPattern, params.keys, rng.fork(STREAM.setKeys), placement);
    const getSpace = params.guaranteedHit ? params.preloadKeys : params.keys;
    this.getKeys = createKeyDistribution(params.getPattern, getSpace, rng.fork(STREAM.getKeys), placement);
    this.sizes = createValueSize(params.dataSize, rng.fork(STREAM.sizes));
    this.minLength = this.sizes.min;
    this.maxLength = this.sizes.max;
    this.pool = new ValuePool(this.sizes.max, rng.fork(STREAM.pool));
    this.names = new KeyNames(params.keyPrefix, params.keys);
    this.ttlMs = params.ttlMs;
  }

  /** The key name of an index (the same string object every time while cached). */
  keyName(index: number): string {
    return this.names.at(index);
  }

  /** The preloaded indices this thread writes: its slice of [0, preloadKeys). */
  preloadSlice(): { first: number; end: number } {
    return threadSlice(this.params.preloadKeys, this.ctx);
  }

  async preload(engine: Engine): Promise<void> {
    const { first, end } = this.preloadSlice();
    const kv = engine.kv;
    const sizes = createValueSize(this.params.dataSize, this.ctx.rng.fork(STREAM.preload));
    const offsets = this.ctx.rng.fork(STREAM.preloadOffsets);
    const ttlMs = this.ttlMs;
    if (engine.sync) {
      // A sync engine with lanes is the redis-style engine thread: a blocking SET per key there
      // is a futex round trip (~50 µs), so its preload is pipelined through the lane ring.
      if (engine.lanes !== undefined) return this.preloadThroughLanes(engine.lanes, first, end, () => this.pool.value(sizes.next(), offsets));
      for (let i = first; i < end; i++) kv.set(this.names.at(i), this.pool.value(sizes.next(), offsets), ttlMs);
      return;
    }
    const window: Promise<void>[] = [];
    for (let i = first; i < end; i++) {
      window.push(kv.set(this.names.at(i), this.pool.value(sizes.next(), offsets), ttlMs) as Promise<void>);
      if (window.length === PRELOAD_WINDOW) {
        await Promise.all(window);
        window.length = 0;
      }
    }
    await Promise.all(window);
  }

  /**
   * The preload's SETs with PRELOAD_WINDOW in flight on the engine's lanes, in key order (so
   * the values drawn are the sync loop's), as `prefix + index` when the lanes take that form.
   */
  private preloadThroughLanes(lanes: KvLanes, first: number, end: number, value: () => string): Promise<void> {
    const { ttlMs } = this;
    const prefix = this.params.keyPrefix;
    return new Promise<void>((resolve, reject) => {
      let next = first;
      let outstanding = 0;
      let failed = false;
      const onError = (err: unknown): void => {
        if (!failed) reject(err);
        failed = true;
      };
      const onDone = (): void => {
        outstanding--;
        if (failed) return;
        if (next < end) issue();
        else if (outstanding === 0) resolve();
      };
      const issue = (): void => {
        const i = next++;
        outstanding++;
        if (lanes.setAt !== undefined) lanes.setAt(0, prefix, i, value(), ttlMs, onDone, onError);
        else lanes.set(0, this.names.at(i), value(), ttlMs, onDone, onError);
      };
      if (first >= end) return resolve();
      while (next < end && outstanding < PRELOAD_WINDOW && !failed) issue();
    });
  }

  onMeasureStart(): void {
    this.hits = 0;
    this.misses = 0;
    this.wrongLength = 0;
    this.curve.restart();
    this.untilCurveSample = CURVE_SAMPLE_EVERY;
  }

  /**
   * The next operation's draw, shared by `step` and the callback lanes so both issue the same
   * operations for a seed: samples the hit curve, picks SET or GET and sets `lastKey` (and
   * `lastValueLength` for a SET).
   */
  private draw(): number {
    if (--this.untilCurveSample === 0) {
      this.untilCurveSample = CURVE_SAMPLE_EVERY;
      this.curve.sample(this.hits, this.misses);
    }
    if (this.opRng.nextFast() < this.setFraction) {
      this.lastKind = SET;
      this.lastKeyIndex = this.setKeys.next();
      this.lastValueLength = this.sizes.next();
      return SET;
    }
    this.lastKind = GET;
    this.lastValueLength = 0;
    this.lastKeyIndex = this.getKeys.next();
    return GET;
  }

  step(engine: Engine): Awaitable<number> {
    if (this.draw() === SET) {
      const pending = engine.kv.set(this.names.at(this.lastKeyIndex), this.pool.value(this.lastValueLength), this.ttlMs);
      return engine.sync ? SET : (pending as Promise<void>).then(this.setDone);
    }
    const reply = engine.kv.get(this.names.at(this.lastKeyIndex));
    if (!engine.sync) return (reply as Promise<Bytes | null>).then(this.getDone);
    this.countGet(reply as Bytes | null);
    return GET;
  }

  /**
   * The callback load path: the same draw as `step` (same streams, so the same operations for
   * a seed), a GET that reads only the reply's length (hit/miss and the length check need no
   * more), and callbacks built once per lane.
   */
  openLane(lanes: KvLanes, conn: number, done: (kind: number) => void, failed: (kind: number, err: unknown) => void): () => void {
    const onGet = (length: unknown): void => {
      this.countGetLength(length as number);
      done(GET);
    };
    const onSet = (): void => done(SET);
    const onGetError = (err: unknown): void => failed(GET, err);
    const onSetError = (err: unknown): void => failed(SET, err);
    const { getLengthAt, setAt } = lanes;
    if (getLengthAt !== undefined && setAt !== undefined) {
      // The driver writes `keyPrefix + index` itself: no key string is read per operation.
      const prefix = this.params.keyPrefix;
      return () => {
        if (this.draw() === SET) setAt.call(lanes, conn, prefix, this.lastKeyIndex, this.pool.value(this.lastValueLength), this.ttlMs, onSet, onSetError);
        else getLengthAt.call(lanes, conn, prefix, this.lastKeyIndex, onGet, onGetError);
      };
    }
    return () => {
      if (this.draw() === SET) lanes.set(conn, this.lastKey, this.pool.value(this.lastValueLength), this.ttlMs, onSet, onSetError);
      else lanes.getLength(conn, this.lastKey, onGet, onGetError);
    };
  }

  private countGetLength(length: number): void {
    if (length < 0) {
      this.misses++;
      return;
    }
    this.hits++;
    if (length < this.minLength || length > this.maxLength) this.wrongLength++;
  }

  private countGet(reply: Bytes | null): void {
    if (reply === null) {
      this.misses++;
      return;
    }
    this.hits++;
    const length = reply.length;
    if (length < this.minLength || length > this.maxLength) this.wrongLength++;
  }

  /** Bound once, so an async step allocates only the engine's own Promise and the `.then`. */
  private readonly getDone = (reply: Bytes | null): number => {
    this.countGet(reply);
    return GET;
  };

  private readonly setDone = (): number => SET;

  domain(): DomainFigures {
    this.curve.sample(this.hits, this.misses);
    return { figures: threadFigures(KV_FIGURES, { hits: this.hits, misses: this.misses }), series: this.curve.series() };
  }

  async check(): Promise<CheckResult[]> {
    if (this.ctx.family === 'null') return [];
    const checks: CheckResult[] = [];
    // Every key was written by this run's preload (so no value left by an earlier run with other
    // sizes can be read): a length the spec cannot produce is a truncated or corrupted value.
    if (this.params.preloadKeys === this.params.keys) {
      checks.push({
        name: 'value lengths',
        passed: this.wrongLength === 0,
        detail:
          this.wrongLength === 0
            ? `all ${this.hits} values read had a length the dataSize spec ${this.sizes.spec} allows`
            : `${this.wrongLength} of ${this.hits} values read had a length outside ${this.minLength}..${this.maxLength} bytes`,
      });
    }
    // Only meaningful when nothing may expire; evictions still count as a failure, on purpose.
    if (!this.params.guaranteedHit || this.params.ttlMs > 0) return checks;
    checks.push(
      {
        name: 'guaranteed hits',
        passed: this.misses === 0,
        detail:
          this.misses === 0
            ? `all ${this.hits} GETs of preloaded keys hit`
            : `${this.misses} of ${this.hits + this.misses} GETs of preloaded keys missed (evicted or lost writes)`,
      },
    );
    return checks;
  }
}

/** kv's figures (`figure-table.ts`); the `hit ratio` curve per second is merged in `summarize`. */
export const KV_FIGURES = defineFigures([
  { name: 'hits', unit: 'count', merge: 'sum', doc: 'GETs of the measured phase that found their key' },
  { name: 'misses', unit: 'count', merge: 'sum', doc: 'GETs of the measured phase that found nothing (never written, expired or evicted)' },
  { name: 'hitRatio', unit: 'fraction', merge: { ratio: ['hits', ['hits', 'misses']] }, doc: 'hits ÷ GETs (absent without GETs)' },
]);

export const kvWorkloadFactory: WorkloadFactory = {
  name: 'kv',
  description: 'memtier-style GET/SET mix over a key space with a chosen key distribution and value sizes',
  needs: ['strings'],
  params: PARAM_DOCS,
  paramTable: KV_PARAM_TABLE,
  figureTable: KV_FIGURES,
  resolveParams(params) {
    const parsed = parseKvParams(params);
    const preload = params['preload'] ?? KV_DEFAULTS.preload;
    return recordedParams(parsed, preload === 'all' || preload === 'none' ? preload : Number(preload));
  },
  create(params, ctx) {
    return new KvWorkload(parseKvParams(params), ctx);
  },
  summarize(parts) {
    // Per second over all threads (their measured phases start together, at the barrier).
    const hitsPerInterval = new Map((sumSeries(parts, 'hits')?.points ?? []).map(({ x, y }) => [x, y]));
    const curve = (sumSeries(parts, 'misses')?.points ?? [])
      .map(({ x, y: misses }) => ({ x, hits: hitsPerInterval.get(x) ?? 0, misses }))
      .filter((c) => c.hits + c.misses > 0)
      .map((c) => ({ x: c.x, y: c.hits / (c.hits + c.misses) }));
    return curve.length > 0 ? { series: { 'hit ratio': { xLabel: TIME_AXIS, yLabel: 'hit ratio', points: curve } } } : {};
  },
};

