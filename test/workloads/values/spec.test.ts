import { describe, expect, it } from 'vitest';
import { createValueSize, formatValueSize, parseValueSize } from '../../../workloads/values/spec.js';
import { Rng } from '../../../shared/rng.js';
import { WorkloadParamError } from '../../../workloads/types.js';

describe('value size specs', () => {
  it('parses fixed, range and weighted forms', () => {
    expect(parseValueSize('100', 'dataSize')).toEqual({ kind: 'fixed', length: 100 });
    expect(parseValueSize(32, 'dataSize')).toEqual({ kind: 'fixed', length: 32 });
    expect(parseValueSize('64-1024', 'dataSize')).toEqual({ kind: 'range', min: 64, max: 1024 });
    expect(parseValueSize('8-8', 'dataSize')).toEqual({ kind: 'fixed', length: 8 });
    expect(parseValueSize('100:7,1000:2,10000:1', 'dataSize')).toEqual({
      kind: 'weighted',
      entries: [
        { length: 100, weight: 7 },
        { length: 1000, weight: 2 },
        { length: 10000, weight: 1 },
      ],
    });
  });

  it('round-trips through its canonical string', () => {
    for (const text of ['100', '64-1024', '100:7,1000:2,10000:1', '0']) {
      expect(formatValueSize(parseValueSize(text, 'dataSize'))).toBe(text);
    }
  });

  it.each([
    ['abc', /'abc' is not a whole number of bytes/],
    ['-5', /not a whole number/],
    ['1024-64', /minimum above its maximum/],
    ['100:0', /weight '0' must be a positive number/],
    ['100:7,1000', /'1000' is not LENGTH:WEIGHT/],
    ['2000000', /above the 1048576-byte limit/],
    ['', /got ''/],
    ['1.5', /not a whole number/],
  ])('refuses %j naming the field and the allowed forms', (spec, why) => {
    let error: unknown;
    try {
      parseValueSize(spec, 'dataSize');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkloadParamError);
    expect((error as Error).message).toMatch(/^dataSize: /);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toContain('64-1024');
  });

  it('fixed sizes are always the same length', () => {
    const size = createValueSize('100', new Rng(1));
    expect(size.min).toBe(100);
    for (let i = 0; i < 100; i++) expect(size.next()).toBe(100);
  });

  it('range sizes are uniform over [min, max] inclusive', () => {
    const size = createValueSize('10-19', new Rng(2));
    const counts = new Uint32Array(20);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[size.next()]!++;
    expect(counts.slice(0, 10).every((c) => c === 0)).toBe(true);
    for (let len = 10; len < 20; len++) expect(Math.abs(counts[len]! / draws - 0.1)).toBeLessThan(0.005);
    expect(size.mean).toBe(14.5);
  });

  it('weighted sizes follow their weights', () => {
    const size = createValueSize('100:7,1000:2,10000:1', new Rng(3));
    const counts = new Map<number, number>();
    const draws = 100_000;
    for (let i = 0; i < draws; i++) {
      const len = size.next();
      counts.set(len, (counts.get(len) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([100, 1000, 10000]);
    expect(Math.abs(counts.get(100)! / draws - 0.7)).toBeLessThan(0.01);
    expect(Math.abs(counts.get(1000)! / draws - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(counts.get(10000)! / draws - 0.1)).toBeLessThan(0.01);
    expect(size.max).toBe(10000);
    expect(size.mean).toBeCloseTo(70 + 200 + 1000, 6);
  });
});
