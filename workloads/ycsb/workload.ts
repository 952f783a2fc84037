/**
 * One thread's YCSB workload (CoreWorkload's transaction phase): each step picks an operation
 * by the preset's proportions and a record by the request distribution, and runs it against the
 * record store the engine supports. Preload is YCSB's load phase, partitioned across threads
 * like `kv`'s: thread t of n loads records [t·R/n, (t+1)·R/n).
 *
 * Latency is recorded per operation kind under YCSB's names (read, update, insert, scan,
 * readmodifywrite); a read-modify-write is one user-visible operation and recorded as one.
 * Domain figures: records not found, records returned by scans, inserts, and the storage layout.
 */
import { threadFigures } from '../figure-table.js';
import { YCSB_FIGURES } from './figures.js';
import type { Awaitable, Engine, Reply } from '../../engines/types.js';
import type { DomainFigures } from '../../shared/result-types.js';
import type { Rng } from '../../shared/rng.js';
import type { CheckResult, WorkloadContext, WorkloadInstance } from '../types.js';
import { threadSlice } from '../distributions/spec.js';
import { ZipfianGenerator } from '../distributions/zipfian.js';
import { FieldSource } from './fields.js';
import { HashStore } from './hash-store.js';
import { KeyChooser } from './key-chooser.js';
import { YcsbKeyNames } from './keys.js';
import { YCSB_OPERATIONS, type YcsbParams } from './params.js';
import { JsonRecordStore } from './record-store.js';
import { ScanIndex, SCAN_INDEX_KEY, throwIfError } from './scan-index.js';
import type { RecordStore, StorageMode } from './store.js';
import { YCSB_STREAM } from '../../shared/stream-ids.js';

const READ = 0;
const UPDATE = 1;
const INSERT = 2;
const SCAN = 3;
// 4 is READ_MODIFY_WRITE, the switch's default.

/** Fork ids of the thread's stream, one per concern; fixed so streams stay reproducible. */
const STREAM = YCSB_STREAM;
/** Outstanding record writes during an async engine's load phase. */
const PRELOAD_WINDOW = 128;
/** Loaded records named up front (≈ 30 MB per thread at most); beyond, names are built on first use. */
const PREBUILT_KEY_NAMES = 1024 * 1024;
/** Records per thread the end-of-run check reads back. */
const CHECKED_RECORDS = 1000;

export interface YcsbLayout {
  readonly storage: StorageMode;
  /** True when scans are in the mix (or inserts must keep the index for them). */
  readonly scanIndex: boolean;
}

export class YcsbWorkload implements WorkloadInstance {
  readonly opKinds: readonly string[];
  lastKind = 0;

  /** YCSB operation (READ…) of each kind index. */
  private readonly operationOfKind: Uint8Array;
  /** Kind index of each YCSB operation (−1 when not in the mix). */
  private readonly kindOfOperation: Int8Array;
  private readonly cumulative: Float64Array;
  private readonly opRng: Rng;
  private readonly fieldRng: Rng;
  private readonly chooser: KeyChooser;
  private readonly keys: YcsbKeyNames;
  private readonly fields: FieldSource;
  private readonly store: RecordStore;
  private readonly scanLengths: ZipfianGenerator | null;
  private readonly scanRng: Rng;
  private notFound = 0;
  private scannedRecords = 0;
  private insertsMeasured = 0;

