/**
 * The redis-style factory: direct in-thread engines for single-thread runs, one engine thread
 * behind the SharedArrayBuffer channel for several load threads, and a real threaded run
 * through the harness. Needs the compiled worker entry (`npm run build`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { redisStyleFactory } from '../../../engines/redis/factory.js';
import { EngineError, type Engine, type SharedEngineHandle } from '../../../engines/types.js';
import { runCell } from '../../../harness/cell/run-cell.js';
import { H_READY } from '../../../engines/redis/threaded/layout.js';
import { distUrl } from '../../../shared/dist-url.js';

const ONE = { index: 0, count: 1, isWorker: false };
const TWO = (index: number) => ({ index, count: 2, isWorker: false });

describe('redis-style factory', () => {
  const handles: SharedEngineHandle[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0)) await h.release?.();
  });

  it('one load thread gets a direct in-thread engine and no engine thread is started', async () => {
    const shared = await redisStyleFactory.prepareShared!({}, { seed: 1, workerUrl: distUrl });
    handles.push(shared);
    const e = await redisStyleFactory.create({}, shared, ONE);
    expect(e).toBeInstanceOf(RedisStyleEngine);
    await new Promise((r) => setTimeout(r, 50));
    const header = new Int32Array((shared.payload as { sab: SharedArrayBuffer }).sab);
    expect(header[H_READY]).toBe(0);
    await e.close();
  });

  it('threaded=true routes even one load thread through a started engine thread', async () => {
    const shared = await redisStyleFactory.prepareShared!({ threaded: 'true' }, { seed: 1, workerUrl: distUrl });
    handles.push(shared);
    const e = await redisStyleFactory.create({ threaded: 'true' }, shared, ONE);
    expect(e).not.toBeInstanceOf(RedisStyleEngine);
    e.kv.set('k', 'v');
    expect(e.kv.get('k')).toBe('v');
    await e.close();
  });

  it('rejects unknown options and bad values, naming the field and what is allowed', async () => {
    await expect(redisStyleFactory.create({ maxmem: 1 }, undefined, ONE)).rejects.toThrow(/'maxmem' is unknown; allowed: maxmemory/);
    await expect(redisStyleFactory.create({ 'maxmemory-policy': 'lfu' }, undefined, ONE)).rejects.toThrow(/noeviction, allkeys-lru/);
    await expect(redisStyleFactory.create({ threaded: 'maybe' }, undefined, ONE)).rejects.toThrow(/'threaded': must be true or false/);
    expect(() => redisStyleFactory.validateOptions!({ 'lane-spin-us': 'fast' })).toThrow(/'lane-spin-us': must be an integer number of µs from 0 to 10000 \(got 'fast'\)/);
    expect(() => redisStyleFactory.validateOptions!({ 'engine-spin-us': -1 })).toThrow(/'engine-spin-us'/);
    expect(() => redisStyleFactory.validateOptions!({ spin: 1 })).toThrow(/allowed: .*threaded, engine-spin-us, lane-spin-us/);
    await expect(redisStyleFactory.create({}, undefined, TWO(0))).rejects.toThrow(/prepareShared/);
  });

  it('several load threads share one engine thread through the channel', async () => {
    const shared = await redisStyleFactory.prepareShared!({ maxmemory: '64mb' }, { seed: 1, workerUrl: distUrl });
    handles.push(shared);
    const a: Engine = await redisStyleFactory.create({}, shared, TWO(0));
    const b: Engine = await redisStyleFactory.create({}, shared, TWO(1));
    expect(a).not.toBeInstanceOf(RedisStyleEngine);
    a.kv.set('k', 'bytes \x00\xff');
    expect(b.kv.get('k')).toBe('bytes \x00\xff');
    expect(b.kv.incr('n', 9007199254740991)).toBe(9007199254740991);
    expect(a.kv.incr('n', 2)).toBe(9007199254740993n);
    expect(a.redis!.call(['ZADD', 'z', '1.1', 'm'])).toBe(1);
    expect(b.redis!.call(['ZRANGE', 'z', '0', '-1', 'WITHSCORES'])).toEqual(['m', '1.1000000000000001']);
    expect(String(b.redis!.call(['NOPE']))).toContain('unknown command');
    expect(() => b.kv.get('z')).toThrow(/WRONGTYPE/);
    expect(a.kv.mget(['k', 'none'])).toEqual(['bytes \x00\xff', null]);
    // Sessions are separate: SELECT on one does not move the other.
    a.redis!.call(['SELECT', '1']);
    expect(a.kv.get('k')).toBeNull();
    expect(b.kv.get('k')).toBe('bytes \x00\xff');
    expect((await b.stats())['maxmemory']).toBe(64 * 1024 * 1024);
    await a.close();
    await b.close();
  });

  it('blocking commands and pub/sub work across the channel', async () => {
    const shared = await redisStyleFactory.prepareShared!({}, { seed: 1, workerUrl: distUrl });
    handles.push(shared);
    const a = await redisStyleFactory.create({}, shared, TWO(0));
    const b = await redisStyleFactory.create({}, shared, TWO(1));
    const waiter = await a.redis!.blockingClient!();
    const pending = waiter.call(['BLPOP', 'jobs', '5']);
    setTimeout(() => b.redis!.call(['RPUSH', 'jobs', 'j1']), 20);
    expect(await pending).toEqual(['jobs', 'j1']);
    const sub = await a.redis!.subscriber!();
    const got: string[] = [];
    sub.onMessage((ch, msg) => got.push(`${ch}:${msg}`));
    await sub.subscribe(['news']);
    expect(b.redis!.call(['PUBLISH', 'news', 'hello'])).toBe(1);
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual(['news:hello']);
    await sub.close();
    await waiter.close();
    await a.close();
    await b.close();
  });

  it('closing a blocking client while it waits ends the wait with nil and frees its session slot', async () => {
    const shared = await redisStyleFactory.prepareShared!({}, { seed: 1, workerUrl: distUrl });
    handles.push(shared);
    const a = await redisStyleFactory.create({}, shared, TWO(0));
    const waiter = await a.redis!.blockingClient!();
    const pending = waiter.call(['BLPOP', 'never', '0']);
    await new Promise((r) => setTimeout(r, 20));
    await waiter.close();
    expect(await pending).toBeNull();
    // Every slot can be claimed again (64 in all; the engine thread freed the cancelled one).
    await new Promise((r) => setTimeout(r, 50));
    const clients = [];
    for (let i = 0; i < 63; i++) clients.push(await a.redis!.blockingClient!());
    expect(a.redis!.call(['RPUSH', 'never', 'x'])).toBe(1);
    expect(a.redis!.call(['LLEN', 'never'])).toBe(1); // nobody was left waiting to take it
    for (const c of clients) await c.close();
    await a.close();
  });

  it('after release, calls fail fast with a closed error instead of hanging', async () => {
    const shared = await redisStyleFactory.prepareShared!({}, { seed: 1, workerUrl: distUrl });
    const a = await redisStyleFactory.create({}, shared, TWO(0));
    a.kv.set('k', 'v');
    await shared.release!();
    expect(() => a.kv.get('k')).toThrow(EngineError);
    expect(() => a.kv.get('k')).toThrow(/stopped/);
  });

  it('a two-thread harness run drives every operation through the single engine thread', async () => {
    const result = await runCell({
      engine: { name: 'redis-style' },
      workload: { name: 'kv', params: { keys: 1000, ratio: '1:1' } },
      config: { threads: 2, requests: 20_000, warmupMs: 0, concurrency: 1, seed: 7 },
    });
    expect(result.status).toBe('ok');
    expect(result.summary.ops).toBe(20_000);
    const delta = result.engine.stats!.delta;
    // Every measured operation reached the one engine thread (plus preload writes before).
    expect(delta['total_commands_processed']).toBeGreaterThanOrEqual(20_000);
  }, 60_000);
});
