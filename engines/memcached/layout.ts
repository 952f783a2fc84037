/**
 * Layout of the one SharedArrayBuffer that holds the whole memcached-style store: where the
 * global header words, the lock stripes, the hash bucket heads, the slab class table, the
 * per-thread statistics slots and the slab pages live. Every other file addresses shared
 * memory only through the offsets computed here, so the map of the buffer is written once.
 *
 * All offsets are byte offsets; 32-bit words are read through one `Int32Array` over the whole
 * buffer (index = offset >> 2). Item pointers are byte offsets into the buffer, `0` meaning
 * "none" (offset 0 is the header, never an item). Words that many threads write (the CAS
 * counter, each lock) sit on their own 64-byte cache line so threads do not slow each other
 * through false sharing.
 */

/** Bytes in a cache line; contended words are padded to this. */
export const CACHE_LINE = 64;
/** Slab page size, as memcached's default `-I 1m` / slab page. */
export const PAGE_BYTES = 1024 * 1024;
/** Per-thread statistics slots; each attached engine instance holds one (reused after close). */
export const MAX_STAT_SLOTS = 128;
/** Words per slab class record (two cache lines: the LRU segments need more than one). */
export const CLASS_WORDS = 32;
/** Identifies a buffer laid out by this file. */
export const LAYOUT_MAGIC = 0x6d63736d; // "mcsm"
export const LAYOUT_VERSION = 2;

/** Global header words (indexes into the Int32 view). Each group on its own cache line. */
export const H = {
  magic: 0,
  version: 1,
  pageLimit: 2, // `-m` in pages
  hashPower: 3,
  lockPower: 4,
  classCount: 5,
  processStarted: 6, // unix seconds, memcached's process_started
  itemSizeMax: 7,
  // line 2: allocation (guarded by the slabs lock)
  slabsLock: 16,
  pagesUsed: 17,
  // line 3: the global CAS counter (Atomics only)
  casLo: 32,
  casHi: 33,
  // line 4: flush_all state (Atomics only)
  oldestLive: 48,
  oldestCasLo: 49,
  oldestCasHi: 50,
  flushGeneration: 51,
  flushedBefore: 52,
  flushedBeforeCasLo: 53,
  flushedBeforeCasHi: 54,
  // line 5: attachment bookkeeping (Atomics only)
  attachedThreads: 65,
  // line 6: the hash table's size and expansion (assoc.ts). hashState is read by every lookup,
  // written only by an expansion step (under the stripe of the bucket it splits).
  hashState: 80, // (hashPower << 27) | split cursor
  expandLock: 81, // mutex of the one thread doing an expansion step
  expanding: 82, // 1 while an expansion is in progress (Atomics)
  maxHashPower: 83, // the bucket region's capacity, log2
  expansions: 84, // finished expansions (Atomics)
  lruMode: 85, // 0 flat (second chance), 1 segmented HOT/WARM/COLD; fixed at creation
} as const;

export const HEADER_BYTES = 6 * CACHE_LINE;

/** Slab class record words, relative to the class's first word. */
export const C = {
  chunkSize: 0,
  perPage: 1,
  freeHead: 2, // slabs lock
  freeCount: 3, // slabs lock
  pages: 4, // slabs lock
  lruLock: 5, // the class's LRU mutex word
  lruHead: 6, // lru lock
  lruTail: 7, // lru lock
  lruCount: 8, // lru lock
  evicted: 9, // lru lock
  reclaimed: 10, // lru lock (expired or flushed items reused)
  evictedUnfetched: 11, // lru lock
  outOfMemory: 12, // Atomics
  evictedActive: 14, // lru lock: second chances given at the tail
  // Segmented LRU (lru=segmented): lruHead/lruTail above are HOT's; lruCount is all segments'.
  hotCount: 16, // lru lock
  warmHead: 17, // lru lock
  warmTail: 18, // lru lock
  warmCount: 19, // lru lock
  coldHead: 20, // lru lock
  coldTail: 21, // lru lock
  coldCount: 22, // lru lock
  movesToCold: 23, // lru lock
  movesToWarm: 24, // lru lock
} as const;

/** Sizes chosen at creation; everything else is derived. */
export interface LayoutParams {
  readonly memoryMb: number;
  /** log2 of the buckets at start (the table doubles from there). */
  readonly hashPower: number;
  /** log2 of the most buckets the table can grow to (the bucket region is sized for it). */
  readonly maxHashPower: number;
  /** LRU policy (lru.ts). */
  readonly lru: 'flat' | 'segmented';
  readonly lockPower: number;
  readonly chunkSizes: readonly number[];
  readonly itemSizeMax: number;
}

/** Byte offsets of each region, derived from the parameters. */
export interface Regions {
  readonly locksOffset: number;
  readonly bucketsOffset: number;
  readonly classesOffset: number;
  readonly statsOffset: number;
  readonly statsSlotBytes: number;
  readonly pagesOffset: number;
  readonly totalBytes: number;
}

/** Words per item lock stripe: one per cache line. */
export const LOCK_STRIDE_WORDS = CACHE_LINE / 4;

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Where everything goes for these parameters. `statCount` is the number of Float64 counters per slot. */
export function computeRegions(p: LayoutParams, statCount: number): Regions {
  const locksOffset = HEADER_BYTES;
  const bucketsOffset = alignUp(locksOffset + (1 << p.lockPower) * CACHE_LINE, CACHE_LINE);
  const classesOffset = alignUp(bucketsOffset + (1 << p.maxHashPower) * 4, CACHE_LINE);
  // Class ids start at 1 as in memcached; record 0 is unused.
  const statsOffset = alignUp(classesOffset + (p.chunkSizes.length + 1) * CLASS_WORDS * 4, CACHE_LINE);
  // The counters, then one Int32 owner flag (1 while an engine instance holds the slot).
  const statsSlotBytes = alignUp(statCount * 8 + 8, CACHE_LINE);
  const pagesOffset = alignUp(statsOffset + MAX_STAT_SLOTS * statsSlotBytes, PAGE_BYTES);
  const totalBytes = pagesOffset + p.memoryMb * PAGE_BYTES;
  return { locksOffset, bucketsOffset, classesOffset, statsOffset, statsSlotBytes, pagesOffset, totalBytes };
}
