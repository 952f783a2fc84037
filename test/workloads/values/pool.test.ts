import { describe, expect, it } from 'vitest';
import { ValuePool } from '../../../workloads/values/pool.js';
import { Rng } from '../../../shared/rng.js';

describe('ValuePool', () => {
  it('gives values of exactly the asked length, printable, JSON-safe bytes', () => {
    const pool = new ValuePool(5000, new Rng(1));
    for (const length of [0, 1, 13, 100, 4999, 5000]) {
      const value = pool.value(length);
      expect(value.length).toBe(length);
      expect(/^[A-Za-z0-9]*$/.test(value)).toBe(true);
      expect(JSON.parse(JSON.stringify(value))).toBe(value);
    }
  });

  it('varies the content of same-length values', () => {
    const pool = new ValuePool(100, new Rng(2));
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(pool.value(32));
    expect(seen.size).toBeGreaterThan(990);
  });

  it('is the same pool and the same windows for the same seed', () => {
    const a = new ValuePool(100, new Rng(3));
    const b = new ValuePool(100, new Rng(3));
    const c = new ValuePool(100, new Rng(4));
    const fromA = Array.from({ length: 50 }, () => a.value(40));
    expect(Array.from({ length: 50 }, () => b.value(40))).toEqual(fromA);
    expect(Array.from({ length: 50 }, () => c.value(40))).not.toEqual(fromA);
  });

  it('draws window offsets from a separate stream when given one, leaving its own untouched', () => {
    const a = new ValuePool(100, new Rng(5));
    const b = new ValuePool(100, new Rng(5));
    const other = new Rng(99);
    for (let i = 0; i < 10; i++) a.value(10, other);
    expect(a.value(40)).toBe(b.value(40));
  });
});
