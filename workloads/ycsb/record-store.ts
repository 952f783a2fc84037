/**
 * YCSB records serialised as JSON strings through the shared kv operations (the `record` layout
 * of store.ts), for engines without hashes: read = GET, update and insert = SET of the whole
 * record. A one-field update still rewrites the record — the cost a store without partial
 * updates really charges — and readallfields=false still fetches the whole item. With a scan
 * index (redis family with sorted sets) scans read each listed key with GET.
 */
import type { Awaitable, Bytes, Engine, Reply } from '../../engines/types.js';
import type { FieldSource } from './fields.js';
import { keyList, type ScanIndex } from './scan-index.js';
import type { RecordStore } from './store.js';

export class JsonRecordStore implements RecordStore {
  readonly mode = 'record' as const;

  constructor(
    private readonly fields: FieldSource,
    private readonly index: ScanIndex | null,
  ) {}

  read(engine: Engine, key: Bytes, _field: number): Awaitable<boolean> {
    const value = engine.kv.get(key);
    if (engine.sync) return value !== null;
    return (value as Promise<Bytes | null>).then(isPresent);
  }

  update(engine: Engine, key: Bytes, _field: number): Awaitable<void> {
    return engine.kv.set(key, this.fields.json());
  }

  insert(engine: Engine, key: Bytes, keynum: number): Awaitable<void> {
    const written = engine.kv.set(key, this.fields.json());
    if (this.index === null) return written;
    if (engine.sync) {
      this.index.add(engine, key, keynum);
      return;
    }
    return Promise.all([written, this.index.add(engine, key, keynum)]).then(() => undefined);
  }

  scan(engine: Engine, start: number, count: number): Awaitable<number> {
    const keys = this.index!.range(engine, start, count);
    if (engine.sync) {
      let read = 0;
      for (const key of keyList(keys as Reply)) if (engine.kv.get(key) !== null) read++;
      return read;
    }
    return this.scanAsync(engine, keys as Promise<Reply>);
  }

  private async scanAsync(engine: Engine, pending: Promise<Reply>): Promise<number> {
    const values = await engine.kv.mget(keyList(await pending));
    return values.filter(isPresent).length;
  }

  async fetch(engine: Engine, key: Bytes): Promise<Map<string, Bytes> | null> {
    const value = await engine.kv.get(key);
    if (value === null) return null;
    const parsed: unknown = JSON.parse(value);
    const fields = new Map<string, Bytes>();
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [name, field] of Object.entries(parsed)) fields.set(name, String(field));
    }
    return fields;
  }
}

function isPresent(value: Bytes | null): boolean {
  return value !== null;
}
