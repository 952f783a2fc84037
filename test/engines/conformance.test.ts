/**
 * One conformance suite, one test body per behaviour, run against every engine: the in-process
 * engines and the real servers through each client. Expected replies are Redis 7 / memcached
 * 1.6 behaviour written out here, so an engine that differs fails by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReply, OK, StatusReply, type Engine, type Reply } from '../../engines/types.js';
import { conformanceTargets, openEngine, type OpenEngine } from './conformance-engines.js';

const BINARY = 'v\x00\x01\r\n\x7f\x80\xfe\xff é';

for (const target of conformanceTargets()) {
  describe(`conformance: ${target.label}`, () => {
    let open: OpenEngine;
    let engine: Engine;
    let n = 0;
    /** A fresh key per test, so tests never see each other's data. */
    const key = (name: string): string => `conf:${++n}:${name}`;

    beforeAll(async () => {
      open = await openEngine(target);
      engine = open.engine;
      await engine.flush();
    });
    afterAll(async () => {
      await open?.close();
    });

    // ---- kv facet: every engine ------------------------------------------------------------

    it('kv: set then get returns the same bytes, binary-safe', async () => {
      const k = key('bin');
      await engine.kv.set(k, BINARY);
      expect(await engine.kv.get(k)).toBe(BINARY);
    });

    it('kv: get of a missing key is null', async () => {
      expect(await engine.kv.get(key('missing'))).toBeNull();
    });

    it('kv: add stores only when absent', async () => {
      const k = key('add');
      expect(await engine.kv.add(k, 'first')).toBe(true);
      expect(await engine.kv.add(k, 'second')).toBe(false);
      expect(await engine.kv.get(k)).toBe('first');
    });

    it('kv: del says whether the key existed', async () => {
      const k = key('del');
      await engine.kv.set(k, 'x');
      expect(await engine.kv.del(k)).toBe(true);
      expect(await engine.kv.del(k)).toBe(false);
      expect(await engine.kv.get(k)).toBeNull();
    });

    it('kv: mget returns values in key order with null for misses', async () => {
      const a = key('a');
      const b = key('b');
      await engine.kv.set(a, '1');
      await engine.kv.set(b, '2');
      expect(await engine.kv.mget([b, key('none'), a])).toEqual(['2', null, '1']);
    });

    it('kv: incr adds to a stored number; a missing key follows the family', async () => {
      const k = key('n');
      await engine.kv.set(k, '10');
      expect(Number(await engine.kv.incr(k, 5))).toBe(15);
      expect(await engine.kv.get(k)).toBe('15');
      const missing = await engine.kv.incr(key('nothing'), 3);
      if (target.family === 'redis') expect(missing).toBe(3);
      else expect(missing).toBeNull();
    });

    it('kv: expire finds existing keys only', async () => {
      const k = key('ttl');
      await engine.kv.set(k, 'x');
      expect(await engine.kv.expire(k, 60_000)).toBe(true);
      expect(await engine.kv.expire(key('ttl-missing'), 60_000)).toBe(false);
      expect(await engine.kv.get(k)).toBe('x');
    });

    it('kv: a value set with a TTL is gone after it', async () => {
      const k = key('short');
      // memcached counts whole seconds, so 1 s may last up to 2 s there.
      await engine.kv.set(k, 'x', 1000);
      expect(await engine.kv.get(k)).toBe('x');
      await new Promise((r) => setTimeout(r, 2100));
      expect(await engine.kv.get(k)).toBeNull();
    });

    it('stats: returns server figures with numbers as numbers', async () => {
      const stats = await engine.stats();
      const numbers = Object.values(stats).filter((v) => typeof v === 'number');
      expect(numbers.length).toBeGreaterThan(0);
    });

    // ---- redis family: generic commands ------------------------------------------------------

    if (target.family === 'redis') {
      const call = (args: string[]): Promise<Reply> => Promise.resolve(engine.redis!.call(args));

      it('redis: a status reply is a StatusReply, a bulk string with the same text is a string', async () => {
        const k = key('ok');
        expect(await call(['SET', k, 'OK'])).toBe(OK);
        expect(await call(['GET', k])).toBe('OK');
        expect(await call(['PING'])).toEqual(new StatusReply('PONG'));
        expect(await call(['TYPE', k])).toEqual(new StatusReply('string'));
      });

      it('redis: SET NX/XX/GET options', async () => {
        const k = key('setopts');
        expect(await call(['SET', k, 'a', 'XX'])).toBeNull();
        expect(await call(['SET', k, 'a', 'NX'])).toBe(OK);
        expect(await call(['SET', k, 'b', 'NX'])).toBeNull();
        expect(await call(['SET', k, 'c', 'GET'])).toBe('a');
        expect(await call(['GET', k])).toBe('c');
      });

      it('redis: error replies are returned, not thrown, with Redis messages', async () => {
        const k = key('str');
        await call(['SET', k, 'abc']);
        const notInt = await call(['INCR', k]);
        expect(notInt).toBeInstanceOf(ErrorReply);
        expect((notInt as ErrorReply).message).toBe('ERR value is not an integer or out of range');
        const l = key('list');
        await call(['RPUSH', l, 'x']);
        const wrong = await call(['GET', l]);
        expect(wrong).toBeInstanceOf(ErrorReply);
        expect((wrong as ErrorReply).message).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
        const arity = await call(['GET']);
        expect((arity as ErrorReply).message).toBe("ERR wrong number of arguments for 'get' command");
      });

      it('redis: integers are numbers, beyond 2^53 bigints', async () => {
        const k = key('big');
        expect(await call(['INCRBY', k, '9007199254740993'])).toBe(9007199254740993n);
        expect(await call(['DECRBY', k, '9007199254740993'])).toBe(0);
        expect(await call(['INCRBY', k, '-5'])).toBe(-5);
      });

      it('redis: TTL / PTTL / PERSIST / EXISTS', async () => {
        const k = key('ttl');
        expect(await call(['TTL', k])).toBe(-2);
        await call(['SET', k, 'v']);
        expect(await call(['TTL', k])).toBe(-1);
        expect(await call(['PEXPIRE', k, '100000'])).toBe(1);
        const pttl = (await call(['PTTL', k])) as number;
        expect(pttl).toBeGreaterThan(90_000);
        expect(pttl).toBeLessThanOrEqual(100_000);
        expect(await call(['PERSIST', k])).toBe(1);
        expect(await call(['TTL', k])).toBe(-1);
        expect(await call(['EXISTS', k, k, key('nope')])).toBe(2);
      });

      it('redis: MSET / MGET / DEL counts', async () => {
        const a = key('ma');
        const b = key('mb');
        expect(await call(['MSET', a, '1', b, BINARY])).toBe(OK);
        expect(await call(['MGET', a, key('x'), b])).toEqual(['1', null, BINARY]);
        expect(await call(['DEL', a, b, key('x')])).toBe(2);
      });

      it('redis: lists, hashes, sets and sorted sets keep RESP2 shapes (when capable)', async () => {
        const caps = engine.info.capabilities;
        if (caps.has('lists')) {
          const l = key('l');
          expect(await call(['RPUSH', l, 'a', 'b', 'c'])).toBe(3);
          expect(await call(['LRANGE', l, '0', '-1'])).toEqual(['a', 'b', 'c']);
          expect(await call(['LPOP', l])).toBe('a');
        }
        if (caps.has('hashes')) {
          const h = key('h');
          expect(await call(['HSET', h, 'f1', 'v1', 'f2', BINARY])).toBe(2);
          const all = (await call(['HGETALL', h])) as string[];
          expect(all).toHaveLength(4);
          expect(new Map([[all[0], all[1]], [all[2], all[3]]])).toEqual(new Map([['f1', 'v1'], ['f2', BINARY]]));
        }
        if (caps.has('sets')) {
          const s = key('s');
          expect(await call(['SADD', s, 'x', 'y', 'x'])).toBe(2);
          expect(await call(['SISMEMBER', s, 'y'])).toBe(1);
        }
        if (caps.has('sortedSets')) {
          const z = key('z');
          expect(await call(['ZADD', z, '2', 'b', '1', 'a'])).toBe(2);
          expect(await call(['ZRANGE', z, '0', '-1', 'WITHSCORES'])).toEqual(['a', '1', 'b', '2']);
        }
      });

      it('redis: MULTI / EXEC gives every queued command its own reply shape', async () => {
        const k = key('tx');
        expect(await call(['MULTI'])).toBe(OK);
        expect(await call(['SET', k, '5'])).toEqual(new StatusReply('QUEUED'));
        expect(await call(['INCR', k])).toEqual(new StatusReply('QUEUED'));
        expect(await call(['GET', k])).toEqual(new StatusReply('QUEUED'));
        expect(await call(['EXEC'])).toEqual([OK, 6, '6']);
      });
    }

    // ---- memcached family: the memcached command facet -----------------------------------------

    if (target.family === 'memcached' && target.memcachedFacet) {
      it('memcached: flags round-trip and gets returns a cas that cas() honours', async () => {
        const mc = engine.memcached!;
        const k = key('cas');
        expect(await mc.set(k, BINARY, 0, 42)).toBe('STORED');
        const v1 = (await mc.get(k))!;
        expect(v1.value).toBe(BINARY);
        expect(v1.flags).toBe(42);
        expect(await mc.cas(k, 'new', v1.cas)).toBe('STORED');
        expect(await mc.cas(k, 'newer', v1.cas)).toBe('EXISTS');
        expect(await mc.cas(key('cas-missing'), 'x', v1.cas)).toBe('NOT_FOUND');
        expect((await mc.get(k))!.value).toBe('new');
      });

      it('memcached: add / replace / append / prepend results', async () => {
        const mc = engine.memcached!;
        const k = key('store');
        expect(await mc.replace(k, 'x')).toBe('NOT_STORED');
        expect(await mc.append(k, 'x')).toBe('NOT_STORED');
        expect(await mc.add(k, 'mid')).toBe('STORED');
        expect(await mc.add(k, 'again')).toBe('NOT_STORED');
        expect(await mc.append(k, '>')).toBe('STORED');
        expect(await mc.prepend(k, '<')).toBe('STORED');
        expect((await mc.get(k))!.value).toBe('<mid>');
        expect(await mc.replace(k, 'r')).toBe('STORED');
      });

      it('memcached: incr/decr are unsigned 64-bit: wrap on incr, floor at 0 on decr', async () => {
        const mc = engine.memcached!;
        const k = key('u64');
        await mc.set(k, '18446744073709551615');
        expect(await mc.incr(k, 2)).toBe(1n);
        expect(await mc.decr(k, 5)).toBe(0n);
        expect(await mc.incr(key('u64-missing'), 1)).toBeNull();
        const s = key('text');
        await mc.set(s, 'abc');
        const err = await mc.incr(s, 1);
        expect(err).toBeInstanceOf(ErrorReply);
        expect((err as ErrorReply).message).toBe('CLIENT_ERROR cannot increment or decrement non-numeric value');
      });

      it('memcached: getMulti returns hits only; touch and gat find existing keys', async () => {
        const mc = engine.memcached!;
        const a = key('ga');
        const b = key('gb');
        await mc.set(a, '1');
        await mc.set(b, '2', 0, 7);
        const hits = await mc.getMulti([a, key('gmiss'), b]);
        expect([...hits.keys()].sort()).toEqual([a, b].sort());
        expect(hits.get(b)!.flags).toBe(7);
        expect(await mc.touch(a, 100)).toBe(true);
        expect(await mc.touch(key('tmiss'), 100)).toBe(false);
        expect((await mc.gat(b, 100))!.value).toBe('2');
        expect(await mc.gat(key('gatmiss'), 100)).toBeNull();
        expect(await mc.delete(a)).toBe(true);
        expect(await mc.delete(a)).toBe(false);
      });
    }
  });
}
