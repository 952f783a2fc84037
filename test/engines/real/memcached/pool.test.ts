import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { memcachedFactory } from '../../../../engines/real/memcached/factory.js';
import { KetamaContinuum } from '../../../../engines/real/memcached/ketama.js';
import { parseMemcachedUrl } from '../../../../engines/real/memcached/url.js';
import type { RemoteMemcachedEngine } from '../../../../engines/real/memcached/engine.js';
import { serverAvailable } from '../../../support/servers.js';

const THREAD = { index: 0, count: 1, isWorker: false };

describe.runIf(serverAvailable('memcached'))('memcached engine: a pool of two servers', () => {
  const servers: ManagedServer[] = [];
  beforeAll(async () => {
    servers.push(await startMemcached({ threads: 1, memoryMb: 16 }), await startMemcached({ threads: 1, memoryMb: 16 }));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  for (const client of ['text', 'memjs'] as const) {
    it(`${client}: weights in the URL (host:port:weight) put each key where the weighted continuum says, moving keys to the heavier server`, async () => {
      const url = `memcached://127.0.0.1:${servers[0]!.port}:3,127.0.0.1:${servers[1]!.port}:1`;
      const engine = (await memcachedFactory.create({ url, client }, undefined, THREAD)) as RemoteMemcachedEngine;
      try {
        // Counted as curr_items deltas, and deleted after: flushed items stay in curr_items until
        // memcached reclaims them, which would disturb the other tests' counts on these servers.
        const count = (): Promise<number[]> => Promise.all([0, 1].map(async (s) => Number((await engine.statsOf(s))['curr_items'])));
        const keys = Array.from({ length: 400 }, (_, i) => `weighted:${client}:${i}`);
        const before = await count();
        await Promise.all(keys.map((k) => engine.kv.set(k, 'v')));
        const ring = new KetamaContinuum(parseMemcachedUrl(url).servers);
        const expected = [0, 0];
        for (const k of keys) expected[ring.serverFor(k)]!++;
        const items = (await count()).map((n, s) => n - before[s]!);
        await Promise.all(keys.map((k) => engine.kv.del(k)));
        expect(items).toEqual(expected);
        // The weights did something: server 0 holds more keys than it would with equal weights
        // (its points are a superset of its equal-weight points, server 1's a subset) and the
        // majority. The exact share depends on the free ports the servers got (the points are
        // hashed from host:port), so it is not asserted against 3:1 itself.
        const equal = new KetamaContinuum(parseMemcachedUrl(url).servers.map((s) => ({ ...s, weight: 1 })));
        const equalOnFirst = keys.filter((k) => equal.serverFor(k) === 0).length;
        expect(items[0]!).toBeGreaterThan(equalOnFirst);
        expect(items[0]!).toBeGreaterThan(items[1]!);
        const stats = await engine.stats();
        expect(stats[`127.0.0.1:${servers[0]!.port}/ketama_weight`]).toBe(3);
        expect(stats[`127.0.0.1:${servers[1]!.port}/ketama_weight`]).toBe(1);
      } finally {
        await engine.close();
      }
    });

    it(`${client}: keys spread over both servers and every key is found again`, async () => {
      const url = `memcached://127.0.0.1:${servers[0]!.port},127.0.0.1:${servers[1]!.port}`;
      const engine = (await memcachedFactory.create({ url, client }, undefined, THREAD)) as RemoteMemcachedEngine;
      try {
        await engine.flush();
        const keys = Array.from({ length: 400 }, (_, i) => `pool:${client}:${i}`);
        await Promise.all(keys.map((k, i) => engine.kv.set(k, `v${i}`)));
        const items = await Promise.all([0, 1].map(async (s) => Number((await engine.statsOf(s))['curr_items'])));
        for (const n of items) expect(n).toBeGreaterThan(120); // ~200 each
        expect(items[0]! + items[1]!).toBe(400);
        expect(await engine.kv.mget(keys)).toEqual(keys.map((_, i) => `v${i}`));
        // Both drivers place keys alike: the memcached facet (text) finds what memjs stored.
        expect((await engine.memcached!.get(keys[7]!))?.value).toBe('v7');
        const stats = await engine.stats();
        expect(stats['pool_servers']).toBe(2);
        expect(typeof stats[`127.0.0.1:${servers[1]!.port}/curr_items`]).toBe('number');
      } finally {
        await engine.close();
      }
    });
  }
});
