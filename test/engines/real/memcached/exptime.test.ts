import { describe, expect, it } from 'vitest';
import { exptimeFromTtlMs } from '../../../../engines/real/memcached/exptime.js';

describe('kv TTL → memcached exptime', () => {
  it('rounds up to whole seconds and keeps 0 as no expiry', () => {
    expect(exptimeFromTtlMs(undefined)).toBe(0);
    expect(exptimeFromTtlMs(0)).toBe(0);
    expect(exptimeFromTtlMs(1)).toBe(1);
    expect(exptimeFromTtlMs(1000)).toBe(1);
    expect(exptimeFromTtlMs(1001)).toBe(2);
  });

  it('turns TTLs beyond 30 days into absolute Unix times, as memcached reads them', () => {
    const thirtyDays = 30 * 24 * 3600;
    expect(exptimeFromTtlMs(thirtyDays * 1000)).toBe(thirtyDays);
    const now = Math.floor(Date.now() / 1000);
    const abs = exptimeFromTtlMs((thirtyDays + 1) * 1000);
    expect(abs).toBeGreaterThanOrEqual(now + thirtyDays + 1);
    expect(abs).toBeLessThanOrEqual(now + thirtyDays + 3);
  });
});
