/**
 * Item lifecycle (memcached's items.c, item half): allocating a chunk for a new item (from the
 * slab free lists, else by reclaiming or evicting at the class's LRU tail), filling its header,
 * and linking, unlinking and replacing items in the hash index and LRU together, with the
 * item statistics that go with them.
 *
 * Items are never shared outside a lock: a reader copies the value out while holding the
 * item's stripe, so an unlinked item can go straight back to the free list (memcached needs
 * reference counts because it writes values to sockets after unlocking).
 */
import { assocDeleteLocked, assocInsertLocked } from './assoc.js';
import { I, IT_CLASS_MASK, IT_LINKED, itemTotalBytes, writeKey } from './item-header.js';
import { C } from './layout.js';
import { lruLinkItemLocked, lruPullTail, lruUnlinkItemLocked } from './lru.js';
import type { StoreMemory } from './memory.js';
import { slabsAlloc, slabsFree } from './slabs.js';
import { S } from './stats.js';

/** `itemAlloc` failure: the item can never fit (memcached: "object too large for cache"). */
export const ALLOC_TOO_LARGE = -1;
/** `itemAlloc` failure: no free chunk and nothing evictable ("out of memory storing object"). */
export const ALLOC_NO_MEMORY = 0;

/** Eviction rounds before reporting out of memory (every candidate may be momentarily locked). */
const ALLOC_ATTEMPTS = 10;

/**
 * A chunk for an item of `nkey` + `nbytes` bytes, owned by the caller until linked or freed;
 * ALLOC_TOO_LARGE or ALLOC_NO_MEMORY on failure. `classLookup` maps (total + 7) >> 3 to a class.
 */
export function itemAlloc(
  mem: StoreMemory,
  classLookup: Uint8Array,
  nkey: number,
  nbytes: number,
  now: number,
  counters: Float64Array,
): number {
  const total = itemTotalBytes(nkey, nbytes);
  if (total > mem.itemSizeMax) return ALLOC_TOO_LARGE;
  const cls = classLookup[(total + 7) >> 3]!;
  for (let attempt = 0; attempt < ALLOC_ATTEMPTS; attempt++) {
    let chunk = slabsAlloc(mem, cls);
    if (chunk !== 0) return chunk;
    chunk = lruPullTail(mem, cls, now, counters);
    if (chunk !== 0) return chunk;
    if (mem.i32[mem.classWord(cls, C.lruCount)] === 0) break; // nothing to evict in this class
  }
  Atomics.add(mem.i32, mem.classWord(cls, C.outOfMemory), 1);
  return ALLOC_NO_MEMORY;
}

/** Fill the header and key of a freshly allocated chunk (private to the caller: no lock needed). */
export function itemInit(
  mem: StoreMemory,
  it: number,
  key: string,
  hv: number,
  nbytes: number,
  flags: number,
  exptime: number,
  now: number,
): void {
  const w = mem.i32;
  const base = it >> 2;
  w[base + I.bits] = w[base + I.bits]! & IT_CLASS_MASK;
  w[base + I.nkey] = key.length;
  w[base + I.nbytes] = nbytes;
  w[base + I.flags] = flags;
  w[base + I.exptime] = exptime;
  w[base + I.time] = now;
  w[base + I.hash] = hv;
  w[base + I.hnext] = 0;
  writeKey(mem.u8, it, key);
}

/** Item lock for `hv` held: make `it` visible (hash index + LRU head). */
export function linkItemLocked(mem: StoreMemory, it: number, hv: number, counters: Float64Array): void {
  const w = mem.i32;
  const base = it >> 2;
  w[base + I.bits] = (w[base + I.bits]! & IT_CLASS_MASK) | IT_LINKED;
  assocInsertLocked(mem, it, hv);
  lruLinkItemLocked(mem, it);
  counters[S.curr_items]!++;
  counters[S.total_items]!++;
  counters[S.bytes]! += itemTotalBytes(w[base + I.nkey]!, w[base + I.nbytes]!);
}

/** Item lock for `hv` held: remove `it` from the index and LRU and free its chunk. */
export function unlinkItemLocked(mem: StoreMemory, it: number, hv: number, counters: Float64Array): void {
  const w = mem.i32;
  const base = it >> 2;
  assocDeleteLocked(mem, it, hv);
  lruUnlinkItemLocked(mem, it);
  w[base + I.bits] = w[base + I.bits]! & IT_CLASS_MASK;
  counters[S.curr_items]!--;
  counters[S.bytes]! -= itemTotalBytes(w[base + I.nkey]!, w[base + I.nbytes]!);
  slabsFree(mem, it);
}

/** Item lock for `hv` held: `next` takes `old`'s place (old is unlinked and freed). */
export function replaceItemLocked(mem: StoreMemory, old: number, next: number, hv: number, counters: Float64Array): void {
  unlinkItemLocked(mem, old, hv, counters);
  linkItemLocked(mem, next, hv, counters);
}
