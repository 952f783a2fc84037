/**
 * Objects with fields, stored two ways side by side, as the seed contrasts them:
 * - `hash`: one Redis hash per object; read a field with HGET, change one with HSET.
 * - `blob`: the whole object as JSON in one string; reading a field is GET + JSON.parse, changing
 *   one is GET + JSON.parse + modify + JSON.stringify + SET of the whole object.
 * Each step picks a layout and a read or an update, recorded under its own op kind
 * (`hash-read`, `blob-update`…), so one run shows the two costs beside each other. Memcached has
 * no hashes: there only the blob layout runs (the emulation).
 *
 * Thread i owns the objects whose id ≡ i (mod threads) and never has two updates of one object
 * in flight, so a blob's read-modify-write cannot race itself and the thread's model of every
 * field is exact. Checks: every read returned the modelled value, and at the end every object in
 * the engine equals the model, field by field.
 */
import type { Bytes, Engine, Reply } from '../../engines/types.js';
import { CapabilityError } from '../../engines/types.js';
import type { DomainFigures } from '../../shared/result-types.js';
import type { Rng } from '../../shared/rng.js';
import type { CheckResult, WorkloadContext, WorkloadFactory, WorkloadInstance, WorkloadParams } from '../types.js';
import { clip } from './support/detail.js';
import { drive, runToValue, type ScenarioOp } from './support/drive.js';
import { defineFigures, threadFigures } from '../figure-table.js';
import { paramDocs, resolveParamTable, type ParamTable } from '../param-table.js';
import { failOnError, replyArray, replyBulk } from './support/replies.js';
import { SCENARIO_STREAM } from '../../shared/stream-ids.js';

const OP_HASH_READ = 0;
const OP_HASH_UPDATE = 1;
const OP_BLOB_READ = 2;
const OP_BLOB_UPDATE = 3;
const OP_KINDS = ['hash-read', 'hash-update', 'blob-read', 'blob-update'] as const;

const LAYOUTS = ['both', 'hash', 'blob'] as const;
const VALUE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

interface HashObjectsParams {
  objects: number;
  fields: number;
  fieldBytes: number;
  updateRatio: number;
  layout: (typeof LAYOUTS)[number];
}

const PARAM_TABLE: ParamTable = [
  { name: 'objects', kind: 'int', default: 1000, min: 1, max: 1_000_000, doc: 'objects per layout' },
  { name: 'fields', kind: 'int', default: 10, min: 1, max: 1000, doc: 'fields per object' },
  { name: 'fieldBytes', kind: 'int', default: 20, min: 1, max: 10_000, unit: 'bytes', doc: 'bytes per field value' },
  { name: 'updateRatio', kind: 'number', default: 0.3, min: 0, max: 1, doc: 'fraction of operations that change one field; the rest read one' },
  { name: 'layout', kind: 'enum', default: 'both', values: LAYOUTS, doc: 'which layouts to run (memcached runs blob only)' },
];

function resolve(params: WorkloadParams): HashObjectsParams {
  return resolveParamTable(PARAM_TABLE, params) as unknown as HashObjectsParams;
}

function randomValue(rng: Rng, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += VALUE_ALPHABET[rng.int(VALUE_ALPHABET.length)];
  return s;
}

/** The blob form: `{"f0":"…","f1":"…"}` in field order. */
function toBlob(fieldNames: readonly string[], values: readonly string[]): string {
  const object = new Map<string, string>();
  fieldNames.forEach((name, i) => object.set(name, values[i]!));
  return JSON.stringify(Object.fromEntries(object));
}

class HashObjectsInstance implements WorkloadInstance {
  readonly opKinds = OP_KINDS;
  lastKind = OP_HASH_READ;
  private readonly runHash: boolean;
  private readonly runBlob: boolean;
  private readonly fieldNames: string[];
  /** This thread's object ids, and the model of each object's fields, per layout. */
  private readonly own: number[] = [];
  private readonly hashModel = new Map<number, string[]>();
  private readonly blobModel = new Map<number, string[]>();
  /** Objects with an update in flight, and how many updates each has had (to spot racing reads). */
  private readonly updating = new Set<string>();
  private readonly updateSerials = new Map<string, number>();

