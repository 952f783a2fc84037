/**
 * verify() must find real damage: each case plants one defect in shared memory and expects
 * the walk to name it (so the clean results in the concurrency tests mean something).
 */
import { describe, expect, it } from 'vitest';
import { openMemcachedStyle, type MemcachedStyleEngine } from '../../../engines/memcached/engine.js';
import { bucketOf } from '../../../engines/memcached/assoc.js';
import { I } from '../../../engines/memcached/item-header.js';
import { C } from '../../../engines/memcached/layout.js';

function filled(): { e: MemcachedStyleEngine; first: number } {
  const e = openMemcachedStyle({ memoryMb: 2, hashPower: 12 });
  for (let i = 0; i < 200; i++) e.kv.set(`k${i}`, `value${i}`);
  const w = e.mem.i32;
  const first = w[e.mem.classWord(1, C.lruHead)]!;
  return { e, first };
}

describe('verify()', () => {
  it('is clean on a healthy store', () => {
    const { e } = filled();
    const r = e.verify();
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.linkedItems).toBe(200);
  });

  it('finds a broken LRU back pointer', () => {
    const { e, first } = filled();
    const second = e.mem.i32[(first >> 2) + I.next]!;
    e.mem.i32[(second >> 2) + I.prev] = 0;
    expect(e.verify().problems.join('\n')).toMatch(/LRU: item \d+ prev 0 != \d+/);
  });

  it('finds a key whose bytes no longer match its hash', () => {
    const { e, first } = filled();
    e.mem.u8[first + 48] ^= 1;
    expect(e.verify().problems.join('\n')).toMatch(/stored hash does not match its key/);
  });

  it('finds a free-list count that disagrees with the list', () => {
    const { e } = filled();
    e.mem.i32[e.mem.classWord(1, C.freeCount)]! += 1;
    expect(e.verify().problems.join('\n')).toMatch(/free list: count \d+ != walked \d+/);
  });

  it('finds an item dropped from its hash chain but still in the LRU', () => {
    const { e, first } = filled();
    const hv = e.mem.i32[(first >> 2) + I.hash]! >>> 0;
    const bucket = e.mem.bucketBase + bucketOf(e.mem.i32, hv);
    expect(e.mem.i32[bucket]).toBe(first); // newest item heads its chain
    e.mem.i32[bucket] = e.mem.i32[(first >> 2) + I.hnext]!;
    expect(e.verify().problems.join('\n')).toMatch(/is not in the hash index/);
  });

  it('finds a leaked chunk', () => {
    const { e, first } = filled();
    // Take the head item out of everything without freeing it.
    e.kv.del(e.mem.buf.latin1Slice(first + 48, first + 48 + e.mem.i32[(first >> 2) + I.nkey]!));
    const w = e.mem.i32;
    const freeHead = w[e.mem.classWord(1, C.freeHead)]!;
    w[e.mem.classWord(1, C.freeHead)] = w[(freeHead >> 2) + I.next]!;
    w[e.mem.classWord(1, C.freeCount)]! -= 1;
    expect(e.verify().problems.join('\n')).toMatch(/\(leak\)/);
  });
});
