import { describe, expect, it } from 'vitest';
import { NullEngine, nullEngineFactory, nullServiceUs } from '../../../engines/null/null-engine.js';

describe('null engine serviceUs', () => {
  it('is synchronous and free by default', () => {
    const e = new NullEngine('t');
    expect(e.sync).toBe(true);
    expect(e.kv.get('k')).toBeNull();
  });

  it('serves one operation at a time, first come first served, serviceUs each', async () => {
    const e = new NullEngine('t', 2000);
    expect(e.sync).toBe(false);
    const t0 = performance.now();
    const done: number[] = [];
    const ops = [e.kv.get('a'), e.kv.set('b', 'v'), e.redis.call(['PING'])].map((p, i) => Promise.resolve(p).then(() => done.push(i)));
    await Promise.all(ops);
    // Three 2 ms operations queue behind each other: the last cannot finish before 6 ms.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(6);
    expect(done).toEqual([0, 1, 2]);
    e.close();
  });

  it('validates its one option by name', () => {
    expect(nullServiceUs({})).toBe(0);
    expect(nullServiceUs({ serviceUs: '250' })).toBe(250);
    expect(() => nullEngineFactory.validateOptions!({ serviceUs: -1 })).toThrow(/serviceUs.*from 0 to 1000000/);
    expect(() => nullEngineFactory.validateOptions!({ servceUs: 1 })).toThrow(/unknown.*serviceUs/);
  });
});
