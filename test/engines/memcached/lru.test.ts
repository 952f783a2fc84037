/**
 * Eviction under the `-m` limit: filling beyond it evicts the least recently used items of
 * the class first, counts them in stats, gives recently read items a second chance, reclaims
 * expired items before evicting live ones, and never grows past the limit.
 */
import { describe, expect, it } from 'vitest';
import { openMemcachedStyle } from '../../../engines/memcached/engine.js';

const VALUE = 'v'.repeat(1000);

describe('LRU eviction', () => {
  it('evicts the oldest items first and counts them', () => {
    const e = openMemcachedStyle({ memoryMb: 2 });
    const n = 5000; // ~5 MB of items into 2 MB
    for (let i = 0; i < n; i++) e.kv.set(`key${i}`, VALUE);
    const stats = e.stats();
    const evictions = stats['evictions'] as number;
    expect(evictions).toBeGreaterThan(0);
    expect(stats['curr_items']).toBe(n - evictions);
    expect(stats['total_malloced']).toBeLessThanOrEqual(2 * 1024 * 1024);
    // Exactly the first `evictions` keys are gone, in order; the rest are all there.
    const present = Array.from({ length: n }, (_, i) => e.kv.get(`key${i}`) !== null);
    expect(present.indexOf(true)).toBe(evictions);
    expect(present.slice(evictions).every(Boolean)).toBe(true);
    // Per-class figures agree with the totals.
    let perClass = 0;
    for (const [name, value] of e.itemStats()) if (name.endsWith(':evicted')) perClass += value;
    expect(perClass).toBe(evictions);
    expect(e.stats()['evicted_unfetched']).toBe(evictions);
    expect(e.verify().problems).toEqual([]);
  });

  it('keeps recently read items over older unread ones', () => {
    const e = openMemcachedStyle({ memoryMb: 2 });
    for (let i = 0; i < 1000; i++) e.kv.set(`old${i}`, VALUE);
    // Read the first 100 twice (FETCHED, then ACTIVE): they get a second chance at the tail.
    for (let r = 0; r < 2; r++) for (let i = 0; i < 100; i++) e.kv.get(`old${i}`);
    for (let i = 0; i < 1200; i++) e.kv.set(`new${i}`, VALUE);
    const survivors = Array.from({ length: 100 }, (_, i) => e.kv.get(`old${i}`) !== null).filter(Boolean).length;
    const unreadSurvivors = Array.from({ length: 100 }, (_, i) => e.kv.get(`old${100 + i}`) !== null).filter(Boolean).length;
    expect(e.stats()['evictions'] as number).toBeGreaterThan(0);
    expect(unreadSurvivors).toBe(0);
    expect(survivors).toBe(100);
    expect(e.verify().problems).toEqual([]);
  });

  it('reclaims expired items before evicting live ones', () => {
    const e = openMemcachedStyle({ memoryMb: 2 });
    for (let i = 0; i < 1500; i++) e.memcached!.set(`dead${i}`, VALUE, -1); // expired at once
    for (let i = 0; i < 1500; i++) e.kv.set(`live${i}`, VALUE);
    const stats = e.stats();
    expect(stats['reclaimed'] as number).toBeGreaterThan(0);
    expect(stats['evictions']).toBe(0);
    expect(e.verify().problems).toEqual([]);
  });

  it('answers out of memory when a class has no page and nothing to evict', () => {
    const e = openMemcachedStyle({ memoryMb: 1 });
    e.kv.set('small', 'x'); // the only page goes to the smallest class
    expect(() => e.kv.set('large', 'y'.repeat(5000))).toThrow(/out of memory/);
    expect(e.stats()['store_no_memory']).toBe(1);
    expect(e.kv.get('small')).toBe('x');
    expect(e.verify().problems).toEqual([]);
  });
});
