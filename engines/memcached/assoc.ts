/**
 * The hash index (memcached's assoc.c): a fixed table of 2^hashPower bucket heads, each the
 * offset of the first item in a chain threaded through the items' `hnext` words. The table
 * does not grow (memcached expands it in a background thread); its size is chosen from the
 * memory limit so chains stay short.
 *
 * Every function here expects the item lock stripe covering the bucket to be held
 * (`…Locked`). The stripe is chosen by the low `lockPower` bits of the hash and the bucket by
 * the low `hashPower` bits, with lockPower ≤ hashPower: the lock bits are a subset of the
 * bucket bits, so one stripe covers every item of a bucket.
 */
import { I, ITEM_HEADER_BYTES } from './item-header.js';
import type { StoreMemory } from './memory.js';

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
    const k = key.charCodeAt(i) | (key.charCodeAt(i + 1) << 8) | (key.charCodeAt(i + 2) << 16) | (key.charCodeAt(i + 3) << 24);
    h = mixBlock(h, k);
  }
  const rest = n & 3;
  if (rest !== 0) {
    let tail = key.charCodeAt(i);
    if (rest > 1) tail |= key.charCodeAt(i + 1) << 8;
    if (rest > 2) tail |= key.charCodeAt(i + 2) << 16;
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
    if (u8[start + i] !== key.charCodeAt(i)) return false;
  }
  return true;
}

/** Item lock for `hv` held: the linked item holding `key`, or 0. */
export function assocFindLocked(mem: StoreMemory, key: string, hv: number): number {
  const w = mem.i32;
  let it = w[mem.bucketBase + (hv & mem.hashMask)]!;
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
  let it = w[mem.bucketBase + (hv & mem.hashMask)]! | 0;
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
  const bucket = mem.bucketBase + (hv & mem.hashMask);
  w[(it >> 2) + I.hnext] = w[bucket]!;
  w[bucket] = it;
}

/** Item lock for `hv` held: take `it` out of its bucket's chain (it must be there). */
export function assocDeleteLocked(mem: StoreMemory, it: number, hv: number): void {
  const w = mem.i32;
  const bucket = mem.bucketBase + (hv & mem.hashMask);
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
  throw new Error(`memcached-style store: item ${it} is not in hash bucket ${hv & mem.hashMask}`);
}
