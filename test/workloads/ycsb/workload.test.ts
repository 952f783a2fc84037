import { afterEach, describe, expect, it } from 'vitest';
import { NullEngine } from '../../../engines/null/null-engine.js';
import { openMemcachedStyle } from '../../../engines/memcached/engine.js';
import { resolveConfig as resolveRedisConfig } from '../../../engines/redis/config.js';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { CapabilityError, type Engine } from '../../../engines/types.js';
import { workloadFactory } from '../../../workloads/registry.js';
import { Rng } from '../../../shared/rng.js';
import type { WorkloadInstance, WorkloadParams } from '../../../workloads/types.js';
import { YcsbKeyNames } from '../../../workloads/ycsb/keys.js';
import { DropEveryTenthWrite } from '../scenarios/support/drop-writes.js';

const opened: Engine[] = [];
afterEach(async () => {
  for (const engine of opened.splice(0)) await engine.close();
});

function memcachedStyle(): Engine {
  const engine = openMemcachedStyle({ memoryMb: 64 });
  opened.push(engine);
  return engine;
}

function instance(name: string, engine: Engine, params: WorkloadParams = {}, seed = 1, threadIndex = 0, threadCount = 1): WorkloadInstance {
  const factory = workloadFactory(name)!;
  return factory.create(factory.resolveParams(params), {
    rng: new Rng(seed).fork(1).fork(threadIndex),
    seed,
    threadIndex,
    threadCount,
    family: engine.info.family,
    capabilities: engine.info.capabilities,
    // YCSB picks its storage layout from the family and capabilities itself (it depends on
    // `storage`), so its own refusals are what these tests reach; the cell's pairing is not read.
    mode: { kind: 'native' },
  });
}

/** Runs `steps` steps the way the closed loop does with one lane; counts by kind name. */
async function drive(workload: WorkloadInstance, engine: Engine, steps: number): Promise<Map<string, number>> {
  const kinds = new Map<string, number>();
  for (let i = 0; i < steps; i++) {
    let kind = workload.step(engine);
    // The contract: a sync engine's step returns a plain number, never a Promise.
    if (typeof kind !== 'number') {
      if (engine.sync) throw new Error(`step ${i} returned a Promise on the sync engine ${engine.info.name}`);
      kind = await kind;
    }
    const name = workload.opKinds[kind]!;
    kinds.set(name, (kinds.get(name) ?? 0) + 1);
  }
  return kinds;
}