  private readonly counts = [0, 0, 0, 0];
  private wrongReads = 0;
  private readonly wrongExamples: string[] = [];
  private blobBytesSum = 0;
  private blobReads = 0;

  constructor(
    private readonly params: HashObjectsParams,
    private readonly ctx: WorkloadContext,
  ) {
    const native = ctx.mode.kind === 'native';
    if (!native && params.layout === 'hash') {
      throw new CapabilityError(`${ctx.family}-family engine`, 'hash-objects (layout=hash)', ['hashes']);
    }
    this.runHash = native && params.layout !== 'blob';
    this.runBlob = params.layout !== 'hash';
    this.fieldNames = Array.from({ length: params.fields }, (_, i) => `f${i}`);
    for (let id = ctx.threadIndex; id < params.objects; id += ctx.threadCount) this.own.push(id);
    if (this.own.length === 0) throw new Error(`hash-objects: objects (${params.objects}) must be at least the thread count (${ctx.threadCount})`);
  }

  private hashKey(id: number): Bytes {
    return `ho:h:${id}`;
  }
  private blobKey(id: number): Bytes {
    return `ho:b:${id}`;
  }

  /** Each thread writes its own objects (the runner preloads in every thread). */
  async preload(engine: Engine): Promise<void> {
    const rng = this.ctx.rng.fork(SCENARIO_STREAM.hashObjectsPreload);
    for (const id of this.own) {
      const values = this.fieldNames.map(() => randomValue(rng, this.params.fieldBytes));
      if (this.runHash) {
        const args: Bytes[] = ['HSET', this.hashKey(id)];
        this.fieldNames.forEach((name, i) => args.push(name, values[i]!));
        failOnError(await engine.redis!.call(args), 'HSET');
        this.hashModel.set(id, [...values]);
      }
      if (this.runBlob) {
        await engine.kv.set(this.blobKey(id), toBlob(this.fieldNames, values));
        this.blobModel.set(id, [...values]);
      }
    }
  }

  onMeasureStart(): void {
    this.counts.fill(0);
    this.blobBytesSum = this.blobReads = 0;
  }

  step(engine: Engine): number | Promise<number> {
    const rng = this.ctx.rng;
    const hash = this.runHash && (!this.runBlob || rng.nextFast() < 0.5);
    const update = rng.nextFast() < this.params.updateRatio;
    const id = this.own[rng.int(this.own.length)]!;
    const field = rng.int(this.params.fields);
    if (hash) {
      if (update) {
        this.lastKind = OP_HASH_UPDATE;
        return drive(this.hashUpdate(engine, id, field, randomValue(rng, this.params.fieldBytes)));
      }
      this.lastKind = OP_HASH_READ;
      return drive(this.hashRead(engine, id, field));
    }
    if (update) {
      this.lastKind = OP_BLOB_UPDATE;
      return drive(this.blobUpdate(engine, id, field, randomValue(rng, this.params.fieldBytes)));
    }
    this.lastKind = OP_BLOB_READ;
    return drive(this.blobRead(engine, id, field));
  }

  /**
   * Judge a read against the model, unless this thread updated the object while the read was in
   * flight (then either value is right). `startSerial` is the object's update count at the read's start.
   */
  private noteRead(layout: string, id: number, field: number, got: string | null, key: string, startSerial: number): void {
    if (this.updating.has(key) || (this.updateSerials.get(key) ?? 0) !== startSerial) return;
    const expected = (layout === 'hash' ? this.hashModel : this.blobModel).get(id)?.[field];
    if (got !== expected) {
      this.wrongReads++;
      if (this.wrongExamples.length < 3) this.wrongExamples.push(`${layout} ${id}.${this.fieldNames[field]}: read ${got}, expected ${expected}`);
    }
  }

  /** The update count of an object, or -1 while one is in flight (so the read is not judged). */
  private readSerial(key: string): number {
    return this.updating.has(key) ? -1 : (this.updateSerials.get(key) ?? 0);
  }

