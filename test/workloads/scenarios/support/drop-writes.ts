/**
 * A deliberately wrong engine for testing the scenarios' correctness checks: it wraps a real
 * engine and silently drops every tenth write while answering as if it had happened — the reply
 * a client would see from a store that acknowledges and then loses the write. Reads go through
 * untouched. A check that passes on this engine does not check anything. (Constructor options
 * narrow it to one command, for a check whose damage a later write would repair.)
 */
import {
  OK,
  type Awaitable,
  type Bytes,
  type Engine,
  type KvOps,
  type McStoreResult,
  type McValue,
  type MemcachedCommands,
  type RedisCommands,
  type Reply,
} from '../../../../engines/types.js';

function then<T, U>(value: Awaitable<T>, fn: (v: T) => U): Awaitable<U> {
  return value instanceof Promise ? value.then(fn) : fn(value as T);
}

/** Redis commands that change data; dropping one fakes the reply from a read of the old state. */
const REDIS_WRITES = new Set([
  'SET', 'DEL', 'INCR', 'INCRBY', 'DECR', 'EXPIRE', 'PEXPIRE', 'ZADD', 'ZINCRBY', 'ZREM', 'SADD', 'SREM',
  'LPUSH', 'RPUSH', 'LTRIM', 'LMOVE', 'RPOPLPUSH', 'LREM', 'HSET', 'HDEL', 'HINCRBY', 'PUBLISH', 'SETEX', 'PSETEX',
]);

export class DropEveryTenthWrite implements Engine {
  readonly info;
  readonly sync: boolean;
  readonly kv: KvOps;
  readonly redis?: RedisCommands;
  readonly memcached?: MemcachedCommands;
  /**
   * Writes seen so far per command; the 10th, 20th, … of each are dropped. Counting per command
   * keeps a workload that alternates commands (LPUSH, LTRIM, LPUSH…) from having only one kind dropped.
   */
  private readonly writesByCommand = new Map<string, number>();
  dropped = 0;

  /**
   * @param every  drop the every-th write of each command (10 by default; 1 drops them all)
   * @param only   restrict dropping to these commands (`LTRIM`, `kv.set`, `mc.cas`…)
   */
  constructor(
    private readonly inner: Engine,
    private readonly every: number = 10,
    private readonly only?: ReadonlySet<string>,
  ) {
    this.info = { ...inner.info, name: `${inner.info.name}+drop-every-tenth-write` };
    this.sync = inner.sync;
    this.kv = this.wrapKv(inner.kv);
    if (inner.redis) this.redis = this.wrapRedis(inner.redis);
    if (inner.memcached) this.memcached = this.wrapMemcached(inner.memcached);
  }

  private drop(command: string): boolean {
    if (this.only && !this.only.has(command)) return false;
    const writes = (this.writesByCommand.get(command) ?? 0) + 1;
    this.writesByCommand.set(command, writes);
    if (writes % this.every !== 0) return false;
    this.dropped++;
    return true;
  }

  private wrapKv(kv: KvOps): KvOps {
    return {
      get: (key) => kv.get(key),
      mget: (keys) => kv.mget(keys),
      set: (key, value, ttlMs) => (this.drop('kv.set') ? undefined : kv.set(key, value, ttlMs)),
      add: (key, value, ttlMs) => (this.drop('kv.add') ? then(kv.get(key), (v) => v === null) : kv.add(key, value, ttlMs)),
      del: (key) => (this.drop('kv.del') ? then(kv.get(key), (v) => v !== null) : kv.del(key)),
      incr: (key, delta) =>
        this.drop('kv.incr') ? then(kv.get(key), (v) => (v === null ? (this.inner.info.family === 'memcached' ? null : delta) : Number(v) + delta)) : kv.incr(key, delta),
      expire: (key, ttlMs) => (this.drop('kv.expire') ? then(kv.get(key), (v) => v !== null) : kv.expire(key, ttlMs)),
    };
  }

  private wrapRedis(redis: RedisCommands): RedisCommands {
    const wrapped: RedisCommands = {
      call: (args) => {
        const name = (args[0] ?? '').toUpperCase();
        if (!REDIS_WRITES.has(name) || !this.drop(name)) return redis.call(args);
        return fakeRedisReply(redis, name, args);
      },
    };
    if (redis.subscriber) wrapped.subscriber = () => redis.subscriber!();
    if (redis.blockingClient) {
      wrapped.blockingClient = () =>
        then(redis.blockingClient!(), (client) => ({
          call: (args: readonly Bytes[]) => {
            const name = (args[0] ?? '').toUpperCase();
            if (!REDIS_WRITES.has(name) || !this.drop(name)) return client.call(args);
            return fakeRedisReply(client, name, args);
          },
          close: () => client.close(),
        }));
    }
    return wrapped;
  }

