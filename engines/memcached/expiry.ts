/**
 * Time and liveness, by memcached's rules. Times inside the store are "relative seconds":
 * seconds since the store's process_started (set a little in the past at creation, so 0 can
 * mean "never"). An exptime from a client is 0 (never), ≤ 30 days (relative to now), or above
 * that an absolute unix time (at or before process start means "already expired"); negative
 * exptimes expire at once. flush_all does not walk memory: it records `oldest_live` (and the
 * CAS at the moment of an immediate flush), and every lookup treats older items as gone.
 *
 * One deliberate difference in mechanism, not in what clients see: in memcached a later
 * `flush_all <delay>` replaces `oldest_live`, which would make items hidden by an earlier flush
 * visible again — except that its LRU maintainer and crawler threads reclaim flushed items in
 * the background within moments. We have no background threads, so a flush that has taken
 * effect is kept as a permanent barrier when replaced — "stored at or before `flushedBefore`
 * and with a CAS below `flushedBeforeCas`" — and an immediate flush's CAS is never un-gated:
 * flushed items stay gone, deterministically, while items stored after the replacement are
 * untouched.
 */
import { reserveCasBlock } from './cas.js';
import { I } from './item-header.js';
import { H } from './layout.js';
import { REALTIME_MAXDELTA } from './ttl.js';

export const LIVE = 0;
export const FLUSHED = 1;
export const EXPIRED = 2;

/** Relative seconds now. */
export function currentTime(w: Int32Array): number {
  return Math.floor(Date.now() / 1000) - w[H.processStarted]!;
}

/** A client exptime (already an int32) to relative seconds, memcached's realtime(). */
export function realtime(w: Int32Array, exptime: number, now: number): number {
  if (exptime === 0) return 0;
  // memcached's EXPTIME_TO_POSITIVE_TIME: negative means "long ago".
  const e = exptime < 0 ? REALTIME_MAXDELTA + 1 : exptime;
  if (e > REALTIME_MAXDELTA) {
    const started = w[H.processStarted]!;
    return e <= started ? 1 : e - started;
  }
  return e + now;
}

/** Item lock held: LIVE, FLUSHED or EXPIRED (memcached checks flush first). */
export function itemLivenessLocked(w: Int32Array, it: number, now: number): number {
  const base = it >> 2;
  const oldestLive = w[H.oldestLive]!;
  const time = w[base + I.time]!;
  if (oldestLive !== 0 && oldestLive <= now && time <= oldestLive) return FLUSHED;
  if (time <= w[H.flushedBefore]! && casBelow(w, base, H.flushedBeforeCasHi, H.flushedBeforeCasLo)) return FLUSHED;
  const oldestHi = w[H.oldestCasHi]! >>> 0;
  const oldestLo = w[H.oldestCasLo]! >>> 0;
  if (oldestHi !== 0 || oldestLo !== 0) {
    const hi = w[base + I.casHi]! >>> 0;
    const lo = w[base + I.casLo]! >>> 0;
    if ((hi !== 0 || lo !== 0) && (hi < oldestHi || (hi === oldestHi && lo < oldestLo))) return FLUSHED;
  }
  const exptime = w[base + I.exptime]!;
  if (exptime !== 0 && exptime <= now) return EXPIRED;
  return LIVE;
}

/** The item's CAS (nonzero) is below the CAS stored at header words hiWord/loWord. */
function casBelow(w: Int32Array, base: number, hiWord: number, loWord: number): boolean {
  const limitHi = w[hiWord]! >>> 0;
  const limitLo = w[loWord]! >>> 0;
  const hi = w[base + I.casHi]! >>> 0;
  const lo = w[base + I.casLo]! >>> 0;
  return hi < limitHi || (hi === limitHi && lo < limitLo);
}

/** flush_all [delay]: everything stored before the (possibly delayed) moment becomes invisible. */
export function scheduleFlush(w: Int32Array, delaySeconds: number): void {
  const now = currentTime(w);
  // A flush already in effect becomes permanent before the new one replaces it.
  const previous = w[H.oldestLive]!;
  if (previous !== 0 && previous <= now && previous > w[H.flushedBefore]!) {
    const barrier = reserveCasBlock(w);
    Atomics.store(w, H.flushedBeforeCasLo, barrier % 4294967296);
    Atomics.store(w, H.flushedBeforeCasHi, Math.floor(barrier / 4294967296));
    Atomics.store(w, H.flushedBefore, previous);
  }
  const newOldest = delaySeconds > 0 ? realtime(w, delaySeconds, now) : now;
  const oldestLive = newOldest - 1;
  // memcached also records the CAS when oldest_live comes out as 0, but then never consults it
  // (0 means "no flush"); with our ungated CAS check we must not record it at all.
  if (oldestLive <= now && oldestLive !== 0) {
    const cas = reserveCasBlock(w);
    Atomics.store(w, H.oldestCasLo, cas % 4294967296);
    Atomics.store(w, H.oldestCasHi, Math.floor(cas / 4294967296));
  }
  Atomics.store(w, H.oldestLive, oldestLive);
  Atomics.add(w, H.flushGeneration, 1);
}
