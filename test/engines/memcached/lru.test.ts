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

describe('segmented LRU (lru=segmented: HOT / WARM / COLD)', () => {
  /** 50 keys read twice (FETCHED, then ACTIVE), then a scan of `scanKeys` keys written once. */
  function readThenScan(lru: 'flat' | 'segmented', scanKeys: number) {
    const e = openMemcachedStyle({ memoryMb: 2, lru });
    for (let i = 0; i < 50; i++) e.kv.set(`hot${i}`, VALUE);
    for (let r = 0; r < 2; r++) for (let i = 0; i < 50; i++) e.kv.get(`hot${i}`);
    for (let i = 0; i < scanKeys; i++) e.kv.set(`scan${i}`, VALUE);
    const survivors = Array.from({ length: 50 }, (_, i) => e.kv.get(`hot${i}`) !== null).filter(Boolean).length;
    return { e, survivors };
  }

  it('keys that were read survive a scan of keys written once ten times the memory; the flat LRU loses them', () => {
    // ~20 MB of 1 KB items through 2 MB.
    const flat = readThenScan('flat', 20_000);
    expect(flat.e.stats()['evictions']).toBeGreaterThan(15_000);
    expect(flat.survivors).toBe(0);
    const segmented = readThenScan('segmented', 20_000);
    expect(segmented.e.stats()['evictions']).toBeGreaterThan(15_000);
    expect(segmented.survivors).toBe(50);
    // They sit in WARM; the scan went through HOT and COLD.
    const items = segmented.e.itemStats();
    const cls = [...items.keys()].find((k) => k.endsWith(':number_warm') && items.get(k)! > 0)!;
    expect(items.get(cls)).toBe(50);
    expect(items.get(cls.replace('number_warm', 'moves_to_cold'))).toBeGreaterThan(15_000);
    expect(segmented.e.verify().problems).toEqual([]);
    expect(flat.e.verify().problems).toEqual([]);
  });

  it('keeps HOT within 20% and WARM within 40% of a class, and evicts the oldest unread items first', () => {
    const { e } = readThenScan('segmented', 3000);
    const items = e.itemStats();
    const number = [...items].filter(([k]) => k.endsWith(':number')).map(([k, v]) => [k.split(':')[1], v] as const);
    for (const [cls, n] of number) {
      expect(items.get(`items:${cls}:number_hot`)! + items.get(`items:${cls}:number_warm`)! + items.get(`items:${cls}:number_cold`)!).toBe(n);
      expect(items.get(`items:${cls}:number_hot`)!).toBeLessThanOrEqual(Math.ceil(n * 0.2) + 1);
      expect(items.get(`items:${cls}:number_warm`)!).toBeLessThanOrEqual(Math.ceil(n * 0.4) + 1);
    }
    // Of the scan, exactly the oldest keys went, in order.
    const evicted = e.stats()['evictions'] as number;
    const present = Array.from({ length: 3000 }, (_, i) => e.kv.get(`scan${i}`) !== null);
    expect(present.indexOf(true)).toBe(evicted);
    expect(present.slice(evicted).every(Boolean)).toBe(true);
    expect(e.verify().problems).toEqual([]);
  });

  it('is refused with the allowed values when misspelt', () => {
    expect(() => openMemcachedStyle({ lru: 'slru' })).toThrow(/memcached-style option lru: must be one of flat, segmented \(got "slru"\)/);
  });
});
