/**
 * The hash index (memcached's assoc.c): a table of 2^hashPower bucket heads, each the offset of
 * the first item in a chain threaded through the items' `hnext` words, that doubles
 * incrementally as memcached's does.
 *
 * Every lookup function here expects the item lock stripe covering the bucket to be held
 * (`…Locked`). The stripe is chosen by the low `lockPower` bits of the hash and the bucket by
 * the low `hashPower` bits, with lockPower ≤ hashPower: the lock bits are a subset of the
 * bucket bits, so one stripe covers every item of a bucket — before and after a doubling.
 *
 * **Expansion** (memcached's assoc_expand + assoc_maintenance_thread, without the thread).
 * When items exceed 1.5 per bucket the table doubles, one bucket at a time: bucket `b` of the
 * old size `2^hp` splits into `b` and `b + 2^hp` (the items whose hash has bit `hp` set move).
 * The bucket region is reserved for the largest table at creation, so the split is in place
 * and the new half is already there (zeroed). One word, `H.hashState`, holds `hp` and the split
 * cursor `e`: a hash's bucket is `hv & (2^hp − 1)`, or `hv & (2^(hp+1) − 1)` when that is below
 * `e` (already split) — memcached's rule for old_hashtable vs primary_hashtable. When the
 * cursor reaches 2^hp the word becomes `(hp + 1, 0)`, which maps every hash the same way, so
 * the end of an expansion changes nothing for a lookup.
 *
 * Lock discipline: a split of `b` runs under `b`'s stripe (which covers `b + 2^hp` too) and
 * moves the cursor past `b` before releasing it; so a thread holding a stripe sees the cursor
 * where it matters to it (its bucket's split happened before its lock, or cannot happen during
 * it), and unlocked readers retry on the stripe's sequence word as for any other change. The
 * work is done by the threads that insert (no background threads here): after releasing its
 * stripe, an inserting thread does `EXPAND_BUCKETS_PER_STEP` splits while an expansion runs,
 * under `H.expandLock` (taken with tryLock: one expander at a time, the others go on). Lock
 * order: expand lock → item stripe (→ LRU → slabs, never taken by a split).
 */
import { I, ITEM_HEADER_BYTES } from './item-header.js';
import { H, LOCK_STRIDE_WORDS } from './layout.js';
import { lockStripe, tryLock, unlock, unlockStripe } from './locks.js';
import type { StoreMemory } from './memory.js';

/**
 * `String.prototype.charCodeAt` held once and called with `.call`: once any code in the thread
 * has defined a subclass of String (ioredis's `class VerbatimString extends String`, loaded when
 * an ioredis client is made), V8 no longer inlines `key.charCodeAt(i)` — measured 4× slower per
 * key loop, 1.6× slower memcached-style get/set — while the held builtin stays inlined either way.
 * Each hot module holds its own: an imported binding is not constant-folded (measured 99 ns per
 * 16-char key hash through an import against 33–42 held locally, ioredis loaded).
 */
const charCodeAt = String.prototype.charCodeAt;

/** `H.hashState` = (hashPower << HASH_POWER_SHIFT) | split cursor. */
export const HASH_POWER_SHIFT = 27;
const CURSOR_MASK = (1 << HASH_POWER_SHIFT) - 1;
/** Buckets split per expansion step (memcached moves hash_bulk_move = 1 per lock, continuously). */
export const EXPAND_BUCKETS_PER_STEP = 8;

/** The bucket index of hash `hv` under the table's current size and split cursor. */
export function bucketOf(w: Int32Array, hv: number): number {
  const state = w[H.hashState]!;
  const hp = state >>> HASH_POWER_SHIFT;
  const b = hv & ((1 << hp) - 1);
  return b < (state & CURSOR_MASK) ? hv & ((2 << hp) - 1) : b;
}

/** The table's current hashPower and split cursor (stats, verify). */
export function hashTableState(w: Int32Array): { hashPower: number; cursor: number; buckets: number; expanding: boolean } {
  const state = Atomics.load(w, H.hashState);
  const hashPower = state >>> HASH_POWER_SHIFT;
  const cursor = state & CURSOR_MASK;
  return { hashPower, cursor, buckets: (1 << hashPower) + cursor, expanding: Atomics.load(w, H.expanding) !== 0 };
}

