import { afterEach, describe, expect, it } from 'vitest';
import { openMemcachedStyle } from '../../engines/memcached/engine.js';
import { NullEngine } from '../../engines/null/null-engine.js';
import type { Capability, Engine, EngineFamily } from '../../engines/types.js';
import { KvWorkload, kvWorkloadFactory } from '../../workloads/kv.js';
import { workloadFactory } from '../../workloads/registry.js';
import { Rng } from '../../shared/rng.js';
import { WorkloadParamError, type WorkloadContext, type WorkloadParams } from '../../workloads/types.js';
import { summarizeDomain } from '../../workloads/summarize-domain.js';
import { DropEveryTenthWrite } from './scenarios/support/drop-writes.js';

function context(seed: number, threadIndex = 0, threadCount = 1, family: EngineFamily = 'null'): WorkloadContext {
  return {
    // The runner forks the run's stream per thread the same way.
    rng: new Rng(seed).fork(1).fork(threadIndex),
    seed,
    threadIndex,
    threadCount,
    family,
    capabilities: new Set<Capability>(['strings']),
    mode: { kind: 'native' },
  };
}

function kv(params: WorkloadParams, seed = 1, threadIndex = 0, threadCount = 1): KvWorkload {
  return kvWorkloadFactory.create(kvWorkloadFactory.resolveParams(params), context(seed, threadIndex, threadCount)) as KvWorkload;
}

/** The op stream as a user would see it: kind, key and value length of each step. */
function stream(workload: KvWorkload, steps: number): string[] {
  const engine = new NullEngine('0');
  const ops: string[] = [];
  for (let i = 0; i < steps; i++) {
    const kind = workload.step(engine);
    if (typeof kind !== 'number') throw new Error('kv step returned a Promise on the sync null engine');
    ops.push(`${workload.opKinds[kind]} ${workload.lastKey} ${workload.lastValueLength}`);
  }
  return ops;
}

