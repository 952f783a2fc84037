/**
 * 64-bit FNV-1a hashing of an integer, byte by byte from the low byte, exactly as YCSB's
 * `Utils.fnvhash64(long)` (hash = hash XOR octet; hash = hash × prime; then |hash|). YCSB calls
 * it FNV; XOR-then-multiply is the FNV-1a order. YCSB uses it to scramble zipfian ranks over the
 * key space and to turn record numbers into key names.
 *
 * The hot path (`fnvHash64Mod`) works in four 16-bit limbs held in locals, so it needs neither
 * BigInt nor any allocation; `fnvHash64` is the BigInt reference used for key names and tests.
 */

const FNV_OFFSET_BASIS_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 1099511628211n;
const MASK_64 = (1n << 64n) - 1n;
const TWO_POW_32 = 4294967296;

/** YCSB's fnvhash64 of a non-negative integer below 2^53, as a non-negative bigint. */
export function fnvHash64(value: number | bigint): bigint {
  let v = BigInt(value);
  let hash = FNV_OFFSET_BASIS_64;
  for (let i = 0; i < 8; i++) {
    hash ^= v & 0xffn;
    v >>= 8n;
    hash = (hash * FNV_PRIME_64) & MASK_64;
  }
  // Java's Math.abs on a signed long: two's-complement negate when the sign bit is set.
  return hash >= 1n << 63n ? ((1n << 64n) - hash) & MASK_64 : hash;
}

/**
 * `fnvHash64(value) % modulus` without BigInt. `value` is a non-negative integer below 2^53;
 * `modulus` a positive integer below 2^37 (so every partial product stays exact in a double).
 */
export function fnvHash64Mod(value: number, modulus: number): number {
  let lo = value % TWO_POW_32 >>> 0;
  let hi = Math.floor(value / TWO_POW_32) >>> 0;
  // Offset basis 0xcbf29ce484222325 as limbs, least significant first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < 8; i++) {
    h0 ^= lo & 0xff;
    lo = (lo >>> 8) | ((hi & 0xff) << 24);
    hi >>>= 8;
    // × 0x100000001b3 mod 2^64: the prime's limbs are 0x01b3, 0, 0x0100, 0.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  if (h3 & 0x8000) {
    // |hash| for a negative signed long: invert and add one.
    h0 = (~h0 & 0xffff) + 1;
    h1 = (~h1 & 0xffff) + (h0 >>> 16);
    h2 = (~h2 & 0xffff) + (h1 >>> 16);
    h3 = (~h3 & 0xffff) + (h2 >>> 16);
    h0 &= 0xffff;
    h1 &= 0xffff;
    h2 &= 0xffff;
    h3 &= 0xffff;
  }
  let r = h3 % modulus;
  r = (r * 65536 + h2) % modulus;
  r = (r * 65536 + h1) % modulus;
  return (r * 65536 + h0) % modulus;
}
