/**
 * What `cachebench micro` measures, as data: per engine family, one entry per command (or
 * command pair where one undoes the other, so the store stays the same size) with a setup that
 * preloads what it reads and a body that runs one call. Keys rotate over a preloaded set so
 * every call is a real lookup, not the same hot slot.
 */
import type { Engine } from '../../engines/types.js';

export interface MicroCommand {
  readonly name: string;
  readonly family: 'redis' | 'memcached';
  /** Fill the store with what `call` reads. */
  setup(engine: Engine): void;
  /** One operation; `i` rotates keys and members. */
  call(engine: Engine, i: number): unknown;
}

/** Keys per command, a power of two so rotation is a mask. */
export const MICRO_KEYS = 1024;
const MASK = MICRO_KEYS - 1;
const keys = (prefix: string) => Array.from({ length: MICRO_KEYS }, (_, i) => `${prefix}${i}`);
const K = keys('mk:');
const MEMBERS = keys('m');
const VALUE = 'v'.repeat(32);

export const MICRO_COMMANDS: readonly MicroCommand[] = [
  {
    name: 'GET',
    family: 'redis',
    setup: (e) => K.forEach((k) => e.kv.set(k, VALUE)),
    call: (e, i) => e.redis!.call(['GET', K[i & MASK]!]),
  },
  { name: 'SET', family: 'redis', setup: () => {}, call: (e, i) => e.redis!.call(['SET', K[i & MASK]!, VALUE]) },
  { name: 'INCR', family: 'redis', setup: () => {}, call: (e, i) => e.redis!.call(['INCR', `mc:${i & MASK}`]) },
  {
    name: 'LPUSH+RPOP',
    family: 'redis',
    setup: (e) => {
      for (let i = 0; i < 100; i++) e.redis!.call(['LPUSH', 'ml', VALUE]);
    },
    call: (e) => {
      e.redis!.call(['LPUSH', 'ml', VALUE]);
      return e.redis!.call(['RPOP', 'ml']);
    },
  },
  {
    name: 'ZADD',
    family: 'redis',
    setup: (e) => MEMBERS.forEach((m, i) => e.redis!.call(['ZADD', 'mz', String(i), m])),
    call: (e, i) => e.redis!.call(['ZADD', 'mz', String(i & 0xffff), MEMBERS[i & MASK]!]),
  },
  {
    name: 'ZREVRANGE 0 9',
    family: 'redis',
    setup: (e) => MEMBERS.forEach((m, i) => e.redis!.call(['ZADD', 'mzr', String(i), m])),
    call: (e) => e.redis!.call(['ZREVRANGE', 'mzr', '0', '9', 'WITHSCORES']),
  },
  {
    name: 'SINTER',
    family: 'redis',
    setup: (e) => {
      for (let i = 0; i < 100; i++) {
        e.redis!.call(['SADD', 'ms1', MEMBERS[i]!]);
        e.redis!.call(['SADD', 'ms2', MEMBERS[i * 2]!]);
      }
    },
    call: (e) => e.redis!.call(['SINTER', 'ms1', 'ms2']),
  },
  {
    name: 'HSET+HGET',
    family: 'redis',
    setup: () => {},
    call: (e, i) => {
      const key = `mh:${i & 63}`;
      e.redis!.call(['HSET', key, MEMBERS[i & 15]!, VALUE]);
      return e.redis!.call(['HGET', key, MEMBERS[(i + 7) & 15]!]);
    },
  },
  {
    name: 'get',
    family: 'memcached',
    setup: (e) => K.forEach((k) => e.memcached!.set(k, VALUE)),
    call: (e, i) => e.memcached!.get(K[i & MASK]!),
  },
  { name: 'set', family: 'memcached', setup: () => {}, call: (e, i) => e.memcached!.set(K[i & MASK]!, VALUE) },
  {
    name: 'incr',
    family: 'memcached',
    setup: (e) => K.forEach((_, i) => e.memcached!.set(`mc:${i}`, '0')),
    call: (e, i) => e.memcached!.incr(`mc:${i & MASK}`, 1),
  },
  {
    name: 'gets+cas',
    family: 'memcached',
    setup: (e) => K.forEach((k) => e.memcached!.set(`cas:${k}`, VALUE)),
    call: (e, i) => {
      const key = `cas:${K[i & MASK]!}`;
      const item = e.memcached!.get(key) as { cas: string } | null;
      return item ? e.memcached!.cas(key, VALUE, item.cas) : null;
    },
  },
  {
    name: 'add+delete',
    family: 'memcached',
    setup: () => {},
    call: (e, i) => {
      e.memcached!.add(`ad:${i & MASK}`, VALUE);
      return e.memcached!.delete(`ad:${i & MASK}`);
    },
  },
  {
    name: 'touch',
    family: 'memcached',
    setup: (e) => K.forEach((k) => e.memcached!.set(`t:${k}`, VALUE, 3600)),
    call: (e, i) => e.memcached!.touch(`t:${K[i & MASK]!}`, 3600),
  },
];

export function commandsFor(family: string): MicroCommand[] {
  return MICRO_COMMANDS.filter((c) => c.family === family);
}