describe('kv workload', () => {
  it('is registered as kv', () => {
    expect(workloadFactory('kv')).toBe(kvWorkloadFactory);
  });

  it('fills in defaults: memtier ratio 1:10, 32-byte values, everything preloaded', () => {
    expect(kvWorkloadFactory.resolveParams({})).toEqual({
      ratio: '1:10',
      keys: 100_000,
      keyPrefix: 'key:',
      keyPattern: 'uniform',
      dataSize: '32',
      ttlMs: 0,
      preload: 'all',
      guaranteedHit: false,
    });
  });

  it('resolved parameters build the same workload again (they are what results record)', () => {
    const once = kvWorkloadFactory.resolveParams({ keyPattern: 'S:R', preload: '0.5', dataSize: '10-20' });
    expect(kvWorkloadFactory.resolveParams(once)).toEqual(once);
    expect(once['keyPattern']).toBe('S:R');
    expect(once['preload']).toBe(0.5);
  });

  it.each([
    [{ ratio: '1-10' }, 'ratio', /expected SET:GET like 1:10/],
    [{ ratio: '0:0' }, 'ratio', /not both 0/],
    [{ keys: 0 }, 'keys', /whole number from 1/],
    [{ keys: '10k' }, 'keys', /whole number/],
    [{ keyPattern: 'pareto' }, 'keyPattern', /unknown key distribution/],
    [{ dataSize: 'big' }, 'dataSize', /whole number of bytes/],
    [{ ttlMs: -1 }, 'ttlMs', /whole number from 0/],
    [{ preload: 'some' }, 'preload', /all, none or a fraction/],
    [{ preload: 1.5 }, 'preload', /all, none or a fraction/],
    [{ guaranteedHit: 'yes' }, 'guaranteedHit', /true or false/],
    [{ guaranteedHit: true, preload: 'none' }, 'guaranteedHit', /needs preloaded keys/],
    [{ keyPrefix: 'a b' }, 'keyPrefix', /without spaces/],
    [{ ratoi: '1:1' }, 'ratoi', /unknown kv parameter; allowed: ratio, keys/],
  ])('refuses %j naming the field', (params, field, why) => {
    let error: unknown;
    try {
      kvWorkloadFactory.resolveParams(params);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkloadParamError);
    expect((error as WorkloadParamError).field).toBe(field);
    expect((error as Error).message).toMatch(new RegExp(`^${field}: `));
    expect((error as Error).message).toMatch(why);
  });

  it('mixes SETs and GETs by the ratio', () => {
    for (const [ratio, setShare] of [
      ['1:10', 1 / 11],
      ['1:1', 0.5],
      ['3:1', 0.75],
      ['0:1', 0],
      ['1:0', 1],
    ] as const) {
      const ops = stream(kv({ ratio, keys: 1000 }), 50_000);
      const sets = ops.filter((op) => op.startsWith('set ')).length;
      expect(Math.abs(sets / ops.length - setShare)).toBeLessThan(0.01);
    }
  });

  it('writes values of the configured sizes under prefixed keys', () => {
    const ops = stream(kv({ ratio: '1:0', keys: 50, keyPrefix: 'user:', dataSize: '100:1,200:1' }), 2000);
    const lengths = new Set(ops.map((op) => Number(op.split(' ')[2])));
    expect([...lengths].sort()).toEqual([100, 200]);
    for (const op of ops) expect(op).toMatch(/^set user:\d+ /);
    const keys = new Set(ops.map((op) => op.split(' ')[1]));
    expect(keys.size).toBe(50);
  });

  it('gives the same op stream for the same seed and thread, and a different one otherwise', () => {
    const params = { ratio: '1:3', keys: 10_000, keyPattern: 'zipfian', dataSize: '10-1000' };
    const first = stream(kv(params, 7), 5000);
    expect(stream(kv(params, 7), 5000)).toEqual(first);
    expect(stream(kv(params, 8), 5000)).not.toEqual(first);
    expect(stream(kv(params, 7, 1, 2), 5000)).not.toEqual(first);
  });

  it('keeps the measured stream independent of preload', async () => {
    const params = { keys: 1000, dataSize: '10-100' };
    const preloaded = kv(params, 3);
    await preloaded.preload(new NullEngine('0'));
    expect(stream(preloaded, 2000)).toEqual(stream(kv(params, 3), 2000));
  });

  it('sends GETs only to preloaded keys with guaranteedHit', () => {
    const ops = stream(kv({ keys: 1000, preload: 0.1, guaranteedHit: true, ratio: '0:1' }), 5000);
    const indices = ops.map((op) => Number(op.split(' ')[1]!.slice('key:'.length)));
    expect(Math.max(...indices)).toBeLessThan(100);
    expect(new Set(indices).size).toBe(100);
  });

  it('names keys per operation above the key cache limit, the same names as below it', () => {
    const big = kv({ keys: 2_000_000, ratio: '0:1' });
    for (const op of stream(big, 1000)) {
      const index = Number(op.split(' ')[1]!.slice('key:'.length));
      expect(Number.isInteger(index) && index >= 0 && index < 2_000_000).toBe(true);
    }
    expect(big.keyName(1_999_999)).toBe('key:1999999');
    expect(kv({ keys: 10 }).keyName(7)).toBe('key:7');
  });

  it('partitions preload across threads, covering the preloaded keys exactly once', () => {
    const slices = [0, 1, 2].map((t) => kv({ keys: 1000, preload: 0.5 }, 1, t, 3).preloadSlice());
    expect(slices).toEqual([
      { first: 0, end: 166 },
      { first: 166, end: 333 },
      { first: 333, end: 500 },
    ]);
  });

  it('walks its own slice with memtier P and sequential sets with S:R', () => {
    const t1 = stream(kv({ keys: 30, ratio: '1:0', keyPattern: 'P' }, 1, 1, 3), 12).map((op) => op.split(' ')[1]);
    expect(t1).toEqual(['key:10', 'key:11', 'key:12', 'key:13', 'key:14', 'key:15', 'key:16', 'key:17', 'key:18', 'key:19', 'key:10', 'key:11']);
    const mixed = stream(kv({ keys: 1000, ratio: '1:1', keyPattern: 'S:R' }), 400);
    const setKeys = mixed.filter((op) => op.startsWith('set')).map((op) => op.split(' ')[1]);
    expect(setKeys.slice(0, 5)).toEqual(['key:0', 'key:1', 'key:2', 'key:3', 'key:4']);
  });

  it('merges threads’ per-second counts into one hit-ratio curve', () => {
    const part = (hits: number[], misses: number[]) => ({
      figures: { hits: hits.reduce((a, b) => a + b, 0), misses: misses.reduce((a, b) => a + b, 0) },
      series: {
        hits: { xLabel: 'seconds', yLabel: 'hits', points: hits.map((y, i) => ({ x: i + 1, y })) },
        misses: { xLabel: 'seconds', yLabel: 'misses', points: misses.map((y, i) => ({ x: i + 1, y })) },
      },
    });
    const merged = summarizeDomain(kvWorkloadFactory, [part([0, 30, 40], [100, 70, 0]), part([10, 50], [90, 50])], {});
    expect(merged.domain!.series).toEqual({
      'hit ratio': { xLabel: 'seconds', yLabel: 'hit ratio', points: [{ x: 1, y: 0.05 }, { x: 2, y: 0.4 }, { x: 3, y: 1 }] },
    });
    expect(merged.domain!.figures).toEqual({ hits: 130, misses: 310, hitRatio: 130 / 440 });
  });

  it('counts every GET of the null engine as a miss, and merges threads in summarize', () => {
    const workload = kv({ ratio: '1:1', keys: 100 });
    stream(workload, 1000);
    const domain = workload.domain();
    expect(domain.figures['hits']).toBe(0);
    expect(Number(domain.figures['misses'])).toBeGreaterThan(400);
    expect(domain.figures['hitRatio']).toBe(0);
    const merged = summarizeDomain(
      kvWorkloadFactory,
      [{ figures: { hits: 30, misses: 10, hitRatio: 0.75 } }, { figures: { hits: 10, misses: 30, hitRatio: 0.25 } }],
      {},
    );
    expect(merged.domain!.figures).toEqual({ hits: 40, misses: 40, hitRatio: 0.5 });
    expect(merged.domain!.units).toEqual({ hits: 'count', misses: 'count', hitRatio: 'fraction' });
    workload.onMeasureStart();
    expect(workload.domain().figures).toEqual({ hits: 0, misses: 0 });
  });
});

