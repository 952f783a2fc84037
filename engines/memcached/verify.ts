/**
 * The consistency walk: every hash chain, every LRU list and every slab free list, checked
 * against each other and against the class records and statistics. Tests run it after
 * concurrent runs; a clean store returns no problems. It takes every lock in the store's order
 * (all item stripes, then every LRU lock, then the slabs lock), so it is safe to call while
 * other threads work; `quiescent` adds the checks that only hold when no operation is in
 * flight (every chunk either linked or free, gauges equal to what is linked).
 */
import { bucketOf, hashBytes, hashTableState } from './assoc.js';
import { I, IT_CLASS_MASK, IT_FREE, IT_LINKED, IT_SEG_MASK, IT_SEG_SHIFT, ITEM_HEADER_BYTES, KEY_MAX_BYTES, itemTotalBytes } from './item-header.js';
import { HOT, SEGMENT_WORDS } from './lru.js';
import { C, H, LOCK_STRIDE_WORDS, MAX_STAT_SLOTS, PAGE_BYTES } from './layout.js';
import { lock, unlock } from './locks.js';
import type { StoreMemory } from './memory.js';
import { S, THREAD_STAT_COUNT, sumSlots } from './stats.js';

export interface VerifyReport {
  readonly ok: boolean;
  /** Human-readable problems, at most 50. */
  readonly problems: string[];
  readonly linkedItems: number;
  readonly freeChunks: number;
  readonly pagesUsed: number;
}

const MAX_PROBLEMS = 50;

export function verifyStore(mem: StoreMemory, options: { quiescent?: boolean } = {}): VerifyReport {
  const quiescent = options.quiescent ?? true;
  const w = mem.i32;
  const stripes = mem.lockMask + 1;
  for (let s = 0; s < stripes; s++) lock(w, mem.lockBase + s * LOCK_STRIDE_WORDS);
  for (let cls = 1; cls <= mem.classCount; cls++) lock(w, mem.classWord(cls, C.lruLock));
  lock(w, H.slabsLock);
  try {
    return walk(mem, quiescent);
  } finally {
    unlock(w, H.slabsLock);
    for (let cls = mem.classCount; cls >= 1; cls--) unlock(w, mem.classWord(cls, C.lruLock));
    for (let s = stripes - 1; s >= 0; s--) unlock(w, mem.lockBase + s * LOCK_STRIDE_WORDS);
  }
}

