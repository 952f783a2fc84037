/**
 * Slab classes: chunk sizes grow by the factor from the smallest chunk, 8-byte aligned, up to a
 * whole 1 MB page; memory is handed out a page at a time up to the limit.
 */
import { describe, expect, it } from 'vitest';
import { openMemcachedStyle } from '../../../engines/memcached/engine.js';
import { computeChunkSizes } from '../../../engines/memcached/slabs.js';

describe('slab classes', () => {
  it('grow by 1.25 from 96 bytes to a 1 MB page', () => {
    const sizes = computeChunkSizes(1.25);
    expect(sizes[0]).toBe(96);
    expect(sizes[1]).toBe(120);
    expect(sizes.at(-1)).toBe(1024 * 1024);
    for (let i = 1; i < sizes.length - 1; i++) {
      expect(sizes[i]! % 8).toBe(0);
      expect(sizes[i]! / sizes[i - 1]!).toBeGreaterThanOrEqual(1.2);
      expect(sizes[i]! / sizes[i - 1]!).toBeLessThanOrEqual(1.35);
    }
    expect(computeChunkSizes(2).length).toBeLessThan(sizes.length);
  });

  it('give each item the smallest class that fits and never exceed the page limit', () => {
    const e = openMemcachedStyle({ memoryMb: 3 });
    e.kv.set('a', 'x'.repeat(40)); // 48 + 1 + 40 = 89 → class 1 (96)
    e.kv.set('b', 'x'.repeat(60)); // 109 → class 2 (120)
    const slabs = e.slabStats();
    expect(slabs.get('1:chunk_size')).toBe(96);
    expect(slabs.get('1:used_chunks')).toBe(1);
    expect(slabs.get('2:chunk_size')).toBe(120);
    expect(slabs.get('2:used_chunks')).toBe(1);
    expect(slabs.get('1:chunks_per_page')).toBe(Math.floor((1024 * 1024) / 96));
    expect(slabs.get('total_malloced')).toBe(2 * 1024 * 1024);
    for (let i = 0; i < 3000; i++) e.kv.set(`big${i}`, 'z'.repeat(2000));
    expect(e.slabStats().get('total_malloced')).toBe(3 * 1024 * 1024);
    expect(e.verify().problems).toEqual([]);
  });
});