describe('kv workload on the memcached-style engine', () => {
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close();
  });
  function memcachedStyle(): Engine {
    const engine = openMemcachedStyle({ memoryMb: 64 });
    engines.push(engine);
    return engine;
  }
  function on(engine: Engine, params: WorkloadParams, seed = 1, threadIndex = 0, threadCount = 1): KvWorkload {
    const ctx = { ...context(seed, threadIndex, threadCount, engine.info.family), capabilities: engine.info.capabilities };
    return kvWorkloadFactory.create(kvWorkloadFactory.resolveParams(params), ctx) as KvWorkload;
  }

  it('preloads so that every GET hits, and the guaranteed-hit check passes', async () => {
    const engine = memcachedStyle();
    const workload = on(engine, { keys: 2000, guaranteedHit: true, dataSize: '10-200' });
    await workload.preload(engine);
    workload.onMeasureStart();
    for (let i = 0; i < 5000; i++) workload.step(engine);
    const figures = workload.domain().figures;
    expect(Number(figures['hits'])).toBeGreaterThan(4000);
    expect(figures['misses']).toBe(0);
    expect(figures['hitRatio']).toBe(1);
    expect(await workload.check()).toEqual([
      { name: 'value lengths', passed: true, detail: expect.stringMatching(/^all \d+ values read had a length the dataSize spec 10-200 allows/) },
      { name: 'guaranteed hits', passed: true, detail: expect.stringMatching(/all \d+ GETs/) },
    ]);
  });

  it('hits about the preloaded fraction of a uniform key space', async () => {
    const engine = memcachedStyle();
    const workload = on(engine, { keys: 2000, preload: 0.25, ratio: '0:1' });
    await workload.preload(engine);
    for (let i = 0; i < 8000; i++) workload.step(engine);
    expect(Math.abs(Number(workload.domain().figures['hitRatio']) - 0.25)).toBeLessThan(0.03);
  });

  it('threads preload their slices into one shared store', async () => {
    const engine = memcachedStyle();
    const threads = [0, 1, 2].map((t) => on(engine, { keys: 1000 }, 1, t, 3));
    for (const t of threads) await t.preload(engine);
    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => engine.kv.get(`key:${i}`)));
    expect(values.every((v) => v !== null && v.length === 32)).toBe(true);
  });

  it('records hits and misses per second, which add up to the totals', async () => {
    const engine = memcachedStyle();
    const workload = on(engine, { keys: 2000, preload: 0.5, ratio: '0:1' });
    await workload.preload(engine);
    workload.onMeasureStart();
    // Just over a second of GETs, so the curve has two points.
    const until = performance.now() + 1100;
    while (performance.now() < until) for (let i = 0; i < 1000; i++) workload.step(engine);
    const domain = workload.domain();
    const hits = domain.series!['hits']!.points;
    const misses = domain.series!['misses']!.points;
    expect(hits.map((p) => p.x)).toEqual([1, 2]);
    expect(hits.reduce((s, p) => s + p.y, 0)).toBe(domain.figures['hits']);
    expect(misses.reduce((s, p) => s + p.y, 0)).toBe(domain.figures['misses']);
    const firstSecondRatio = hits[0]!.y / (hits[0]!.y + misses[0]!.y);
    expect(Math.abs(firstSecondRatio - 0.5)).toBeLessThan(0.05);
  });

  it('fails the guaranteed-hit check on an engine that loses writes', async () => {
    const lossy = new DropEveryTenthWrite(memcachedStyle());
    const workload = on(lossy, { keys: 500, guaranteedHit: true, ratio: '0:1' });
    await workload.preload(lossy);
    for (let i = 0; i < 3000; i++) workload.step(lossy);
    const check = (await workload.check()).find((c) => c.name === 'guaranteed hits')!;
    expect(check.passed).toBe(false);
    expect(check.detail).toMatch(/missed/);
  });

  it('fails the value-length check when stored values are not what was written', async () => {
    const engine = memcachedStyle();
    const workload = on(engine, { keys: 100, ratio: '0:1', dataSize: '32' });
    await workload.preload(engine);
    // Another writer truncates some values behind the workload's back.
    for (let i = 0; i < 10; i++) await engine.kv.set(`key:${i}`, 'truncated');
    for (let i = 0; i < 2000; i++) workload.step(engine);
    const [check] = await workload.check();
    expect(check!.name).toBe('value lengths');
    expect(check!.passed).toBe(false);
    expect(check!.detail).toMatch(/values read had a length outside 32..32 bytes/);
  });

  it('skips the value-length check when not every key was preloaded (old values may linger)', async () => {
    const engine = memcachedStyle();
    const workload = on(engine, { keys: 100, preload: 0.5 });
    expect(await workload.check()).toEqual([]);
  });
});

