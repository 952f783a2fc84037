/**
 * Statistics: the counter names are listed once, here, and everything else — the slot layout,
 * the index constants, the `stats` reply — is derived from the list.
 *
 * Each attached engine instance (one per thread) owns one slot of Float64 counters in shared
 * memory and bumps them with plain stores, as memcached's worker threads each own a
 * `thread_stats` block: no atomic and no shared cache line on the hot path. A reader sums the
 * slots. Gauges that go up and down in different threads (`curr_items`, `bytes`) are kept as
 * per-slot deltas whose sum is the gauge.
 */
import { C, H, MAX_STAT_SLOTS, PAGE_BYTES } from './layout.js';
import type { StoreMemory } from './memory.js';
import { hashTableState } from './assoc.js';

/** Per-thread counters, in slot order. Names are memcached's own `stats` names. */
export const THREAD_STAT_NAMES = [
  'cmd_get',
  'cmd_set',
  'cmd_flush',
  'cmd_touch',
  'get_hits',
  'get_misses',
  'get_expired',
  'get_flushed',
  'delete_misses',
  'delete_hits',
  'incr_misses',
  'incr_hits',
  'decr_misses',
  'decr_hits',
  'cas_misses',
  'cas_hits',
  'cas_badval',
  'touch_hits',
  'touch_misses',
  'store_too_large',
  'store_no_memory',
  'curr_items',
  'total_items',
  'bytes',
] as const;

export type ThreadStatName = (typeof THREAD_STAT_NAMES)[number];

/** Index of each counter in a slot, derived from the list. */
export const S: Readonly<Record<ThreadStatName, number>> = Object.freeze(
  Object.fromEntries(THREAD_STAT_NAMES.map((name, i) => [name, i])) as Record<ThreadStatName, number>,
);

export const THREAD_STAT_COUNT = THREAD_STAT_NAMES.length;

/** Per-slab-class figures reported by `stats items` (from the class record in shared memory). */
export const ITEMS_STAT_NAMES = ['number', 'evicted', 'evicted_unfetched', 'reclaimed', 'outofmemory', 'number_hot', 'number_warm', 'number_cold', 'moves_to_cold', 'moves_to_warm'] as const;

/** Per-slab-class figures reported by `stats slabs`. */
export const SLABS_STAT_NAMES = [
  'chunk_size',
  'chunks_per_page',
  'total_pages',
  'total_chunks',
  'used_chunks',
  'free_chunks',
] as const;

/** Sum every slot's counters into `out` (index-aligned with THREAD_STAT_NAMES). */
export function sumSlots(slots: Float64Array, slotWords: number, slotCount: number, out: Float64Array): void {
  out.fill(0);
  for (let s = 0; s < slotCount; s++) {
    const base = s * slotWords;
    for (let i = 0; i < THREAD_STAT_COUNT; i++) out[i]! += slots[base + i]!;
  }
}

/** Figures derived from the class records rather than counted per thread. */
export const DERIVED_STAT_NAMES = ['evictions', 'reclaimed', 'evicted_unfetched', 'total_malloced', 'curr_connections'] as const;

