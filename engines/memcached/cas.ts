/**
 * CAS uniques, from one global counter (memcached's get_cas_id) handed out in blocks: a thread
 * reserves 64 values with one atomic add and then numbers its stores from the block, so
 * concurrent writers do not fight over one cache line on every store. Values are unique
 * across threads but only increase within a thread, which is all CAS needs — except
 * flush_all, which hides items whose CAS is below the counter at the flush. For that a thread
 * drops its block whenever the flush generation has changed since it reserved it: a store that
 * begins after a flush always draws from a block reserved after it, so its CAS is above the
 * flush's; a store that read the old generation overlapped the flush and may be ordered
 * before it.
 *
 * The block counter is two 32-bit words (no 64-bit atomics on plain numbers in JS without a
 * BigInt per call): the thread whose increment wraps the low word carries into the high one.
 */
import { H } from './layout.js';

/** Values reserved per atomic add. */
export const CAS_BLOCK = 64;
const TWO_POW_32 = 4294967296;

/** One thread's current block. */
export class CasSource {
  next = 0;
  limit = 0;
  generation = -1;
}

/** Reserve a fresh block; returns its first value (≥ CAS_BLOCK, never 0). */
export function reserveCasBlock(w: Int32Array): number {
  const lo = (Atomics.add(w, H.casLo, 1) + 1) >>> 0;
  let hi: number;
  if (lo === 0) {
    hi = Atomics.add(w, H.casHi, 1) + 1;
  } else {
    hi = Atomics.load(w, H.casHi) >>> 0;
  }
  return (hi * TWO_POW_32 + lo) * CAS_BLOCK;
}

/** The next CAS unique for the thread owning `src`. */
export function nextCas(w: Int32Array, src: CasSource): number {
  const generation = w[H.flushGeneration]!;
  if (src.next === src.limit || generation !== src.generation) {
    src.generation = generation;
    src.next = reserveCasBlock(w);
    src.limit = src.next + CAS_BLOCK;
  }
  return src.next++;
}