describe('kv preload through the redis-style engine thread', () => {
  it('pipelines the preload through the lanes and stores exactly what the direct loop stores', async () => {
    const { redisStyleFactory } = await import('../../engines/redis/factory.js');
    const { connectChannelEngine } = await import('../../engines/redis/threaded/host.js');
    const { RedisStyleEngine } = await import('../../engines/redis/engine.js');
    const { distUrl } = await import('../../shared/dist-url.js');
    const params = { keys: 3000, dataSize: '1-300' };
    const shared = await redisStyleFactory.prepareShared!({ threaded: true }, { seed: 1, workerUrl: distUrl });
    const direct = new RedisStyleEngine(undefined, 1);
    try {
      const channel = await connectChannelEngine(shared.payload as never);
      expect(channel.lanes, 'the channel engine offers lanes').toBeDefined();
      await kv(params, 9).preload(channel);
      await kv(params, 9).preload(direct);
      const keys = Array.from({ length: params.keys }, (_, i) => `key:${i}`);
      expect(await channel.redis!.call(['DBSIZE'])).toBe(params.keys);
      for (let at = 0; at < keys.length; at += 500) {
        const batch = ['MGET', ...keys.slice(at, at + 500)];
        expect(await channel.redis!.call(batch)).toEqual(await direct.redis.call(batch));
      }
      await channel.close();
    } finally {
      direct.close();
      await shared.release?.();
    }
  }, 30_000);
});
