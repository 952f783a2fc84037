/**
 * Creating and attaching the shared store: allocates the SharedArrayBuffer, writes the header
 * and the slab class table once (in the thread that prepares the run), and in every thread
 * builds the typed-array views and the derived constants the other subsystems use. Nothing
 * here runs per operation.
 */
import {
  C,
  CLASS_WORDS,
  H,
  LAYOUT_MAGIC,
  LAYOUT_VERSION,
  LOCK_STRIDE_WORDS,
  MAX_STAT_SLOTS,
  PAGE_BYTES,
  computeRegions,
  type LayoutParams,
  type Regions,
} from './layout.js';
import { HASH_POWER_SHIFT } from './assoc.js';
import { THREAD_STAT_COUNT } from './stats.js';

/** Buffer's latin1 fast paths: present at runtime in every Node release, absent from @types/node. */
export interface Latin1Buffer extends Buffer {
  latin1Write(value: string, offset: number, length: number): number;
  latin1Slice(start: number, end: number): string;
}

/** Views over one attached store buffer plus constants derived from its header. */
export class StoreMemory {
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  /** The same bytes as a Buffer, for native latin1 conversion of long values. */
  readonly buf: Latin1Buffer;
  /** Every statistics slot, Float64 counters. */
  readonly statSlots: Float64Array;
  /** Float64 words per statistics slot. */
  readonly statSlotWords: number;
  readonly regions: Regions;
  readonly lockMask: number;
  /** Word index of item lock stripe 0; stripe s is at lockBase + s * LOCK_STRIDE_WORDS. */
  readonly lockBase: number;
  /** Word index of hash bucket 0. */
  readonly bucketBase: number;
  /** Word index of class record 0 (records are CLASS_WORDS apart; ids start at 1). */
  readonly classBase: number;
  /** Chunk size of each class id (index 0 unused). */
  readonly chunkSizes: Int32Array;
  readonly classCount: number;
  readonly itemSizeMax: number;
  readonly pageLimit: number;
  readonly params: LayoutParams;

  constructor(
    readonly sab: SharedArrayBuffer,
    params: LayoutParams,
  ) {
    this.params = params;
    this.regions = computeRegions(params, THREAD_STAT_COUNT);
    if (sab.byteLength !== this.regions.totalBytes) {
      throw new Error(`memcached-style store: buffer is ${sab.byteLength} bytes, layout needs ${this.regions.totalBytes}`);
    }
    this.i32 = new Int32Array(sab);
    this.u8 = new Uint8Array(sab);
    this.buf = Buffer.from(sab) as Latin1Buffer;
    this.statSlotWords = this.regions.statsSlotBytes / 8;
    this.statSlots = new Float64Array(sab, this.regions.statsOffset, MAX_STAT_SLOTS * this.statSlotWords);
    this.lockMask = (1 << params.lockPower) - 1;
    this.lockBase = this.regions.locksOffset >> 2;
    this.bucketBase = this.regions.bucketsOffset >> 2;
    this.classBase = this.regions.classesOffset >> 2;
    this.classCount = params.chunkSizes.length;
    this.chunkSizes = new Int32Array(this.classCount + 1);
    for (let i = 0; i < this.classCount; i++) this.chunkSizes[i + 1] = params.chunkSizes[i]!;
    this.itemSizeMax = params.itemSizeMax;
    this.pageLimit = params.memoryMb;
  }

  /** Int32 word index of slot `slot`'s owner flag (just after its counters). */
  slotOwnerWord(slot: number): number {
    return (this.regions.statsOffset + slot * this.regions.statsSlotBytes + THREAD_STAT_COUNT * 8) >> 2;
  }

  /**
   * Take a free statistics slot for a new engine instance. Counters are totals, so a slot
   * freed by a closed instance is reused as it is (its counts still belong in the sums).
   */
  claimStatSlot(): number {
    for (let slot = 0; slot < MAX_STAT_SLOTS; slot++) {
      if (Atomics.compareExchange(this.i32, this.slotOwnerWord(slot), 0, 1) === 0) return slot;
    }
    return -1;
  }

  releaseStatSlot(slot: number): void {
    Atomics.store(this.i32, this.slotOwnerWord(slot), 0);
  }

  /** Word index of field `field` of class `cls`'s record. */
  classWord(cls: number, field: number): number {
    return this.classBase + cls * CLASS_WORDS + field;
  }

  /** Word index of the item lock stripe covering hash value `hv`. */
  lockWordFor(hv: number): number {
    return this.lockBase + (hv & this.lockMask) * LOCK_STRIDE_WORDS;
  }

  /** Byte offset of slab page `page`. */
  pageOffset(page: number): number {
    return this.regions.pagesOffset + page * PAGE_BYTES;
  }
}

/** Allocate and initialise a fresh store buffer. */
export function createStoreMemory(params: LayoutParams, nowUnixSec: number): StoreMemory {
  const regions = computeRegions(params, THREAD_STAT_COUNT);
  const sab = new SharedArrayBuffer(regions.totalBytes);
  const mem = new StoreMemory(sab, params);
  const w = mem.i32;
  w[H.magic] = LAYOUT_MAGIC;
  w[H.version] = LAYOUT_VERSION;
  w[H.pageLimit] = params.memoryMb;
  w[H.hashPower] = params.hashPower;
  w[H.hashState] = params.hashPower << HASH_POWER_SHIFT; // cursor 0: not split yet
  w[H.maxHashPower] = params.maxHashPower;
  w[H.lruMode] = params.lru === 'segmented' ? 1 : 0;
  w[H.lockPower] = params.lockPower;
  w[H.classCount] = params.chunkSizes.length;
  w[H.itemSizeMax] = params.itemSizeMax;
  // As memcached: pretend the process started a little earlier, so relative time 0 never
  // occurs and "0 = never" stays unambiguous (memcached uses ITEM_UPDATE_INTERVAL + 2).
  w[H.processStarted] = nowUnixSec - 62;
  for (let cls = 1; cls <= mem.classCount; cls++) {
    const size = mem.chunkSizes[cls]!;
    w[mem.classWord(cls, C.chunkSize)] = size;
    w[mem.classWord(cls, C.perPage)] = Math.floor(PAGE_BYTES / size);
  }
  return mem;
}

/** Attach to a buffer created by `createStoreMemory` (in any thread). */
export function attachStoreMemory(sab: SharedArrayBuffer, params: LayoutParams): StoreMemory {
  const w = new Int32Array(sab, 0, 16);
  if (w[H.magic] !== LAYOUT_MAGIC || w[H.version] !== LAYOUT_VERSION) {
    throw new Error('memcached-style store: the shared buffer is not a store of this version');
  }
  return new StoreMemory(sab, params);
}
