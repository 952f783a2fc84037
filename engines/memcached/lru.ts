/**
 * The LRU lists (memcached's items.c LRU half): one doubly linked list per slab class, most
 * recently stored at the head, threaded through the items' `prev`/`next` words and guarded by
 * the class's LRU mutex (second in the lock order item → lru → slabs).
 *
 * Reads do not move items (that would put a shared lock on every hit); they set IT_ACTIVE on
 * the item under its item lock. When memory is full, `lruPullTail` walks from the tail: an
 * active item gets a second chance (flag cleared, moved to the head — memcached's segmented
 * LRU keeps active items out of COLD the same way), an expired or flushed one is reclaimed, and
 * otherwise the least recently used item is evicted and counted. Because the walk holds the
 * LRU lock and needs item locks (against the lock order), it only `tryLock`s them and skips
 * items whose stripe is busy, as memcached does.
 */
import { assocDeleteLocked } from './assoc.js';
import { LIVE, itemLivenessLocked } from './expiry.js';
import { I, IT_ACTIVE, IT_CLASS_MASK, IT_FETCHED, itemTotalBytes } from './item-header.js';
import { C } from './layout.js';
import { lock, tryLockStripe, unlock, unlockStripe } from './locks.js';
import type { StoreMemory } from './memory.js';
import { S } from './stats.js';

/** Items examined at the tail per eviction attempt before giving up (memcached: 5 tries + skips). */
const TAIL_SEARCH_LIMIT = 64;

/** LRU lock of `cls` held: put `it` at the head. */
function linkHeadLruLocked(mem: StoreMemory, cls: number, it: number): void {
  const w = mem.i32;
  const base = it >> 2;
  const headWord = mem.classWord(cls, C.lruHead);
  const head = w[headWord]!;
  w[base + I.prev] = 0;
  w[base + I.next] = head;
  if (head !== 0) w[(head >> 2) + I.prev] = it;
  else w[mem.classWord(cls, C.lruTail)] = it;
  w[headWord] = it;
  w[mem.classWord(cls, C.lruCount)]!++;
}

/** LRU lock of `cls` held: take `it` out of the list. */
function unlinkLruLocked(mem: StoreMemory, cls: number, it: number): void {
  const w = mem.i32;
  const base = it >> 2;
  const prev = w[base + I.prev]!;
  const next = w[base + I.next]!;
  if (prev !== 0) w[(prev >> 2) + I.next] = next;
  else w[mem.classWord(cls, C.lruHead)] = next;
  if (next !== 0) w[(next >> 2) + I.prev] = prev;
  else w[mem.classWord(cls, C.lruTail)] = prev;
  w[base + I.prev] = 0;
  w[base + I.next] = 0;
  w[mem.classWord(cls, C.lruCount)]!--;
}

/** Item lock of `it` held: link it at the head of its class's LRU (takes the LRU lock). */
export function lruLinkItemLocked(mem: StoreMemory, it: number): void {
  const w = mem.i32;
  const cls = w[(it >> 2) + I.bits]! & IT_CLASS_MASK;
  const lruLock = mem.classWord(cls, C.lruLock);
  lock(w, lruLock);
  linkHeadLruLocked(mem, cls, it);
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
  lock(w, lruLock);
  let found = 0;
  let it = w[mem.classWord(cls, C.lruTail)]!;
  for (let searched = 0; it !== 0 && searched < TAIL_SEARCH_LIMIT; searched++) {
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
      // Second chance: recently read, so not the least recently used after all.
      w[base + I.bits] = bits & ~IT_ACTIVE;
      unlinkLruLocked(mem, cls, it);
      linkHeadLruLocked(mem, cls, it);
      w[mem.classWord(cls, C.evictedActive)]!++;
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
  unlock(w, lruLock);
  return found;
}