  private beginUpdate(key: string): void {
    this.updating.add(key);
    this.updateSerials.set(key, (this.updateSerials.get(key) ?? 0) + 1);
  }

  private *hashRead(engine: Engine, id: number, field: number): ScenarioOp {
    const key = this.hashKey(id);
    const serial = this.readSerial(key);
    const value = replyBulk((yield engine.redis!.call(['HGET', key, this.fieldNames[field]!])) as Reply, 'HGET');
    this.noteRead('hash', id, field, value, key, serial);
    this.counts[OP_HASH_READ]!++;
    return OP_HASH_READ;
  }

  private *hashUpdate(engine: Engine, id: number, field: number, value: string): ScenarioOp {
    const key = this.hashKey(id);
    if (this.updating.has(key)) return yield* this.hashRead(engine, id, field);
    this.beginUpdate(key);
    try {
      failOnError((yield engine.redis!.call(['HSET', key, this.fieldNames[field]!, value])) as Reply, 'HSET');
      this.hashModel.get(id)![field] = value;
    } finally {
      this.updating.delete(key);
    }
    this.counts[OP_HASH_UPDATE]!++;
    return OP_HASH_UPDATE;
  }

  private *blobRead(engine: Engine, id: number, field: number): ScenarioOp {
    const key = this.blobKey(id);
    const serial = this.readSerial(key);
    const text = (yield engine.kv.get(key)) as Bytes | null;
    const object = text === null ? null : (JSON.parse(text) as Record<string, string>);
    if (text !== null) {
      this.blobBytesSum += text.length;
      this.blobReads++;
    }
    this.noteRead('blob', id, field, object?.[this.fieldNames[field]!] ?? null, key, serial);
    this.counts[OP_BLOB_READ]!++;
    return OP_BLOB_READ;
  }

  private *blobUpdate(engine: Engine, id: number, field: number, value: string): ScenarioOp {
    const key = this.blobKey(id);
    if (this.updating.has(key)) return yield* this.blobRead(engine, id, field);
    this.beginUpdate(key);
    try {
      const text = (yield engine.kv.get(key)) as Bytes | null;
      const model = this.blobModel.get(id)!;
      if (text === null) {
        // The object was lost (a store that dropped a write, or evicted it): counted, then rebuilt from the model.
        this.noteRead('blob', id, field, null, key, this.updateSerials.get(key) ?? 0);
      }
      const object = text === null ? JSON.parse(toBlob(this.fieldNames, model)) as Record<string, string> : (JSON.parse(text) as Record<string, string>);
      object[this.fieldNames[field]!] = value;
      yield engine.kv.set(key, JSON.stringify(object));
      model[field] = value;
    } finally {
      this.updating.delete(key);
    }
    this.counts[OP_BLOB_UPDATE]!++;
    return OP_BLOB_UPDATE;
  }

  domain(): DomainFigures {
    const [hashReads, hashUpdates, blobReads, blobUpdates] = this.counts as [number, number, number, number];
    return {
      figures: threadFigures(FIGURES, {
        hashReads,
        hashUpdates,
        blobReads,
        blobUpdates,
        wrongReads: this.wrongReads,
        fieldBytes: this.params.fieldBytes,
        blobBytesReadTotal: this.blobBytesSum,
        blobBytesReadCount: this.blobReads,
      }),
      notes: [
        this.runHash && this.runBlob
          ? 'hash: HGET/HSET of one field; blob: GET + JSON.parse (+ modify + SET) of the whole object'
          : this.runHash
            ? 'hash layout only'
            : `blob layout only${this.ctx.family === 'memcached' ? ' (memcached has no hashes)' : ''}`,
      ],
    };
  }