/**
 * Begin doubling the table if `items` exceed 1.5 a bucket and it can still grow; true when an
 * expansion is (now) running. Any thread may call it; one wins the flag.
 */
export function assocMaybeStartExpand(mem: StoreMemory, items: number): boolean {
  const w = mem.i32;
  if (Atomics.load(w, H.expanding) !== 0) return true;
  const hp = Atomics.load(w, H.hashState) >>> HASH_POWER_SHIFT;
  if (hp >= w[H.maxHashPower]! || items <= (1 << hp) * 1.5) return false;
  Atomics.compareExchange(w, H.expanding, 0, 1);
  return true;
}

/**
 * No item stripe held: split up to EXPAND_BUCKETS_PER_STEP buckets of a running expansion
 * (nothing when another thread is stepping, or none runs). Returns the buckets split.
 */
export function assocExpandStep(mem: StoreMemory): number {
  const w = mem.i32;
  if (Atomics.load(w, H.expanding) === 0 || !tryLock(w, H.expandLock)) return 0;
  let split = 0;
  try {
    while (split < EXPAND_BUCKETS_PER_STEP && Atomics.load(w, H.expanding) !== 0) {
      const state = Atomics.load(w, H.hashState);
      const hp = state >>> HASH_POWER_SHIFT;
      const b = state & CURSOR_MASK;
      const oldSize = 1 << hp;
      const lockWord = mem.lockBase + (b & mem.lockMask) * LOCK_STRIDE_WORDS;
      lockStripe(w, lockWord);
      splitBucketLocked(mem, b, oldSize);
      const done = b + 1 === oldSize;
      // Moved past b before its stripe is released: see the lock discipline above.
      Atomics.store(w, H.hashState, done ? (hp + 1) << HASH_POWER_SHIFT : state + 1);
      unlockStripe(w, lockWord);
      split++;
      if (done) {
        Atomics.store(w, H.expanding, 0);
        Atomics.add(w, H.expansions, 1);
      }
    }
  } finally {
    unlock(w, H.expandLock);
  }
  return split;
}

/** Stripe of bucket `b` held: move the items of `b` whose hash has bit `oldSize` to `b + oldSize`. */
function splitBucketLocked(mem: StoreMemory, b: number, oldSize: number): void {
  const w = mem.i32;
  const high = mem.bucketBase + b + oldSize;
  let prevWord = mem.bucketBase + b;
  let it = w[prevWord]!;
  while (it !== 0) {
    const nextWord = (it >> 2) + I.hnext;
    const next = w[nextWord]!;
    if ((w[(it >> 2) + I.hash]! & oldSize) !== 0) {
      w[prevWord] = next;
      w[nextWord] = w[high]!;
      w[high] = it;
    } else {
      prevWord = nextWord;
    }
    it = next;
  }
}

/**
 * MurmurHash3 (x86, 32-bit, seed 0) of a byte string — memcached 1.6's default hash — four
 * bytes per step, so a typical key costs three multiplications rounds rather than one per byte.
 */
export function hashKey(key: string): number {
  const n = key.length;
  const blocks = n & ~3;
  let h = 0;
  let i = 0;
  for (; i < blocks; i += 4) {
    const k = charCodeAt.call(key, i) | (charCodeAt.call(key, i + 1) << 8) | (charCodeAt.call(key, i + 2) << 16) | (charCodeAt.call(key, i + 3) << 24);
    h = mixBlock(h, k);
  }
  const rest = n & 3;
  if (rest !== 0) {
    let tail = charCodeAt.call(key, i);
    if (rest > 1) tail |= charCodeAt.call(key, i + 1) << 8;
    if (rest > 2) tail |= charCodeAt.call(key, i + 2) << 16;
    h ^= mixTail(tail);
  }
  return fmix32(h ^ n);
}