/** Everything `stats` reports, in order: general facts, per-thread totals, derived figures. */
export function collectGeneralStats(mem: StoreMemory, version: string): Map<string, string | number> {
  const w = mem.i32;
  const out = new Map<string, string | number>();
  const nowSec = Math.floor(Date.now() / 1000);
  out.set('pid', process.pid);
  out.set('uptime', nowSec - w[H.processStarted]!);
  out.set('time', nowSec);
  out.set('version', version);
  out.set('pointer_size', 64);
  out.set('threads', Atomics.load(w, H.attachedThreads));
  out.set('limit_maxbytes', mem.pageLimit * PAGE_BYTES);
  const totals = new Float64Array(THREAD_STAT_COUNT);
  sumSlots(mem.statSlots, mem.statSlotWords, MAX_STAT_SLOTS, totals);
  for (let i = 0; i < THREAD_STAT_COUNT; i++) out.set(THREAD_STAT_NAMES[i]!, totals[i]!);
  let evictions = 0;
  let reclaimed = 0;
  let evictedUnfetched = 0;
  for (let cls = 1; cls <= mem.classCount; cls++) {
    evictions += w[mem.classWord(cls, C.evicted)]!;
    reclaimed += w[mem.classWord(cls, C.reclaimed)]!;
    evictedUnfetched += w[mem.classWord(cls, C.evictedUnfetched)]!;
  }
  const derived: Record<(typeof DERIVED_STAT_NAMES)[number], number> = {
    evictions,
    reclaimed,
    evicted_unfetched: evictedUnfetched,
    total_malloced: Atomics.load(w, H.pagesUsed) * PAGE_BYTES,
    curr_connections: Atomics.load(w, H.attachedThreads),
  };
  for (const name of DERIVED_STAT_NAMES) out.set(name, derived[name]);
  // memcached's hash figures: the table's size now, and whether it is doubling.
  const table = hashTableState(w);
  out.set('hash_power_level', table.hashPower);
  out.set('hash_bytes', 4 * (1 << table.hashPower));
  out.set('hash_is_expanding', table.expanding ? 1 : 0);
  return out;
}

/** `stats slabs`: per class `<id>:<name>` for classes that own pages, then totals. */
export function collectSlabStats(mem: StoreMemory): Map<string, number> {
  const w = mem.i32;
  const out = new Map<string, number>();
  let active = 0;
  for (let cls = 1; cls <= mem.classCount; cls++) {
    const pages = w[mem.classWord(cls, C.pages)]!;
    if (pages === 0) continue;
    active++;
    const perPage = w[mem.classWord(cls, C.perPage)]!;
    const free = w[mem.classWord(cls, C.freeCount)]!;
    const values: Record<(typeof SLABS_STAT_NAMES)[number], number> = {
      chunk_size: w[mem.classWord(cls, C.chunkSize)]!,
      chunks_per_page: perPage,
      total_pages: pages,
      total_chunks: pages * perPage,
      used_chunks: pages * perPage - free,
      free_chunks: free,
    };
    for (const name of SLABS_STAT_NAMES) out.set(`${cls}:${name}`, values[name]);
  }
  out.set('active_slabs', active);
  out.set('total_malloced', Atomics.load(w, H.pagesUsed) * PAGE_BYTES);
  return out;
}

/** `stats items`: per class with items, `items:<id>:<name>`. */
export function collectItemStats(mem: StoreMemory): Map<string, number> {
  const w = mem.i32;
  const out = new Map<string, number>();
  for (let cls = 1; cls <= mem.classCount; cls++) {
    const number = w[mem.classWord(cls, C.lruCount)]!;
    const evicted = w[mem.classWord(cls, C.evicted)]!;
    if (number === 0 && evicted === 0 && w[mem.classWord(cls, C.pages)] === 0) continue;
    const values: Record<(typeof ITEMS_STAT_NAMES)[number], number> = {
      number,
      evicted,
      evicted_unfetched: w[mem.classWord(cls, C.evictedUnfetched)]!,
      reclaimed: w[mem.classWord(cls, C.reclaimed)]!,
      outofmemory: Atomics.load(w, mem.classWord(cls, C.outOfMemory)),
      // memcached's segmented-LRU figures (flat: every item counts as hot, no moves).
      number_hot: w[mem.classWord(cls, C.hotCount)]!,
      number_warm: w[mem.classWord(cls, C.warmCount)]!,
      number_cold: w[mem.classWord(cls, C.coldCount)]!,
      moves_to_cold: w[mem.classWord(cls, C.movesToCold)]!,
      moves_to_warm: w[mem.classWord(cls, C.movesToWarm)]!,
    };
    for (const name of ITEMS_STAT_NAMES) out.set(`items:${cls}:${name}`, values[name]);
  }
  return out;
}
