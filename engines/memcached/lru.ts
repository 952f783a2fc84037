/**
 * The LRU lists (memcached's items.c LRU half), guarded by each slab class's LRU mutex (second
 * in the lock order item → lru → slabs). Two policies, chosen at creation (`lru` option):
 *
 * - **flat** (default): one doubly linked list per class, most recently stored at the head.
 *   Reads do not move items (that would put a shared lock on every hit); they set IT_ACTIVE
 *   under the item lock. When memory is full, `lruPullTail` walks from the tail: an active item
 *   gets a second chance (flag cleared, moved to the head), an expired or flushed one is
 *   reclaimed, otherwise the least recently used item is evicted and counted.
 * - **segmented**: memcached's HOT / WARM / COLD. New items enter HOT. Each link keeps HOT
 *   within 20% and WARM within 40% of the class's items (memcached's hot_lru_pct and
 *   warm_lru_pct) by moving tails down: an active HOT or WARM tail goes to the head of WARM
 *   (flag cleared), an inactive one to COLD. Eviction walks COLD's tail, where an active item
 *   moves up to WARM instead (memcached moves it at the hit, through its bump queue); only when
 *   COLD is empty does it take HOT's tail, then WARM's. So items written once and never read
 *   (a scan) pass through HOT and COLD and are evicted there, while items that were read sit in
 *   WARM, untouched by any scan. memcached's LRU maintainer thread does the moves in the
 *   background; here the linking thread does them (at most two per link), as the flat policy's
 *   second chances are done by the evicting thread.
 *
 * Moving another item needs its item lock (its bits word holds the segment and the read
 * flags), against the lock order: the walks only `tryLock` item stripes and skip busy ones, as
 * memcached's lru_pull_tail does.
 */
import { assocDeleteLocked } from './assoc.js';
import { LIVE, itemLivenessLocked } from './expiry.js';
import { I, IT_ACTIVE, IT_CLASS_MASK, IT_FETCHED, IT_SEG_MASK, IT_SEG_SHIFT, itemTotalBytes } from './item-header.js';
import { C, H } from './layout.js';
import { lock, tryLockStripe, unlock, unlockStripe } from './locks.js';
import type { StoreMemory } from './memory.js';
import { S } from './stats.js';

export const HOT = 0;
export const WARM = 1;
export const COLD = 2;
/** Head, tail and count words of each segment's list in a class record (flat uses HOT's). */
export const SEGMENT_WORDS: readonly (readonly [head: number, tail: number, count: number])[] = [
  [C.lruHead, C.lruTail, C.hotCount],
  [C.warmHead, C.warmTail, C.warmCount],
  [C.coldHead, C.coldTail, C.coldCount],
];
/** Shares of a class's items HOT and WARM may hold (memcached's hot_lru_pct, warm_lru_pct). */
const HOT_SHARE = 0.2;
const WARM_SHARE = 0.4;
/** Tail moves per link (memcached's maintainer moves in small batches too). */
const MOVES_PER_LINK = 2;

/** Items examined at the tail per eviction attempt before giving up (memcached: 5 tries + skips). */
const TAIL_SEARCH_LIMIT = 64;

/** LRU lock of `cls` held, item lock of `it` held: put `it` at the head of segment `seg`. */
function linkHeadLruLocked(mem: StoreMemory, cls: number, it: number, seg: number): void {
  const w = mem.i32;
  const base = it >> 2;
  const [headField, tailField, countField] = SEGMENT_WORDS[seg]!;
  const headWord = mem.classWord(cls, headField);
  const head = w[headWord]!;
  w[base + I.bits] = (w[base + I.bits]! & ~IT_SEG_MASK) | (seg << IT_SEG_SHIFT);
  w[base + I.prev] = 0;
  w[base + I.next] = head;
  if (head !== 0) w[(head >> 2) + I.prev] = it;
  else w[mem.classWord(cls, tailField)] = it;
  w[headWord] = it;
  w[mem.classWord(cls, countField)]!++;
  w[mem.classWord(cls, C.lruCount)]!++;
}

/** LRU lock of `cls` held, item lock of `it` held: take `it` out of its segment's list. */
function unlinkLruLocked(mem: StoreMemory, cls: number, it: number): void {
  const w = mem.i32;
  const base = it >> 2;
  const [headField, tailField, countField] = SEGMENT_WORDS[(w[base + I.bits]! & IT_SEG_MASK) >> IT_SEG_SHIFT]!;
  const prev = w[base + I.prev]!;
  const next = w[base + I.next]!;
  if (prev !== 0) w[(prev >> 2) + I.next] = next;
  else w[mem.classWord(cls, headField)] = next;
  if (next !== 0) w[(next >> 2) + I.prev] = prev;
  else w[mem.classWord(cls, tailField)] = prev;
  w[base + I.prev] = 0;
  w[base + I.next] = 0;
  w[mem.classWord(cls, countField)]!--;
  w[mem.classWord(cls, C.lruCount)]!--;
}

/**
 * LRU lock of `cls` held (segmented): move the tail of `from` (HOT or WARM) down — to WARM's
 * head when it was read since it last moved (flag cleared), else to COLD's. False when the
 * tail's stripe is busy (try again at the next link).
 */