/** All locks held. */
function walk(mem: StoreMemory, quiescent: boolean): VerifyReport {
  const w = mem.i32;
  const problems: string[] = [];
  const problem = (msg: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(msg);
  };
  const pagesUsed = w[H.pagesUsed]!;
  const pagesStart = mem.regions.pagesOffset;
  const pagesEnd = pagesStart + pagesUsed * PAGE_BYTES;
  const maxChunks = Math.ceil((pagesUsed * PAGE_BYTES) / mem.chunkSizes[1]!) + 1;
  const inPages = (it: number): boolean => it >= pagesStart && it < pagesEnd && (it & 7) === 0;

  // 1. Hash chains: every item linked, in the right bucket, hash matching its key.
  const hashed = new Set<number>();
  const hashedPerClass = new Int32Array(mem.classCount + 1);
  let linkedBytes = 0;
  // The buckets in use: 2^hashPower, plus the upper halves of the ones an expansion split.
  const table = hashTableState(w);
  for (let b = 0; b < 1 << w[H.maxHashPower]!; b++) {
    if (b >= table.buckets) {
      if (w[mem.bucketBase + b] !== 0) problem(`bucket ${b}: beyond the table's ${table.buckets} buckets but not empty`);
      continue;
    }
    let it = w[mem.bucketBase + b]!;
    let steps = 0;
    while (it !== 0) {
      if (!inPages(it)) {
        problem(`bucket ${b}: pointer ${it} outside the slab pages`);
        break;
      }
      if (hashed.has(it) || ++steps > maxChunks) {
        problem(`bucket ${b}: chain loops at item ${it}`);
        break;
      }
      hashed.add(it);
      const base = it >> 2;
      const bits = w[base + I.bits]!;
      const cls = bits & IT_CLASS_MASK;
      const nkey = w[base + I.nkey]!;
      const nbytes = w[base + I.nbytes]!;
      if ((bits & IT_LINKED) === 0 || (bits & IT_FREE) !== 0) problem(`item ${it} in bucket ${b} is not marked linked (bits ${bits})`);
      if (cls < 1 || cls > mem.classCount) problem(`item ${it}: bad class ${cls}`);
      else {
        hashedPerClass[cls]!++;
        if (itemTotalBytes(nkey, nbytes) > mem.chunkSizes[cls]!) problem(`item ${it}: ${itemTotalBytes(nkey, nbytes)} bytes overflow class ${cls} chunk ${mem.chunkSizes[cls]}`);
      }
      if (nkey < 1 || nkey > KEY_MAX_BYTES) problem(`item ${it}: key length ${nkey}`);
      const hv = w[base + I.hash]! >>> 0;
      if (bucketOf(w, hv) !== b) problem(`item ${it}: hash ${hv} belongs in bucket ${bucketOf(w, hv)}, found in ${b}`);
      if (hashBytes(mem.u8, it + ITEM_HEADER_BYTES, nkey) !== hv) problem(`item ${it}: stored hash does not match its key`);
      linkedBytes += itemTotalBytes(nkey, nbytes);
      it = w[base + I.hnext]!;
    }
  }

  // 2. LRU lists: doubly linked, counts and bytes match, same items as the hash index.
  let lruTotal = 0;
  let freeTotal = 0;
  for (let cls = 1; cls <= mem.classCount; cls++) {
    // Every segment's list (flat: HOT's only, the others empty), each item marked with its segment.
    let count = 0;
    for (let seg = 0; seg < SEGMENT_WORDS.length; seg++) {
      const [headField, tailField, countField] = SEGMENT_WORDS[seg]!;
      const name = `class ${cls} ${["", "WARM ", "COLD "][seg]}LRU`;
      let it = w[mem.classWord(cls, headField)]!;
      let prev = 0;
      let segCount = 0;
      while (it !== 0) {
        if (!inPages(it) || count > maxChunks) {
          problem(`${name}: bad pointer or loop at ${it}`);
          break;
        }
        const base = it >> 2;
        if (w[base + I.prev] !== prev) problem(`${name}: item ${it} prev ${w[base + I.prev]} != ${prev}`);
        if ((w[base + I.bits]! & IT_CLASS_MASK) !== cls) problem(`${name}: item ${it} has class ${w[base + I.bits]! & IT_CLASS_MASK}`);
        if ((w[base + I.bits]! & IT_SEG_MASK) >> IT_SEG_SHIFT !== seg) problem(`${name}: item ${it} is marked segment ${(w[base + I.bits]! & IT_SEG_MASK) >> IT_SEG_SHIFT}`);
        if (!hashed.has(it)) problem(`${name}: item ${it} is not in the hash index`);
        count++;
        segCount++;
        prev = it;
        it = w[base + I.next]!;
      }
      if (w[mem.classWord(cls, tailField)] !== prev) problem(`${name}: tail ${w[mem.classWord(cls, tailField)]} != last ${prev}`);
      if (w[mem.classWord(cls, countField)] !== segCount) problem(`${name}: count ${w[mem.classWord(cls, countField)]} != walked ${segCount}`);
      if (seg !== HOT && segCount !== 0 && w[H.lruMode] === 0) problem(`${name}: ${segCount} items in a segment the flat LRU does not use`);
    }
    if (w[mem.classWord(cls, C.lruCount)] !== count) problem(`class ${cls} LRU: count ${w[mem.classWord(cls, C.lruCount)]} != walked ${count}`);
    if (hashedPerClass[cls] !== count) problem(`class ${cls}: ${hashedPerClass[cls]} items hashed but ${count} in the LRU`);
    lruTotal += count;

    // 3. Free list: every chunk marked free, of this class, not linked; count matches.
    let free = 0;
    let f = w[mem.classWord(cls, C.freeHead)]!;
    while (f !== 0) {
      if (!inPages(f) || free > maxChunks) {
        problem(`class ${cls} free list: bad pointer or loop at ${f}`);
        break;
      }
      const bits = w[(f >> 2) + I.bits]!;
      if ((bits & IT_FREE) === 0 || (bits & IT_LINKED) !== 0) problem(`class ${cls} free list: chunk ${f} bits ${bits}`);
      if ((bits & IT_CLASS_MASK) !== cls) problem(`class ${cls} free list: chunk ${f} has class ${bits & IT_CLASS_MASK}`);
      if (hashed.has(f)) problem(`class ${cls} free list: chunk ${f} is also in the hash index`);
      free++;
      f = w[(f >> 2) + I.next]!;
    }
    if (w[mem.classWord(cls, C.freeCount)] !== free) problem(`class ${cls} free list: count ${w[mem.classWord(cls, C.freeCount)]} != walked ${free}`);
    freeTotal += free;
    const capacity = w[mem.classWord(cls, C.pages)]! * w[mem.classWord(cls, C.perPage)]!;
    if (count + free > capacity) problem(`class ${cls}: ${count} linked + ${free} free > ${capacity} chunks`);
    if (quiescent && count + free !== capacity) problem(`class ${cls}: ${count} linked + ${free} free != ${capacity} chunks (leak)`);
  }
  if (lruTotal !== hashed.size) problem(`${hashed.size} items hashed but ${lruTotal} in LRU lists`);

  let pages = 0;
  for (let cls = 1; cls <= mem.classCount; cls++) pages += w[mem.classWord(cls, C.pages)]!;
  if (pages !== pagesUsed) problem(`classes own ${pages} pages, ${pagesUsed} handed out`);
  if (pagesUsed > mem.pageLimit) problem(`${pagesUsed} pages used over the limit of ${mem.pageLimit}`);

  if (quiescent) {
    const totals = new Float64Array(THREAD_STAT_COUNT);
    sumSlots(mem.statSlots, mem.statSlotWords, MAX_STAT_SLOTS, totals);
    if (totals[S.curr_items] !== hashed.size) problem(`stat curr_items ${totals[S.curr_items]} != ${hashed.size} linked`);
    if (totals[S.bytes] !== linkedBytes) problem(`stat bytes ${totals[S.bytes]} != ${linkedBytes} linked`);
  }
  return { ok: problems.length === 0, problems, linkedItems: hashed.size, freeChunks: freeTotal, pagesUsed };
}