describe('YCSB workloads', () => {
  it('mix operations by the preset proportions', async () => {
    const engine = new NullEngine('0');
    const steps = 40_000;
    const expected: Record<string, Record<string, number>> = {
      'ycsb-a': { read: 0.5, update: 0.5 },
      'ycsb-b': { read: 0.95, update: 0.05 },
      'ycsb-c': { read: 1 },
      'ycsb-d': { read: 0.95, insert: 0.05 },
      'ycsb-f': { read: 0.5, readmodifywrite: 0.5 },
    };
    for (const [name, mix] of Object.entries(expected)) {
      const workload = instance(name, engine, { recordcount: 1000 });
      expect(workload.opKinds).toEqual(Object.keys(mix));
      const kinds = await drive(workload, engine, steps);
      for (const [kind, share] of Object.entries(mix)) {
        expect(Math.abs((kinds.get(kind) ?? 0) / steps - share)).toBeLessThan(0.01);
      }
    }
  });

  it('refuses workload E on engines that cannot order keys, naming sortedSets', () => {
    for (const engine of [new NullEngine('0'), memcachedStyle()]) {
      let error: unknown;
      try {
        instance('ycsb-e', engine);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CapabilityError);
      expect((error as CapabilityError).missing).toEqual(['sortedSets']);
      expect((error as Error).message).toMatch(/ycsb-e.*sortedSets/);
    }
  });

  it('refuses storage=hash on an engine without hashes', () => {
    expect(() => instance('ycsb-a', memcachedStyle(), { storage: 'hash' })).toThrow(/needs hashes/);
  });

  for (const name of ['ycsb-a', 'ycsb-b', 'ycsb-c', 'ycsb-d', 'ycsb-f']) {
    it(`${name} runs on the memcached-style engine as JSON records, finds every record and passes its check`, async () => {
      const engine = memcachedStyle();
      const workload = instance(name, engine, { recordcount: 500 });
      await workload.preload!(engine);
      workload.onMeasureStart!();
      const kinds = await drive(workload, engine, 3000);
      expect([...kinds.values()].reduce((s, n) => s + n, 0)).toBe(3000);
      const figures = workload.domain!().figures;
      expect(figures['storage']).toBe('record');
      expect(figures['notFound']).toBe(0);
      if (name === 'ycsb-d') expect(Number(figures['inserts'])).toBeGreaterThan(100);
      const checks = await workload.check!(engine);
      expect(checks.map((c) => [c.name, c.passed])).toEqual([['records intact', true]]);
      // The records really are there, as YCSB's memcached binding would store them.
      const record = JSON.parse((await engine.kv.get(new YcsbKeyNames('user').at(7)))!);
      expect(Object.keys(record)).toEqual(Array.from({ length: 10 }, (_, i) => `field${i}`));
      expect(Object.values(record).every((v) => (v as string).length === 100)).toBe(true);
    });
  }

  it('counts records that are not there (nothing preloaded)', async () => {
    const engine = memcachedStyle();
    const workload = instance('ycsb-c', engine, { recordcount: 100 });
    await drive(workload, engine, 200);
    expect(workload.domain!().figures['notFound']).toBe(200);
  });

  it('leaves the same data for the same seed and different data for another seed', async () => {
    const snapshot = async (seed: number): Promise<(string | null)[]> => {
      const engine = memcachedStyle();
      const workload = instance('ycsb-a', engine, { recordcount: 200 }, seed);
      await workload.preload!(engine);
      await drive(workload, engine, 2000);
      const names = new YcsbKeyNames('user');
      return Promise.all(Array.from({ length: 200 }, (_, i) => engine.kv.get(names.at(i))));
    };
    const first = await snapshot(5);
    expect(first.every((v) => v !== null)).toBe(true);
    expect(await snapshot(5)).toEqual(first);
    expect(await snapshot(6)).not.toEqual(first);
  });

  it('partitions the load phase across threads: together they load every record once', async () => {
    const engine = memcachedStyle();
    const threads = [0, 1, 2].map((t) => instance('ycsb-c', engine, { recordcount: 301 }, 1, t, 3));
    for (const t of threads) await t.preload!(engine);
    const names = new YcsbKeyNames('user');
    const values = await Promise.all(Array.from({ length: 302 }, (_, i) => engine.kv.get(names.at(i))));
    expect(values.slice(0, 301).every((v) => v !== null)).toBe(true);
    expect(values[301]).toBeNull();
    expect(stats(engine)).toBeGreaterThanOrEqual(301);
  });

  it('fails its check when the engine loses writes', async () => {
    const lossy = new DropEveryTenthWrite(memcachedStyle());
    const workload = instance('ycsb-c', lossy, { recordcount: 500 });
    await workload.preload!(lossy);
    const [check] = await workload.check!(lossy);
    expect(lossy.dropped).toBeGreaterThan(0);
    expect(check!.passed).toBe(false);
    expect(check!.detail).toMatch(/missing/);
  });
});

function stats(engine: Engine): number {
  const s = engine.stats() as Record<string, string | number>;
  return Number(s['curr_items'] ?? s['total_items'] ?? 0);
}

