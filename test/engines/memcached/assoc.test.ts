/**
 * The hash index: MurmurHash3 as memcached uses it (known vectors, string and byte forms
 * agree), and long chains in a small table still find, replace and delete the right items.
 */
import { describe, expect, it } from 'vitest';
import { hashBytes, hashKey } from '../../../engines/memcached/assoc.js';
import { openMemcachedStyle } from '../../../engines/memcached/engine.js';

describe('hash index', () => {
  it('hashes with MurmurHash3 x86_32, seed 0', () => {
    expect(hashKey('')).toBe(0);
    expect(hashKey('hello')).toBe(0x248bfa47);
    expect(hashKey('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
    for (const s of ['a', 'ab', 'abc', 'abcd', 'abcde', 'k\u00ff\u0080\u0000']) {
      const b = Buffer.from(s, 'latin1');
      expect(hashBytes(b, 0, b.length), s).toBe(hashKey(s));
    }
  });

  it('keeps long chains right through sets, replaces and deletes', () => {
    const e = openMemcachedStyle({ memoryMb: 8, hashPower: 10, lockPower: 4 }); // ~20 items a bucket
    for (let i = 0; i < 20_000; i++) e.kv.set(`key${i}`, `v${i}`);
    for (let i = 0; i < 20_000; i += 3) e.kv.set(`key${i}`, `w${i}`.repeat(20)); // other slab class
    for (let i = 0; i < 20_000; i += 7) e.kv.del(`key${i}`);
    for (let i = 0; i < 20_000; i++) {
      const expected = i % 7 === 0 ? null : i % 3 === 0 ? `w${i}`.repeat(20) : `v${i}`;
      if (e.kv.get(`key${i}`) !== expected) throw new Error(`key${i}: got ${e.kv.get(`key${i}`)}, expected ${expected}`);
    }
    expect(e.verify().problems).toEqual([]);
  });
});
