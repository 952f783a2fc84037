import { describe, expect, it } from 'vitest';
import { ttlMsToExptime } from '../../../engines/memcached/ttl.js';

describe('kv TTL → memcached exptime (in-process store and real-server clients alike)', () => {
  it('rounds up to whole seconds and keeps 0 as no expiry', () => {
    expect(ttlMsToExptime(undefined)).toBe(0);
    expect(ttlMsToExptime(0)).toBe(0);
    expect(ttlMsToExptime(1)).toBe(1);
    expect(ttlMsToExptime(1000)).toBe(1);
    expect(ttlMsToExptime(1001)).toBe(2);
  });

  it('turns TTLs beyond 30 days into absolute Unix times, as memcached reads them', () => {
    const thirtyDays = 30 * 24 * 3600;
    expect(ttlMsToExptime(thirtyDays * 1000)).toBe(thirtyDays);
    const now = Math.floor(Date.now() / 1000);
    const abs = ttlMsToExptime((thirtyDays + 1) * 1000);
    expect(abs).toBeGreaterThanOrEqual(now + thirtyDays + 1);
    expect(abs).toBeLessThanOrEqual(now + thirtyDays + 3);
  });

  it('a negative TTL expires at once (memcached exptime -1), never "no expiry"', () => {
    expect(ttlMsToExptime(-5)).toBe(-1);
  });
});
