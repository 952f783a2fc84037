/**
 * A capped, newest-first list of ids on either family (the timeline scenario's and the HTTP
 * API's `/tweets` fan-out). Redis family: LPUSH + LTRIM, read with LRANGE. Memcached family (the
 * emulation): a JSON array in one item, prepended and trimmed under a CAS loop.
 */
import type { Engine, McValue, MemcachedCommands, Reply } from '../../../engines/types.js';
import { replyArray } from './replies.js';

/** Prepend `id` to the JSON list at `key`, keeping `maxLen` entries; returns the CAS retries. */
export function* casListPush(mc: MemcachedCommands, key: string, id: string, maxLen: number): Generator<unknown, number, unknown> {
  for (let retries = 0; ; retries++) {
    const item = (yield mc.get(key)) as McValue | null;
    let stored: unknown;
    if (item === null) {
      stored = yield mc.add(key, JSON.stringify([id]));
    } else {
      const list = JSON.parse(item.value) as string[];
      list.unshift(id);
      if (list.length > maxLen) list.length = maxLen;
      stored = yield mc.cas(key, JSON.stringify(list), item.cas);
    }
    if (stored === 'STORED') return retries;
  }
}

/** The newest `count` ids (all with `count` < 0). */
export function* readList(engine: Engine, native: boolean, key: string, count: number): Generator<unknown, string[], unknown> {
  if (native) {
    return replyArray((yield engine.redis!.call(['LRANGE', key, '0', String(count < 0 ? -1 : count - 1)])) as Reply, 'LRANGE').map(String);
  }
  const item = (yield engine.memcached!.get(key)) as McValue | null;
  const list = item === null ? [] : (JSON.parse(item.value) as string[]);
  return count < 0 ? list : list.slice(0, count);
}
