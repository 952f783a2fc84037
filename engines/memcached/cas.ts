/**
 * The global CAS counter: every store takes the next unique value, as memcached's
 * get_cas_id(). Two 32-bit words updated with Atomics (JS has no 64-bit atomic on plain
 * numbers without allocating a BigInt per call). The low word is the atomic counter; the
 * thread whose increment wraps it carries into the high word. A value drawn in the few
 * nanoseconds between a wrap and its carry can repeat one issued 2^32 stores earlier — an
 * item that old carries no live CAS in practice.
 */
import { H } from './layout.js';

const TWO_POW_32 = 4294967296;

/** The next CAS unique (≥ 1). */
export function nextCas(w: Int32Array): number {
  const lo = (Atomics.add(w, H.casLo, 1) + 1) >>> 0;
  if (lo === 0) {
    Atomics.add(w, H.casHi, 1);
    return Atomics.load(w, H.casHi) * TWO_POW_32;
  }
  return (Atomics.load(w, H.casHi) >>> 0) * TWO_POW_32 + lo;
}