  constructor(
    readonly params: YcsbParams,
    readonly layout: YcsbLayout,
    private readonly ctx: WorkloadContext,
  ) {
    const rng = ctx.rng;
    const active = YCSB_OPERATIONS.map((_, op) => op).filter((op) => params.proportions[op]! > 0);
    this.opKinds = active.map((op) => YCSB_OPERATIONS[op]!);
    this.operationOfKind = Uint8Array.from(active);
    this.kindOfOperation = new Int8Array(YCSB_OPERATIONS.length).fill(-1);
    active.forEach((op, kind) => (this.kindOfOperation[op] = kind));
    const total = active.reduce((sum, op) => sum + params.proportions[op]!, 0);
    this.cumulative = new Float64Array(active.length);
    let running = 0;
    active.forEach((op, kind) => {
      running += params.proportions[op]!;
      this.cumulative[kind] = running / total;
    });
    this.cumulative[active.length - 1] = 1;

    this.opRng = rng.fork(STREAM.op);
    this.fieldRng = rng.fork(STREAM.fields);
    this.scanRng = rng.fork(STREAM.scanLengths);
    const inserts = params.proportions[INSERT]! > 0;
    this.chooser = new KeyChooser(params.requestdistribution, params.recordcount, inserts, ctx.threadIndex, ctx.threadCount, rng.fork(STREAM.keys));
    this.keys = new YcsbKeyNames(params.keyprefix, Math.min(params.recordcount, PREBUILT_KEY_NAMES), params.insertorder === 'ordered');
    this.fields = new FieldSource(params.fieldcount, params.fieldlength, rng.fork(STREAM.fieldLengths), rng.fork(STREAM.pool));
    const index = layout.scanIndex ? new ScanIndex() : null;
    this.store = layout.storage === 'hash' ? new HashStore(this.fields, index) : new JsonRecordStore(this.fields, index);
    // YCSB: ZipfianGenerator(1, maxscanlength) — short scans most common — or uniform.
    this.scanLengths = params.scanlengthdistribution === 'zipfian' ? new ZipfianGenerator(params.maxscanlength, 0.99, this.scanRng) : null;
  }

  /** The records this thread loads: its slice of [0, recordcount). */
  preloadSlice(): { first: number; end: number } {
    return threadSlice(this.params.recordcount, this.ctx);
  }

  async preload(engine: Engine): Promise<void> {
    const { first, end } = this.preloadSlice();
    // The load phase writes from its own streams, so the measured stream never depends on it.
    const fields = new FieldSource(
      this.params.fieldcount,
      this.params.fieldlength,
      this.ctx.rng.fork(STREAM.preload),
      this.ctx.rng.fork(STREAM.preloadPool),
    );
    const index = this.layout.scanIndex ? new ScanIndex() : null;
    const loader = this.layout.storage === 'hash' ? new HashStore(fields, index) : new JsonRecordStore(fields, index);
    // A hash left by an earlier run against the same server (more fields) would survive HSET;
    // the load phase deletes it first so every record is exactly what this run wrote.
    const clearFirst = this.layout.storage === 'hash';
    if (engine.sync) {
      for (let keynum = first; keynum < end; keynum++) {
        const key = this.keys.at(keynum);
        if (clearFirst) throwIfError(engine.redis!.call(['DEL', key]) as Reply);
        loader.insert(engine, key, keynum);
      }
      return;
    }
    const window: Promise<unknown>[] = [];
    for (let keynum = first; keynum < end; keynum++) {
      const key = this.keys.at(keynum);
      // DEL, then the record: chained, since a pooled client may send them on different connections.
      window.push(
        clearFirst
          ? Promise.resolve(engine.redis!.call(['DEL', key])).then((reply) => {
              throwIfError(reply);
              return loader.insert(engine, key, keynum);
            })
          : (loader.insert(engine, key, keynum) as Promise<void>),
      );
      if (window.length === PRELOAD_WINDOW) {
        await Promise.all(window);
        window.length = 0;
      }
    }
    await Promise.all(window);
  }

  onMeasureStart(): void {
    this.notFound = 0;
    this.scannedRecords = 0;
    this.insertsMeasured = 0;
  }

  step(engine: Engine): Awaitable<number> {
    const u = this.opRng.nextFast();
    const cumulative = this.cumulative;
    let kind = 0;
    while (u >= cumulative[kind]!) kind++;
    this.lastKind = kind;
    const store = this.store;
    switch (this.operationOfKind[kind]) {
      case READ: {
        const found = store.read(engine, this.keys.at(this.chooser.next()), this.readField());
        if (!engine.sync) return (found as Promise<boolean>).then(this.readDone);
        if (!found) this.notFound++;
        return kind;
      }
      case UPDATE: {
        const written = store.update(engine, this.keys.at(this.chooser.next()), this.writeField());
        return engine.sync ? kind : (written as Promise<void>).then(this.updateDone);
      }
      case INSERT: {
        const keynum = this.chooser.nextInsert();
        this.insertsMeasured++;
        const written = store.insert(engine, this.keys.at(keynum), keynum);
        return engine.sync ? kind : (written as Promise<void>).then(this.insertDone);
      }
      case SCAN: {
        const start = this.chooser.next();
        const read = store.scan(engine, start, this.scanLength());
        if (!engine.sync) return (read as Promise<number>).then(this.scanDone);
        this.scannedRecords += read as number;
        return kind;
      }
      default: {
        // READ_MODIFY_WRITE
        const key = this.keys.at(this.chooser.next());
        if (!engine.sync) return this.readModifyWriteAsync(engine, key, kind);
        if (!store.read(engine, key, this.readField())) this.notFound++;
        store.update(engine, key, this.writeField());
        return kind;
      }
    }
  }

