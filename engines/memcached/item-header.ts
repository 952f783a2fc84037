/**
 * The item record in shared memory: a 48-byte header of twelve 32-bit words, then the key
 * bytes, then the value bytes. Lengths are explicit (no terminator, no trailing CRLF), so
 * values are binary-safe. Also the byte-string edge: copying JS latin1 strings and Uint8Arrays
 * in and out of an item.
 *
 *   word  0 hnext    next item in the hash chain (byte offset, 0 = end)
 *         1 hash     the key's 32-bit hash (chain walks compare it first; eviction finds the lock)
 *         2 nkey     key length in bytes (≤ 250)
 *         3 nbytes   value length in bytes
 *         4 bits     slab class id (low 8 bits) | IT_LINKED | IT_ACTIVE | IT_FETCHED | IT_FREE
 *         5 prev     LRU neighbour towards the head
 *         6 next     LRU neighbour towards the tail / next free chunk
 *         7 flags    client flags (32-bit unsigned)
 *         8 exptime  relative expiry second, 0 = never
 *         9 time     relative second of the last store (flush_all compares it)
 *        10 casLo    CAS unique, low 32 bits
 *        11 casHi    CAS unique, high bits
 *
 * A chain walk reads hnext and hash first: they share the first 8 bytes, always one cache line
 * (items are 8-byte aligned), so passing over a non-matching item costs one line.
 */
import type { StoreMemory } from './memory.js';

/** Held once: see assoc.ts (a String subclass anywhere in the thread stops V8 inlining `s.charCodeAt`). */
const charCodeAt = String.prototype.charCodeAt;

export const ITEM_HEADER_BYTES = 48;

/** Word offsets within the header. */
export const I = {
  hnext: 0,
  hash: 1,
  nkey: 2,
  nbytes: 3,
  bits: 4,
  prev: 5,
  next: 6,
  flags: 7,
  exptime: 8,
  time: 9,
  casLo: 10,
  casHi: 11,
} as const;

export const IT_CLASS_MASK = 0xff;
/** In the hash index and its class's LRU. */
export const IT_LINKED = 1 << 8;
/** Read since it last reached the LRU tail: gets a second chance instead of eviction. */
export const IT_ACTIVE = 1 << 9;
/** Read at least once (memcached's ITEM_FETCHED; `evicted_unfetched` counts the others). */
export const IT_FETCHED = 1 << 10;
/** On its class's free list. */
export const IT_FREE = 1 << 11;
/** The LRU segment an item is in (lru=segmented): 0 HOT (and every item of the flat LRU), 1 WARM, 2 COLD. */
export const IT_SEG_SHIFT = 12;
export const IT_SEG_MASK = 3 << IT_SEG_SHIFT;

export const KEY_MAX_BYTES = 250;

const TWO_POW_32 = 4294967296;

/** Bytes an item with these lengths occupies (the chunk must be at least this big). */
export function itemTotalBytes(nkey: number, nbytes: number): number {
  return ITEM_HEADER_BYTES + nkey + nbytes;
}

export function itemCas(w: Int32Array, it: number): number {
  const base = it >> 2;
  return (w[base + I.casHi]! >>> 0) * TWO_POW_32 + (w[base + I.casLo]! >>> 0);
}

export function setItemCas(w: Int32Array, it: number, cas: number): void {
  const base = it >> 2;
  w[base + I.casLo] = cas % TWO_POW_32;
  w[base + I.casHi] = Math.floor(cas / TWO_POW_32);
}

/** Write the key's bytes (code units 0..255) after the header. */
export function writeKey(u8: Uint8Array, it: number, key: string): void {
  const start = it + ITEM_HEADER_BYTES;
  for (let i = 0; i < key.length; i++) u8[start + i] = charCodeAt.call(key, i);
}

/**
 * Below these lengths a JS loop beats the native Buffer call (measured with Node 20: the call
 * costs ~50 ns; a byte costs ~2–8 ns in the loop). Short reads also stay below V8's 13-char
 * threshold for cons strings, so the loop builds a flat string.
 */
const NATIVE_WRITE_MIN = 24;
const NATIVE_READ_MIN = 12;

/** Write a value at byte offset `at`: a latin1 string or raw bytes. */
export function writeValue(mem: StoreMemory, at: number, value: string | Uint8Array): void {
  if (typeof value === 'string') {
    if (value.length >= NATIVE_WRITE_MIN) {
      mem.buf.latin1Write(value, at, value.length);
    } else {
      const u8 = mem.u8;
      for (let i = 0; i < value.length; i++) u8[at + i] = charCodeAt.call(value, i);
    }
  } else {
    mem.u8.set(value, at);
  }
}

/** Offset of the item's value bytes. */
export function valueOffset(w: Int32Array, it: number): number {
  return it + ITEM_HEADER_BYTES + w[(it >> 2) + I.nkey]!;
}

/** The item's value as a latin1 string. */
export function readValueString(mem: StoreMemory, it: number): string {
  return readValueStringAt(mem, valueOffset(mem.i32, it), mem.i32[(it >> 2) + I.nbytes]!);
}

/** `n` bytes at `start` as a latin1 string (the range must lie inside the buffer). */
export function readValueStringAt(mem: StoreMemory, start: number, n: number): string {
  if (n >= NATIVE_READ_MIN) return mem.buf.latin1Slice(start, start + n);
  if (n === 0) return '';
  const u8 = mem.u8;
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(u8[start + i]!);
  return s;
}

/** The item's value as a fresh Uint8Array (copied: shared memory changes after unlock). */
export function readValueBytes(mem: StoreMemory, it: number): Uint8Array {
  const start = valueOffset(mem.i32, it);
  return mem.u8.slice(start, start + mem.i32[(it >> 2) + I.nbytes]!);
}
