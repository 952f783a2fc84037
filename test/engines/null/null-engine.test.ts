import { describe, expect, it } from 'vitest';
import { NullEngine, nullEngineFactory, serviceNsOption } from '../../../engines/null/null-engine.js';
import { runCell } from '../../../harness/cell/run-cell.js';

describe('null engine serviceNs', () => {
  it('accepts whole nanoseconds as a number or an --engine-opt string, and rejects anything else naming the option', () => {
    expect(serviceNsOption({})).toBe(0);
    expect(serviceNsOption({ serviceNs: 4000 })).toBe(4000);
    expect(serviceNsOption({ serviceNs: '250' })).toBe(250);
    for (const bad of [-1, 1.5, 'abc', '', true, 2e9]) {
      expect(() => nullEngineFactory.validateOptions!({ serviceNs: bad })).toThrow(/null option 'serviceNs': expected whole nanoseconds from 0 to 1000000000/);
    }
    expect(() => nullEngineFactory.validateOptions!({ serviceMs: 1 })).toThrow(/null option 'serviceMs': unknown; allowed: serviceNs/);
  });

  it('every operation takes at least the service time, and the run records the option', async () => {
    const engine = new NullEngine('test', 20_000);
    const t0 = performance.now();
    engine.kv.get('k');
    engine.kv.set('k', 'v');
    engine.redis!.call(['PING']);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(0.06);

    const r = await runCell({
      engine: { name: 'null', options: { serviceNs: 10_000 } },
      workload: { name: 'kv', params: { keys: 100 } },
      config: { requests: 200, warmupMs: 0, seed: 1, concurrency: 1 },
    });
    expect(r.engine.options).toMatchObject({ serviceNs: 10_000 });
    expect(r.summary.latency.min).toBeGreaterThanOrEqual(10_000 * 0.999);
  });
});

describe('null engine serviceModel=queue', () => {
  it('serves one operation at a time, first come first served, serviceNs each, without the load thread', async () => {
    const e = new NullEngine('t', 2_000_000, 'queue');
    expect(e.sync).toBe(false);
    const t0 = performance.now();
    const done: number[] = [];
    const ops = [e.kv.get('a'), e.kv.set('b', 'v'), e.redis.call(['PING'])].map((p, i) => Promise.resolve(p).then(() => done.push(i)));
    await Promise.all(ops);
    // Three 2 ms operations queue behind each other: the last is due 6 ms after the first arrived.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(6);
    expect(done).toEqual([0, 1, 2]);
    e.close();
  });

  it('names its values on bad input', () => {
    expect(() => nullEngineFactory.validateOptions!({ serviceNs: 1000, serviceModel: 'sleep' })).toThrow(/serviceModel': expected one of spin, queue/);
  });
});
