/**
 * YCSB records as Redis hashes (the `hash` layout of store.ts): read = HGETALL (or HMGET of one
 * field), update = HSET of one field (or all), insert = HSET of every field. With a sync engine
 * the argument arrays are reused — the engine consumes them before returning — so a step makes
 * no arrays of its own; async engines get fresh copies, since a pipelined client may still hold
 * the previous ones.
 */
import type { Awaitable, Bytes, Engine, Reply } from '../../engines/types.js';
import type { FieldSource } from './fields.js';
import { keyList, throwIfError, type ScanIndex } from './scan-index.js';
import type { RecordStore } from './store.js';

export class HashStore implements RecordStore {
  readonly mode = 'hash' as const;
  private readonly readAllArgs: Bytes[] = ['HGETALL', ''];
  private readonly readOneArgs: Bytes[] = ['HMGET', '', ''];
  private readonly writeOneArgs: Bytes[] = ['HSET', '', '', ''];
  private readonly writeAllArgs: Bytes[];

  constructor(
    private readonly fields: FieldSource,
    private readonly index: ScanIndex | null,
  ) {
    this.writeAllArgs = ['HSET', ''];
    for (const name of fields.names) this.writeAllArgs.push(name, '');
  }

  read(engine: Engine, key: Bytes, field: number): Awaitable<boolean> {
    const all = field < 0;
    const args = all ? this.readAllArgs : this.readOneArgs;
    const sent = engine.sync ? args : args.slice();
    sent[1] = key;
    if (!all) sent[2] = this.fields.names[field]!;
    const reply = engine.redis!.call(sent);
    if (engine.sync) return found(reply as Reply);
    return (reply as Promise<Reply>).then(found);
  }

  update(engine: Engine, key: Bytes, field: number): Awaitable<void> {
    return this.write(engine, key, field);
  }

  insert(engine: Engine, key: Bytes, keynum: number): Awaitable<void> {
    const written = this.write(engine, key, -1);
    if (this.index === null) return written;
    if (engine.sync) {
      this.index.add(engine, key, keynum);
      return;
    }
    return Promise.all([written, this.index.add(engine, key, keynum)]).then(checkIndexed);
  }

  scan(engine: Engine, start: number, count: number): Awaitable<number> {
    const keys = this.index!.range(engine, start, count);
    if (engine.sync) {
      let read = 0;
      for (const key of keyList(keys as Reply)) if (this.read(engine, key, -1)) read++;
      return read;
    }
    return this.scanAsync(engine, keys as Promise<Reply>);
  }

  private async scanAsync(engine: Engine, pending: Promise<Reply>): Promise<number> {
    const keys = keyList(await pending);
    // Reads of one scan go out together, as a client pipelines them.
    const found = await Promise.all(keys.map((key) => this.read(engine, key, -1)));
    return found.filter(Boolean).length;
  }

  async fetch(engine: Engine, key: Bytes): Promise<Map<string, Bytes> | null> {
    const reply = throwIfError(await engine.redis!.call(['HGETALL', key]));
    if (!Array.isArray(reply) || reply.length === 0) return null;
    const fields = new Map<string, Bytes>();
    for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), String(reply[i + 1]));
    return fields;
  }

  private write(engine: Engine, key: Bytes, field: number): Awaitable<void> {
    let args: Bytes[];
    if (field < 0) {
      args = engine.sync ? this.writeAllArgs : this.writeAllArgs.slice();
      for (let i = 0; i < this.fields.count; i++) args[3 + 2 * i] = this.fields.value();
    } else {
      args = engine.sync ? this.writeOneArgs : this.writeOneArgs.slice();
      args[2] = this.fields.names[field]!;
      args[3] = this.fields.value();
    }
    args[1] = key;
    const reply = engine.redis!.call(args);
    if (engine.sync) {
      throwIfError(reply as Reply);
      return;
    }
    return (reply as Promise<Reply>).then(checkOne);
  }
}

/** HGETALL: a non-empty array; HMGET of one field: `[value]` rather than `[null]`. */
function found(reply: Reply): boolean {
  throwIfError(reply);
  return Array.isArray(reply) && reply.length > 0 && reply[0] !== null;
}

function checkOne(reply: Reply): void {
  throwIfError(reply);
}

/** The HSET's reply was checked by `write`; this checks the ZADD's. */
function checkIndexed(replies: [void, Reply]): void {
  throwIfError(replies[1]);
}