/** The same hash over bytes already in memory (verify recomputes stored keys' hashes). */
export function hashBytes(u8: Uint8Array, start: number, length: number): number {
  const blocks = length & ~3;
  let h = 0;
  let i = 0;
  for (; i < blocks; i += 4) {
    const at = start + i;
    const k = u8[at]! | (u8[at + 1]! << 8) | (u8[at + 2]! << 16) | (u8[at + 3]! << 24);
    h = mixBlock(h, k);
  }
  const rest = length & 3;
  if (rest !== 0) {
    let tail = u8[start + i]!;
    if (rest > 1) tail |= u8[start + i + 1]! << 8;
    if (rest > 2) tail |= u8[start + i + 2]! << 16;
    h ^= mixTail(tail);
  }
  return fmix32(h ^ length);
}

function mixTail(k: number): number {
  let x = Math.imul(k, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  return Math.imul(x, 0x1b873593);
}

function mixBlock(h: number, k: number): number {
  let x = h ^ mixTail(k);
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** True when the item at `it` holds exactly `key` (whose hash is `hv`). */
function keyMatches(mem: StoreMemory, it: number, key: string, hv: number): boolean {
  const w = mem.i32;
  const base = it >> 2;
  if (w[base + I.hash] !== (hv | 0) || w[base + I.nkey] !== key.length) return false;
  const u8 = mem.u8;
  const start = it + ITEM_HEADER_BYTES;
  for (let i = 0; i < key.length; i++) {
    if (u8[start + i] !== charCodeAt.call(key, i)) return false;
  }
  return true;
}

/** Item lock for `hv` held: the linked item holding `key`, or 0. */
export function assocFindLocked(mem: StoreMemory, key: string, hv: number): number {
  const w = mem.i32;
  let it = w[mem.bucketBase + bucketOf(w, hv)]!;
  while (it !== 0) {
    if (keyMatches(mem, it, key, hv)) return it;
    it = w[(it >> 2) + I.hnext]!;
  }
  return 0;
}

/** Chain steps an unlocked lookup takes before it suspects a chain changing under it. */
const OPTIMISTIC_STEPS = 64;

/**
 * Without the stripe lock: the item holding `key`, 0 when absent, or -1 when a pointer looked
 * impossible. Chains may be changing meanwhile, so every pointer is range-checked and the walk
 * is bounded; the caller trusts the answer only if the stripe's sequence did not move.
 */
export function assocFindOptimistic(mem: StoreMemory, key: string, hv: number): number {
  const w = mem.i32;
  const lowest = mem.regions.pagesOffset;
  const highest = mem.regions.totalBytes - ITEM_HEADER_BYTES - 256;
  let it = w[mem.bucketBase + bucketOf(w, hv)]! | 0;
  for (let steps = 0; it !== 0; steps++) {
    if (steps === OPTIMISTIC_STEPS || it < lowest || it > highest || (it & 7) !== 0) return -1;
    if (keyMatches(mem, it, key, hv)) return it;
    it = w[(it >> 2) + I.hnext]! | 0;
  }
  return 0;
}

/** Item lock for `hv` held: put `it` at the head of its bucket's chain. */
export function assocInsertLocked(mem: StoreMemory, it: number, hv: number): void {
  const w = mem.i32;
  const bucket = mem.bucketBase + bucketOf(w, hv);
  w[(it >> 2) + I.hnext] = w[bucket]!;
  w[bucket] = it;
}

/** Item lock for `hv` held: take `it` out of its bucket's chain (it must be there). */
export function assocDeleteLocked(mem: StoreMemory, it: number, hv: number): void {
  const w = mem.i32;
  const bucket = mem.bucketBase + bucketOf(w, hv);
  let prevWord = bucket;
  let cur = w[bucket]!;
  while (cur !== 0) {
    if (cur === it) {
      w[prevWord] = w[(it >> 2) + I.hnext]!;
      w[(it >> 2) + I.hnext] = 0;
      return;
    }
    prevWord = (cur >> 2) + I.hnext;
    cur = w[prevWord]!;
  }
  throw new Error(`memcached-style store: item ${it} is not in hash bucket ${bucketOf(w, hv)}`);
}
