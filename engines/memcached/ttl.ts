/**
 * kv TTLs (milliseconds, 0 = none) as memcached exptimes, for every memcached-family engine —
 * the in-process store and the clients of real servers alike, so a TTL means the same on both:
 * whole seconds rounded up (memcached cannot expire sooner), an absolute Unix time beyond 30
 * days (memcached reads larger relative values as absolute), and a negative TTL as -1, which
 * memcached expires at once.
 */

/** memcached's REALTIME_MAXDELTA: exptimes above this are absolute Unix times. */
export const REALTIME_MAXDELTA = 60 * 60 * 24 * 30;

export function ttlMsToExptime(ttlMs: number | undefined): number {
  if (ttlMs === undefined || ttlMs === 0) return 0;
  if (ttlMs < 0) return -1;
  const seconds = Math.ceil(ttlMs / 1000);
  return seconds > REALTIME_MAXDELTA ? Math.floor(Date.now() / 1000) + seconds : seconds;
}
