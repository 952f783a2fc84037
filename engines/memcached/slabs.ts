/**
 * Slab allocation (memcached's slabs.c): memory is handed out in 1 MB pages, up to the `-m`
 * limit, each page belonging to one slab class and cut into equal chunks. Class chunk sizes
 * grow by the growth factor (1.25 by default) from the smallest chunk (an item header plus
 * 48 bytes, memcached's `-n 48`), 8-byte aligned; the last class is a whole page, so an item
 * of up to 1 MB including its header fits. Freed chunks go on their class's free list.
 *
 * Everything here runs under the global slabs lock, the last lock in the order
 * (item → lru → slabs); `slabsAlloc` and `slabsFree` take it themselves.
 */
import { C, H, PAGE_BYTES } from './layout.js';
import { I, IT_FREE, ITEM_HEADER_BYTES } from './item-header.js';
import { lock, unlock } from './locks.js';
import type { StoreMemory } from './memory.js';

/** memcached's `-n`: minimum key + value space in the smallest chunk. */
export const MIN_DATA_BYTES = 48;

/** Chunk sizes of classes 1..n for a growth factor (memcached's slabs_init). */
export function computeChunkSizes(growthFactor: number, itemSizeMax: number = PAGE_BYTES): number[] {
  const sizes: number[] = [];
  let size = ITEM_HEADER_BYTES + MIN_DATA_BYTES;
  while (size <= itemSizeMax / growthFactor && sizes.length < 62) {
    size = Math.ceil(size / 8) * 8;
    sizes.push(size);
    size = Math.floor(size * growthFactor);
  }
  sizes.push(itemSizeMax);
  return sizes;
}

/**
 * Lookup table from total item size to class id: index `(total + 7) >> 3`. Built once per
 * attached thread so choosing a class is one array read.
 */
export function buildClassLookup(chunkSizes: Int32Array, classCount: number, itemSizeMax: number): Uint8Array {
  const table = new Uint8Array((itemSizeMax >> 3) + 2);
  let cls = 1;
  for (let i = 0; i < table.length; i++) {
    const bytes = i << 3;
    while (cls < classCount && chunkSizes[cls]! < bytes) cls++;
    table[i] = chunkSizes[cls]! >= bytes ? cls : 0;
  }
  return table;
}

/** Take one free chunk of class `cls`, or a fresh page if the limit allows; 0 when neither. */
export function slabsAlloc(mem: StoreMemory, cls: number): number {
  const w = mem.i32;
  lock(w, H.slabsLock);
  let chunk = w[mem.classWord(cls, C.freeHead)]!;
  if (chunk === 0 && newPageSlabsLocked(mem, cls)) chunk = w[mem.classWord(cls, C.freeHead)]!;
  if (chunk !== 0) {
    const base = chunk >> 2;
    w[mem.classWord(cls, C.freeHead)] = w[base + I.next]!;
    w[mem.classWord(cls, C.freeCount)]!--;
    w[base + I.next] = 0;
    w[base + I.prev] = 0;
    w[base + I.hnext] = 0;
    w[base + I.bits] = cls; // not free, not linked
  }
  unlock(w, H.slabsLock);
  return chunk;
}

/** Return a chunk (not linked anywhere) to its class's free list. */
export function slabsFree(mem: StoreMemory, chunk: number): void {
  const w = mem.i32;
  const base = chunk >> 2;
  const cls = w[base + I.bits]! & 0xff;
  lock(w, H.slabsLock);
  w[base + I.bits] = cls | IT_FREE;
  w[base + I.prev] = 0;
  w[base + I.hnext] = 0;
  w[base + I.next] = w[mem.classWord(cls, C.freeHead)]!;
  w[mem.classWord(cls, C.freeHead)] = chunk;
  w[mem.classWord(cls, C.freeCount)]!++;
  unlock(w, H.slabsLock);
}

/** Slabs lock held: give class `cls` a new page cut into chunks; false at the memory limit. */
function newPageSlabsLocked(mem: StoreMemory, cls: number): boolean {
  const w = mem.i32;
  const used = w[H.pagesUsed]!;
  if (used >= mem.pageLimit) return false;
  w[H.pagesUsed] = used + 1;
  const size = w[mem.classWord(cls, C.chunkSize)]!;
  const perPage = w[mem.classWord(cls, C.perPage)]!;
  const page = mem.pageOffset(used);
  // Thread the chunks onto the free list in address order (first chunk handed out first).
  let head = w[mem.classWord(cls, C.freeHead)]!;
  for (let i = perPage - 1; i >= 0; i--) {
    const chunk = page + i * size;
    const base = chunk >> 2;
    w[base + I.bits] = cls | IT_FREE;
    w[base + I.next] = head;
    w[base + I.prev] = 0;
    w[base + I.hnext] = 0;
    head = chunk;
  }
  w[mem.classWord(cls, C.freeHead)] = head;
  w[mem.classWord(cls, C.freeCount)]! += perPage;
  w[mem.classWord(cls, C.pages)]!++;
  return true;
}
