import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerFactory } from '../../../../engines/real/redis/factory.js';
import type { Engine, SharedEngineHandle } from '../../../../engines/types.js';
import { serverAvailable } from '../../../support/servers.js';
import { distUrl } from '../../../../shared/dist-url.js';

const THREAD = { index: 0, count: 1, isWorker: false };

describe.runIf(serverAvailable('redis-server'))('redis-server engine', () => {
  let shared: SharedEngineHandle;
  beforeAll(async () => {
    shared = await redisServerFactory.prepareShared!({ persistence: 'aof-everysec' }, { seed: 1, workerUrl: distUrl });
  });
  afterAll(async () => {
    await shared?.release?.();
  });

  it('records the server facts and reports itself as managed with persistence', async () => {
    expect(shared.facts).toMatchObject({ server: 'redis-server', persistence: 'aof', appendfsync: 'everysec' });
    const engine = await redisServerFactory.create({}, shared, THREAD);
    try {
      expect(engine.info).toMatchObject({ name: 'redis-server', family: 'redis', location: 'managed', version: shared.facts!['version'] });
      expect(engine.info.capabilities.has('persistence')).toBe(true);
      const stats = await engine.stats();
      expect(stats['aof_enabled']).toBe(1);
      expect(typeof stats['used_cpu_sys']).toBe('number');
      expect(typeof stats['keyspace_hits']).toBe('number');
    } finally {
      await engine.close();
    }
  });

  for (const options of [
    { client: 'resp', connections: 3 },
    { client: 'ioredis', connections: 2, pipeline: 8 },
    { client: 'ioredis', autoPipelining: true },
  ]) {
    it(`${JSON.stringify(options)}: 1000 concurrent sets then gets each get their own reply`, async () => {
      const engine: Engine = await redisServerFactory.create(options, shared, THREAD);
      try {
        await engine.flush();
        const keys = Array.from({ length: 1000 }, (_, i) => `c:${i}`);
        await Promise.all(keys.map((k, i) => engine.kv.set(k, `v${i}`)));
        const values = await Promise.all(keys.map((k) => engine.kv.get(k)));
        expect(values).toEqual(keys.map((_, i) => `v${i}`));
        const before = (await engine.stats())['keyspace_hits'] as number;
        await Promise.all(keys.map((k) => engine.kv.get(k)));
        expect(((await engine.stats())['keyspace_hits'] as number) - before).toBe(1000);
      } finally {
        await engine.close();
      }
    });
  }

  it('pub/sub: a subscriber gets channel and pattern messages published through call', async () => {
    const engine = await redisServerFactory.create({}, shared, THREAD);
    const sub = await engine.redis!.subscriber!();
    try {
      const got: [string, string, string | undefined][] = [];
      sub.onMessage((channel, message, pattern) => got.push([channel, message, pattern]));
      await sub.subscribe(['news']);
      await sub.psubscribe(['sport.*']);
      expect(await engine.redis!.call(['PUBLISH', 'news', 'hello\x00\xff'])).toBe(1);
      expect(await engine.redis!.call(['PUBLISH', 'sport.tennis', 'ace'])).toBe(1);
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(got).toEqual([
        ['news', 'hello\x00\xff', undefined],
        ['sport.tennis', 'ace', 'sport.*'],
      ]);
    } finally {
      await sub.close();
      await engine.close();
    }
  });

  it('blocking: BLPOP on the blocking client waits without holding up other traffic', async () => {
    const engine = await redisServerFactory.create({ timeoutMs: 200 }, shared, THREAD);
    const blocking = await engine.redis!.blockingClient!();
    try {
      // Longer than the engine's request timeout: the blocking connection has none.
      const popped = blocking.call(['BLPOP', 'queue', '1']);
      await new Promise((r) => setTimeout(r, 400));
      await engine.kv.set('other', 'still served');
      expect(await engine.kv.get('other')).toBe('still served');
      expect(await engine.redis!.call(['RPUSH', 'queue', 'job'])).toBe(1);
      expect(await popped).toEqual(['queue', 'job']);
    } finally {
      await blocking.close();
      await engine.close();
    }
  });
});
