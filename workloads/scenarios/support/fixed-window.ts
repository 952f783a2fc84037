/**
 * A fixed-window request counter (the rate-limiter scenario's and the HTTP API's `/limited`):
 * count this request in `key`, creating the counter with a TTL when it is the window's first.
 * Redis family: INCR, and PEXPIRE when the counter was just created. Memcached family: incr, and
 * on a miss `add "1"` with an exptime (incr again when another request's add won the race).
 * Other engines: the shared kv subset in the same order. Returns the count after this request.
 */
import type { Engine, Reply } from '../../../engines/types.js';
import { replyNumber } from './replies.js';

export interface FixedWindowTtl {
  /** Life of a counter in ms (Redis family, kv subset). */
  readonly ttlMs: number;
  /** The same life in memcached's whole seconds. */
  readonly exptime: number;
}

export function* fixedWindowCount(engine: Engine, key: string, ttl: FixedWindowTtl, native: boolean): Generator<unknown, number, unknown> {
  if (native && engine.redis) {
    const count = replyNumber((yield engine.redis.call(['INCR', key])) as Reply, 'INCR');
    if (count === 1) yield engine.redis.call(['PEXPIRE', key, String(ttl.ttlMs)]);
    return count;
  }
  if (engine.memcached) {
    const mc = engine.memcached;
    let value = (yield mc.incr(key, 1)) as bigint | null;
    if (value === null) {
      const stored = yield mc.add(key, '1', ttl.exptime);
      // Lost the race to create the counter: another request's add won, so count on it.
      value = stored === 'STORED' ? 1n : ((yield mc.incr(key, 1)) as bigint | null);
    }
    if (typeof value !== 'bigint') throw new Error(`fixed window: incr ${key} failed: ${String(value)}`);
    return Number(value);
  }
  let value = (yield engine.kv.incr(key, 1)) as number | bigint | null;
  if (value === null) value = (yield engine.kv.add(key, '1', ttl.ttlMs)) ? 1 : ((yield engine.kv.incr(key, 1)) as number | null);
  const count = Number(value);
  if (count === 1) yield engine.kv.expire(key, ttl.ttlMs);
  return count;
}
