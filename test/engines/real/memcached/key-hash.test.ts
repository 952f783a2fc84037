import { describe, expect, it } from 'vitest';
import { serverIndexForKey } from '../../../../engines/real/memcached/key-hash.js';

describe('pool key placement', () => {
  it('is stable and spreads keys evenly over the servers', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const s = serverIndexForKey(`user:${i}`, 3);
      expect(serverIndexForKey(`user:${i}`, 3)).toBe(s);
      counts[s]!++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(600);
  });

  it('sends everything to the only server of a one-server pool', () => {
    expect(serverIndexForKey('anything', 1)).toBe(0);
  });

  it('hashes bytes, so keys differing only in a high byte land apart', () => {
    const a = serverIndexForKey('k\xe9', 1 << 30);
    const b = serverIndexForKey('k\xea', 1 << 30);
    expect(a).not.toBe(b);
  });
});
