/**
 * memcached's time rules: kv TTLs in milliseconds become whole seconds rounded up (absolute
 * beyond 30 days), and client exptimes map to the store's relative clock as realtime() does.
 */
import { describe, expect, it } from 'vitest';
import { realtime } from '../../../engines/memcached/expiry.js';
import { REALTIME_MAXDELTA, ttlMsToExptime } from '../../../engines/memcached/ttl.js';
import { H } from '../../../engines/memcached/layout.js';

describe('expiry', () => {
  it('rounds kv TTLs up to seconds and switches to absolute times past 30 days', () => {
    expect(ttlMsToExptime(0)).toBe(0);
    expect(ttlMsToExptime(undefined)).toBe(0);
    expect(ttlMsToExptime(1)).toBe(1);
    expect(ttlMsToExptime(1500)).toBe(2);
    expect(ttlMsToExptime(REALTIME_MAXDELTA * 1000)).toBe(REALTIME_MAXDELTA);
    const abs = ttlMsToExptime((REALTIME_MAXDELTA + 10) * 1000);
    expect(abs).toBeGreaterThan(Math.floor(Date.now() / 1000) + REALTIME_MAXDELTA);
    expect(ttlMsToExptime(-5)).toBe(-1);
  });

  it('maps client exptimes as memcached realtime()', () => {
    const w = new Int32Array(64);
    const started = 1_700_000_000;
    w[H.processStarted] = started;
    const now = 500; // relative seconds
    expect(realtime(w, 0, now)).toBe(0);
    expect(realtime(w, 10, now)).toBe(510);
    expect(realtime(w, REALTIME_MAXDELTA, now)).toBe(REALTIME_MAXDELTA + now);
    expect(realtime(w, REALTIME_MAXDELTA + 1, now)).toBe(1); // absolute, before start: expired
    expect(realtime(w, -1, now)).toBe(1);
    expect(realtime(w, started + 1000, now)).toBe(1000);
  });
});