describe('YCSB workloads on the redis-style engine', () => {
  function redisStyle(): Engine {
    const engine = new RedisStyleEngine(resolveRedisConfig({}));
    opened.push(engine);
    return engine;
  }

  for (const name of ['ycsb-a', 'ycsb-b', 'ycsb-c', 'ycsb-d', 'ycsb-e', 'ycsb-f']) {
    it(`${name} stores records as hashes, finds every record and passes its checks`, async () => {
      const engine = redisStyle();
      const workload = instance(name, engine, { recordcount: 500 });
      await workload.preload!(engine);
      workload.onMeasureStart!();
      await drive(workload, engine, 2000);
      const figures = workload.domain!().figures;
      expect(figures['storage']).toBe('hash');
      expect(figures['notFound']).toBe(0);
      const checks = await workload.check!(engine);
      expect(checks.every((c) => c.passed)).toBe(true);
      expect(checks.map((c) => c.name)).toEqual(name === 'ycsb-e' ? ['records intact', 'scan index complete'] : ['records intact']);
      const record = await engine.redis!.call(['HGETALL', new YcsbKeyNames('user').at(3)]);
      expect((record as string[]).length).toBe(20);
    });
  }

  it('E scans return about half the maximum scan length on average, in record order', async () => {
    const engine = redisStyle();
    const workload = instance('ycsb-e', engine, { recordcount: 2000, insertproportion: 0 });
    await workload.preload!(engine);
    workload.onMeasureStart!();
    await drive(workload, engine, 1000);
    const perScan = Number(workload.domain!().figures['scannedRecords']) / 1000;
    // Uniform lengths 1..100 average 50.5; scans that start near the end come back shorter.
    expect(perScan).toBeGreaterThan(40);
    expect(perScan).toBeLessThan(51);
    const names = new YcsbKeyNames('user');
    const listed = await engine.redis!.call(['ZRANGEBYSCORE', '_indices', '10', '+inf', 'LIMIT', '0', '3']);
    expect(listed).toEqual([names.at(10), names.at(11), names.at(12)]);
  });

  it('reads one field with HMGET when readallfields is false, and can be told to store JSON records', async () => {
    const engine = redisStyle();
    const oneField = instance('ycsb-c', engine, { recordcount: 100, readallfields: false });
    await oneField.preload!(engine);
    await drive(oneField, engine, 500);
    expect(oneField.domain!().figures['notFound']).toBe(0);
    const stats = engine.stats() as Record<string, string | number>;
    expect(String(stats['cmdstat_hmget'])).toMatch(/^calls=500,/);
    expect(stats['cmdstat_hgetall']).toBeUndefined();

    const json = instance('ycsb-a', engine, { recordcount: 100, storage: 'record', keyprefix: 'doc' });
    await json.preload!(engine);
    await drive(json, engine, 500);
    expect(json.domain!().figures['storage']).toBe('record');
    expect(Object.keys(JSON.parse((await engine.kv.get(new YcsbKeyNames('doc').at(1)))!))).toHaveLength(10);
    expect((await json.check!(engine))[0]!.passed).toBe(true);
  });

  it('replaces records an earlier run left behind, so every loaded record is exactly this run’s', async () => {
    const engine = redisStyle();
    const stale = new YcsbKeyNames('user').at(4);
    const extra = Array.from({ length: 20 }, (_, i) => [`field${i}`, 'old']).flat();
    await engine.redis!.call(['HSET', stale, ...extra]);
    const workload = instance('ycsb-c', engine, { recordcount: 50 });
    await workload.preload!(engine);
    expect(await engine.redis!.call(['HLEN', stale])).toBe(10);
    expect((await workload.check!(engine))[0]!.passed).toBe(true);
  });

  it('fails its check when the engine loses writes', async () => {
    const lossy = new DropEveryTenthWrite(redisStyle());
    const workload = instance('ycsb-a', lossy, { recordcount: 500 });
    await workload.preload!(lossy);
    const [check] = await workload.check!(lossy);
    expect(check!.passed).toBe(false);
  });
});
