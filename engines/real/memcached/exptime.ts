/**
 * kv TTLs (milliseconds) as memcached exptimes: whole seconds rounded up (memcached cannot
 * expire sooner), and an absolute Unix time beyond 30 days, which is how memcached reads them.
 */

/** memcached reads an exptime above 30 days as an absolute Unix time. */
const RELATIVE_EXPTIME_LIMIT_S = 60 * 60 * 24 * 30;

/** kv TTLs (ms, 0 = none) → memcached exptime: whole seconds rounded up, absolute past 30 days. */
export function exptimeFromTtlMs(ttlMs: number | undefined): number {
  if (ttlMs === undefined || ttlMs <= 0) return 0;
  const seconds = Math.ceil(ttlMs / 1000);
  return seconds > RELATIVE_EXPTIME_LIMIT_S ? Math.floor(Date.now() / 1000) + seconds : seconds;
}
