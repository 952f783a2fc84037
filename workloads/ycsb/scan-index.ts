/**
 * The ordered key index that lets workload E scan: a sorted set (`_indices`, as YCSB's redis
 * binding names it) with each record's key scored by its record number. A scan is
 * ZRANGEBYSCORE from the start record number, LIMIT the scan length, then a read of each key.
 * Only redis-family engines with sorted sets can hold it.
 */
import { EngineError, ErrorReply, type Awaitable, type Bytes, type Engine, type Reply } from '../../engines/types.js';

export const SCAN_INDEX_KEY = '_indices';

export class ScanIndex {
  private readonly addArgs: Bytes[] = ['ZADD', SCAN_INDEX_KEY, '', ''];
  private readonly rangeArgs: Bytes[] = ['ZRANGEBYSCORE', SCAN_INDEX_KEY, '', '+inf', 'LIMIT', '0', ''];

  add(engine: Engine, key: Bytes, keynum: number): Awaitable<Reply> {
    const args = engine.sync ? this.addArgs : this.addArgs.slice();
    args[2] = String(keynum);
    args[3] = key;
    const reply = engine.redis!.call(args);
    if (engine.sync) throwIfError(reply as Reply);
    return reply;
  }

  /** Keys of up to `count` records from record number `start` on. */
  range(engine: Engine, start: number, count: number): Awaitable<Reply> {
    const args = engine.sync ? this.rangeArgs : this.rangeArgs.slice();
    args[2] = String(start);
    args[6] = String(count);
    return engine.redis!.call(args);
  }
}

/** Error replies are failures for a workload: thrown so the runner counts them by kind. */
export function throwIfError(reply: Reply): Reply {
  if (reply instanceof ErrorReply) throw new EngineError('reply', reply.message);
  return reply;
}

/** A scan's key list, checked. */
export function keyList(reply: Reply): readonly Bytes[] {
  throwIfError(reply);
  if (!Array.isArray(reply)) throw new EngineError('protocol', `expected an array of keys from ZRANGEBYSCORE, got ${String(reply)}`);
  return reply as Bytes[];
}