  async check(engine: Engine): Promise<CheckResult[]> {
    let wrong = 0;
    let checked = 0;
    const examples: string[] = [];
    const fieldNames = this.fieldNames;
    const runHash = this.runHash;
    const runBlob = this.runBlob;
    for (const id of this.own) {
      const state = await runToValue(
        (function* (hashKey: string, blobKey: string) {
          const hash = runHash ? replyArray((yield engine.redis!.call(['HGETALL', hashKey])) as Reply, 'HGETALL') : [];
          const blob = runBlob ? ((yield engine.kv.get(blobKey)) as Bytes | null) : null;
          return { hash, blob };
        })(this.hashKey(id), this.blobKey(id)),
      );
      if (runHash) {
        checked++;
        const actual = new Map<string, string>();
        for (let i = 0; i + 1 < state.hash.length; i += 2) actual.set(String(state.hash[i]), String(state.hash[i + 1]));
        const model = this.hashModel.get(id)!;
        const same = actual.size === fieldNames.length && fieldNames.every((name, i) => actual.get(name) === model[i]);
        if (!same) {
          wrong++;
          if (examples.length < 3) examples.push(clip(`hash ${id}: ${JSON.stringify([...actual])} ≠ model ${JSON.stringify(model)}`));
        }
      }
      if (runBlob) {
        checked++;
        const expected = toBlob(fieldNames, this.blobModel.get(id)!);
        if (state.blob === null || JSON.stringify(JSON.parse(state.blob)) !== expected) {
          wrong++;
          if (examples.length < 3) examples.push(clip(`blob ${id}: ${state.blob} ≠ model ${expected}`));
        }
      }
    }
    return [
      {
        name: 'every read saw the latest write',
        passed: this.wrongReads === 0,
        detail: this.wrongReads === 0 ? 'all reads matched the model' : `${this.wrongReads} wrong reads: ${this.wrongExamples.join('; ')}`,
      },
      {
        name: 'every object equals the model',
        passed: wrong === 0,
        detail: wrong === 0 ? `${checked} objects checked field by field` : `${wrong} of ${checked} objects differ: ${examples.join('; ')}`,
      },
    ];
  }
}

const blobLayout = (params: WorkloadParams): boolean => params['layout'] !== 'hash';

/** hash-objects' figures (`figure-table.ts`). */
export const FIGURES = defineFigures([
  { name: 'hashReads', unit: 'count', merge: 'sum', doc: 'HGETs of one field' },
  { name: 'hashUpdates', unit: 'count', merge: 'sum', doc: 'HSETs of one field' },
  { name: 'blobReads', unit: 'count', merge: 'sum', doc: 'GETs of the whole object, JSON-parsed' },
  { name: 'blobUpdates', unit: 'count', merge: 'sum', doc: 'GET + parse + modify + SET of the whole object' },
  { name: 'wrongReads', unit: 'count', merge: 'sum', doc: 'reads that returned a value the model of the object does not hold' },
  { name: 'fieldBytes', unit: 'bytes', merge: 'last', doc: 'size of one field (the fieldBytes parameter)' },
  { name: 'blobBytesReadTotal', unit: 'bytes', merge: 'sum', doc: 'bytes of every blob read', hidden: true },
  { name: 'blobBytesReadCount', unit: 'count', merge: 'sum', doc: 'blobs read', hidden: true },
  { name: 'meanBlobBytes', unit: 'bytes', merge: { ratio: ['blobBytesReadTotal', 'blobBytesReadCount'] }, doc: 'mean size of a blob read (blob layout only)', when: blobLayout },
  { name: 'blobBytesPerFieldByte', unit: 'times', merge: { ratio: ['meanBlobBytes', 'fieldBytes'] }, doc: 'bytes a blob read moves per byte a hash read moves (blob layout only)', when: blobLayout },
]);

export const hashObjectsWorkload: WorkloadFactory = {
  name: 'hash-objects',
  description: 'HSET/HGET of one field vs GET + JSON.parse + modify + SET of the whole object',
  needs: ['hashes'],
  emulations: [{ family: 'memcached', description: 'whole-object JSON blobs only (GET + parse + SET); no hashes' }],
  params: paramDocs(PARAM_TABLE),
  paramTable: PARAM_TABLE,
  figureTable: FIGURES,
  resolveParams: (params) => ({ ...resolve(params) }),
  create: (params, ctx) => new HashObjectsInstance(resolve(params), ctx),
};