  private async readModifyWriteAsync(engine: Engine, key: string, kind: number): Promise<number> {
    if (!(await this.store.read(engine, key, this.readField()))) this.notFound++;
    await this.store.update(engine, key, this.writeField());
    return kind;
  }

  // Continuations bound once, so an async step allocates only the engine's Promise and `.then`.
  private readonly readDone = (found: boolean): number => {
    if (!found) this.notFound++;
    return this.kindOfOperation[READ]!;
  };
  private readonly updateDone = (): number => this.kindOfOperation[UPDATE]!;
  private readonly insertDone = (): number => this.kindOfOperation[INSERT]!;
  private readonly scanDone = (read: number): number => {
    this.scannedRecords += read;
    return this.kindOfOperation[SCAN]!;
  };

  /** −1 (all fields) or a random field, as YCSB's readallfields / fieldchooser. */
  private readField(): number {
    return this.params.readallfields ? -1 : Math.floor(this.fieldRng.nextFast() * this.params.fieldcount);
  }

  private writeField(): number {
    return this.params.writeallfields ? -1 : Math.floor(this.fieldRng.nextFast() * this.params.fieldcount);
  }

  private scanLength(): number {
    const max = this.params.maxscanlength;
    return this.scanLengths ? 1 + this.scanLengths.next() : 1 + Math.floor(this.scanRng.nextFast() * max);
  }

  domain(): DomainFigures {
    const figures: Record<string, number | string> = {
      notFound: this.notFound,
      inserts: this.insertsMeasured,
      storage: this.layout.storage,
    };
    if (this.kindOfOperation[SCAN]! >= 0) figures['scannedRecords'] = this.scannedRecords;
    return { figures: threadFigures(YCSB_FIGURES, figures) };
  }

  /**
   * Read back a sample of this thread's loaded records and check their shape: every field
   * present with a length the fieldlength spec allows. Catches lost or truncated writes.
   */
  async check(engine: Engine): Promise<CheckResult[]> {
    if (this.ctx.family === 'null') return [];
    const { first, end } = this.preloadSlice();
    // Every loaded record when there are few, otherwise a random sample: evenly spaced samples
    // can fall in step with a pattern of lost writes and miss all of them.
    const all = end - first <= CHECKED_RECORDS;
    const picks = this.ctx.rng.fork(STREAM.check);
    const { min, max } = this.fields.lengths;
    const problems: string[] = [];
    let checked = 0;
    for (; checked < Math.min(CHECKED_RECORDS, end - first); checked++) {
      const keynum = all ? first + checked : first + Math.floor(picks.next() * (end - first));
      const key = this.keys.at(keynum);
      const record = await this.store.fetch(engine, key);
      if (record === null) {
        problems.push(`${key} missing`);
        continue;
      }
      if (record.size !== this.params.fieldcount) problems.push(`${key} has ${record.size} fields`);
      for (const name of this.fields.names) {
        const value = record.get(name);
        if (value === undefined) problems.push(`${key} lacks ${name}`);
        else if (value.length < min || value.length > max) problems.push(`${key}.${name} is ${value.length} bytes`);
      }
    }
    const checks: CheckResult[] = [
      {
        name: 'records intact',
        passed: problems.length === 0,
        detail:
          problems.length === 0
            ? `${checked} loaded records read back with ${this.params.fieldcount} fields of ${this.fields.lengths.spec} bytes`
            : `${problems.length} problems in ${checked} records: ${problems.slice(0, 5).join('; ')}`,
      },
    ];
    if (this.layout.scanIndex && this.ctx.threadIndex === 0) {
      const size = throwIfError(await engine.redis!.call(['ZCARD', SCAN_INDEX_KEY]));
      const expected = this.params.recordcount;
      checks.push({
        name: 'scan index complete',
        passed: typeof size === 'number' && size >= expected,
        detail: `${SCAN_INDEX_KEY} holds ${String(size)} keys; ${expected} records were loaded`,
      });
    }
    return checks;
  }
}
