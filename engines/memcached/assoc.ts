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

/** 32-bit hash of a byte string (FNV-1a over the code units, then murmur3's finaliser). */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  return fmix32(h);
}

/** The same hash over bytes already in memory (verify recomputes stored keys' hashes). */
export function hashBytes(u8: Uint8Array, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ u8[start + i]!, 0x01000193);
  }
  return fmix32(h);
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