  private wrapMemcached(mc: MemcachedCommands): MemcachedCommands {
    const stored: McStoreResult = 'STORED';
    return {
      get: (key) => mc.get(key),
      getMulti: (keys) => mc.getMulti(keys),
      gat: (key, exptime) => (this.drop('mc.gat') ? mc.get(key) : mc.gat(key, exptime)),
      set: (key, value, exptime, flags) => (this.drop('mc.set') ? stored : mc.set(key, value, exptime, flags)),
      add: (key, value, exptime, flags) =>
        this.drop('mc.add') ? then(mc.get(key), (v): McStoreResult => (v === null ? 'STORED' : 'NOT_STORED')) : mc.add(key, value, exptime, flags),
      replace: (key, value, exptime, flags) =>
        this.drop('mc.replace') ? then(mc.get(key), (v): McStoreResult => (v === null ? 'NOT_STORED' : 'STORED')) : mc.replace(key, value, exptime, flags),
      append: (key, value) => (this.drop('mc.append') ? stored : mc.append(key, value)),
      prepend: (key, value) => (this.drop('mc.prepend') ? stored : mc.prepend(key, value)),
      cas: (key, value, cas, exptime, flags) =>
        this.drop('mc.cas')
          ? then(mc.get(key), (v: McValue | null): McStoreResult => (v === null ? 'NOT_FOUND' : v.cas === cas ? 'STORED' : 'EXISTS'))
          : mc.cas(key, value, cas, exptime, flags),
      delete: (key) => (this.drop('mc.delete') ? then(mc.get(key), (v) => v !== null) : mc.delete(key)),
      incr: (key, delta) => (this.drop('mc.incr') ? then(mc.get(key), (v) => (v === null ? null : BigInt(v.value) + BigInt(delta))) : mc.incr(key, delta)),
      decr: (key, delta) => (this.drop('mc.decr') ? then(mc.get(key), (v) => (v === null ? null : BigInt(v.value) - BigInt(delta))) : mc.decr(key, delta)),
      touch: (key, exptime) => (this.drop('mc.touch') ? then(mc.get(key), (v) => v !== null) : mc.touch(key, exptime)),
      flushAll: (delay) => mc.flushAll(delay),
    };
  }

  stats() {
    return this.inner.stats();
  }
  flush() {
    return this.inner.flush();
  }
  close() {
    return this.inner.close();
  }
}

/** The reply the dropped command would have given, computed from reads of the unchanged state. */
function fakeRedisReply(redis: RedisCommands, name: string, args: readonly Bytes[]): Awaitable<Reply> {
  const key = args[1] ?? '';
  switch (name) {
    case 'INCR':
    case 'INCRBY':
    case 'DECR': {
      const delta = name === 'INCR' ? 1 : name === 'DECR' ? -1 : Number(args[2]);
      return then(redis.call(['GET', key]), (v) => (v === null ? delta : Number(v) + delta));
    }
    case 'ZINCRBY':
      return then(redis.call(['ZSCORE', key, args[3] ?? '']), (v) => String((v === null ? 0 : Number(v)) + Number(args[2])));
    case 'HINCRBY':
      return then(redis.call(['HGET', key, args[2] ?? '']), (v) => (v === null ? 0 : Number(v)) + Number(args[3]));
    case 'LPUSH':
    case 'RPUSH':
      return then(redis.call(['LLEN', key]), (n) => Number(n) + args.length - 2);
    case 'LMOVE':
    case 'RPOPLPUSH': {
      const fromLeft = name === 'LMOVE' && (args[3] ?? '').toUpperCase() === 'LEFT';
      return redis.call(['LINDEX', key, fromLeft ? '0' : '-1']);
    }
    case 'SET':
    case 'SETEX':
    case 'PSETEX':
    case 'LTRIM':
      return OK;
    case 'PUBLISH':
      return 0;
    default:
      // DEL, EXPIRE, ZADD, ZREM, SADD, SREM, LREM, HSET, HDEL: "one thing changed".
      return 1;
  }
}