function moveTailLocked(mem: StoreMemory, cls: number, from: number): boolean {
  const w = mem.i32;
  const it = w[mem.classWord(cls, SEGMENT_WORDS[from]![1])]!;
  if (it === 0) return false;
  const itemLock = mem.lockWordFor(w[(it >> 2) + I.hash]!);
  if (!tryLockStripe(w, itemLock)) return false;
  const bits = w[(it >> 2) + I.bits]!;
  unlinkLruLocked(mem, cls, it);
  if ((bits & IT_ACTIVE) !== 0) {
    w[(it >> 2) + I.bits] = bits & ~IT_ACTIVE;
    linkHeadLruLocked(mem, cls, it, WARM);
    w[mem.classWord(cls, C.movesToWarm)]!++;
  } else {
    linkHeadLruLocked(mem, cls, it, COLD);
    w[mem.classWord(cls, C.movesToCold)]!++;
  }
  unlockStripe(w, itemLock);
  return true;
}

/** LRU lock of `cls` held (segmented): keep HOT and WARM within their shares of the class. */
function balanceSegmentsLocked(mem: StoreMemory, cls: number): void {
  const w = mem.i32;
  const total = w[mem.classWord(cls, C.lruCount)]!;
  for (let moves = 0; moves < MOVES_PER_LINK; moves++) {
    if (w[mem.classWord(cls, C.hotCount)]! > total * HOT_SHARE) {
      if (!moveTailLocked(mem, cls, HOT)) return;
    } else if (w[mem.classWord(cls, C.warmCount)]! > total * WARM_SHARE) {
      if (!moveTailLocked(mem, cls, WARM)) return;
    } else return;
  }
}

/** Item lock of `it` held: link it at the head of its class's LRU (HOT when segmented; takes the LRU lock). */
export function lruLinkItemLocked(mem: StoreMemory, it: number): void {
  const w = mem.i32;
  const cls = w[(it >> 2) + I.bits]! & IT_CLASS_MASK;
  const lruLock = mem.classWord(cls, C.lruLock);
  lock(w, lruLock);
  linkHeadLruLocked(mem, cls, it, HOT);
  if (w[H.lruMode] !== 0) balanceSegmentsLocked(mem, cls);
  unlock(w, lruLock);
}

/** Item lock of `it` held: unlink it from its class's LRU (takes the LRU lock). */
export function lruUnlinkItemLocked(mem: StoreMemory, it: number): void {
  const w = mem.i32;
  const cls = w[(it >> 2) + I.bits]! & IT_CLASS_MASK;
  const lruLock = mem.classWord(cls, C.lruLock);
  lock(w, lruLock);
  unlinkLruLocked(mem, cls, it);
  unlock(w, lruLock);
}

/** Where eviction looks, in order: the one list, or COLD then HOT then WARM. */
const FLAT_ORDER = [HOT];
const SEGMENTED_ORDER = [COLD, HOT, WARM];

/**
 * Free one chunk of class `cls` by reclaiming an expired/flushed item or evicting the least
 * recently used one. Returns the chunk (unlinked, owned by the caller) or 0 when every
 * candidate was busy or the class has no items. `counters` is the caller's statistics slot.
 * Takes the LRU lock, then try-locks item stripes; the caller may hold one item lock itself
 * (append/incr allocate under it): that stripe simply fails its tryLock and is skipped.
 */
export function lruPullTail(mem: StoreMemory, cls: number, now: number, counters: Float64Array): number {
  const w = mem.i32;
  const lruLock = mem.classWord(cls, C.lruLock);
  const segmented = w[H.lruMode] !== 0;
  lock(w, lruLock);
  let found = 0;
  let searched = 0;
  for (const seg of segmented ? SEGMENTED_ORDER : FLAT_ORDER) {
    let it = w[mem.classWord(cls, SEGMENT_WORDS[seg]![1])]!;
    for (; it !== 0 && searched < TAIL_SEARCH_LIMIT; searched++) {
      const base = it >> 2;
      const prev = w[base + I.prev]!;
      const hv = w[base + I.hash]!;
      const itemLock = mem.lockWordFor(hv);
      if (!tryLockStripe(w, itemLock)) {
        it = prev;
        continue;
      }
      const bits = w[base + I.bits]!;
      const liveness = itemLivenessLocked(w, it, now);
      if (liveness === LIVE && (bits & IT_ACTIVE) !== 0) {
        // Read since it last moved, so not the least recently used after all: a second chance
        // at the head (flat), or up to WARM (segmented).
        w[base + I.bits] = bits & ~IT_ACTIVE;
        unlinkLruLocked(mem, cls, it);
        linkHeadLruLocked(mem, cls, it, segmented ? WARM : HOT);
        w[mem.classWord(cls, segmented ? C.movesToWarm : C.evictedActive)]!++;
        unlockStripe(w, itemLock);
        it = prev;
        continue;
      }
      assocDeleteLocked(mem, it, hv);
      unlinkLruLocked(mem, cls, it);
      w[base + I.bits] = bits & IT_CLASS_MASK;
      if (liveness === LIVE) {
        w[mem.classWord(cls, C.evicted)]!++;
        if ((bits & IT_FETCHED) === 0) w[mem.classWord(cls, C.evictedUnfetched)]!++;
      } else {
        w[mem.classWord(cls, C.reclaimed)]!++;
      }
      counters[S.curr_items]!--;
      counters[S.bytes]! -= itemTotalBytes(w[base + I.nkey]!, w[base + I.nbytes]!);
      unlockStripe(w, itemLock);
      found = it;
      break;
    }
    if (found !== 0) break;
  }
  unlock(w, lruLock);
  return found;
}
