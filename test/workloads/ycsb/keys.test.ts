import { describe, expect, it } from 'vitest';
import { fnvHash64 } from '../../../workloads/distributions/fnv.js';
import { YcsbKeyNames } from '../../../workloads/ycsb/keys.js';

describe('YCSB key names', () => {
  it('are the prefix and the FNV-1a hash of the record number, built once', () => {
    const names = new YcsbKeyNames('user');
    expect(names.at(0)).toBe(`user${fnvHash64(0)}`);
    expect(names.at(12)).toBe(`user${fnvHash64(12)}`);
    expect(names.at(5)).toMatch(/^user\d+$/);
    expect(names.at(12)).toBe(names.at(12));
    const all = new Set(Array.from({ length: 10_000 }, (_, i) => names.at(i)));
    expect(all.size).toBe(10_000);
  });

  it('scatter consecutive record numbers (insertorder=hashed)', () => {
    const names = new YcsbKeyNames('user');
    const sorted = Array.from({ length: 100 }, (_, i) => names.at(i)).sort();
    expect(sorted).not.toEqual(Array.from({ length: 100 }, (_, i) => names.at(i)));
  });

  it('name records by their number with insertorder=ordered', () => {
    const names = new YcsbKeyNames('user', 3, true);
    expect([names.at(0), names.at(2), names.at(41)]).toEqual(['user0', 'user2', 'user41']);
  });
});
