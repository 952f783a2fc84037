/**
 * The engine thread's key cache (engines/redis/threaded/key-cache.ts): every key it returns is
 * exactly `prefix + index` (or the interned string's value), the same object each time while
 * there is room, and keys past its bounds are still right, only built afresh.
 */
import { describe, expect, it } from 'vitest';
import { KeyCache, MAX_INDEX, MAX_PREFIXES } from '../../../../engines/redis/threaded/key-cache.js';

describe('redis-style engine thread: key cache', () => {
  it('gives prefix + index, the same object on every ask, shared with intern', () => {
    const keys = new KeyCache();
    const stored = keys.intern(['key:', '42'].join('')); // a preloaded key, interned first
    const table = keys.table('key:');
    expect(keys.keyAt(table, 'key:', 42)).toBe(stored);
    const seven = keys.keyAt(table, 'key:', 7);
    expect(seven).toBe('key:7');
    expect(keys.keyAt(table, 'key:', 7)).toBe(seven);
    expect(keys.intern('key:' + String(7))).toBe(seven);
    const long = keys.keyAt(keys.table('cachebench:a-long-prefix:'), 'cachebench:a-long-prefix:', 123456);
    expect(long).toBe('cachebench:a-long-prefix:123456');
    expect(keys.keyAt(table, 'key:', 4294967295)).toBe('key:4294967295');
  });

  it('stays exact past its bounds: far indexes and too many prefixes are built each time', () => {
    const keys = new KeyCache();
    const table = keys.table('k');
    expect(keys.keyAt(table, 'k', MAX_INDEX + 5)).toBe(`k${MAX_INDEX + 5}`);
    expect(table!.length).toBe(0); // a far index does not grow the table
    for (let i = 0; i < MAX_PREFIXES; i++) keys.table(`p${i}:`);
    expect(keys.table('one-too-many:')).toBeNull();
    expect(keys.keyAt(null, 'one-too-many:', 3)).toBe('one-too-many:3');
  });
});
