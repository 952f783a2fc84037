/**
 * 64-bit FNV-1a hashing of an integer, byte by byte from the low byte, exactly as YCSB's
 * `Utils.fnvhash64(long)` (hash = hash XOR octet; hash = hash × prime; then |hash|). YCSB calls
 * it FNV; XOR-then-multiply is the FNV-1a order. YCSB uses it to scramble zipfian ranks over the
 * key space and to turn record numbers into key names.
 *
 * The hot paths (`fnvHash64Mod`, `fnvHash64Decimal`) work in int32 halves, so they need neither
 * BigInt nor any allocation; `fnvHash64` is the BigInt reference the tests hold them to.
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

/** The last hash as unsigned 32-bit halves: [low, high]. Module scratch, so no allocation. */
const halves = new Uint32Array(2);

/**
 * YCSB's fnvhash64 into `halves` as unsigned 32-bit words. `value` is a non-negative integer
 * below 2^53. All int32 arithmetic: V8 keeps it in registers, about twice as fast as the same
 * steps in doubles.
 */
function hashIntoHalves(value: number): void {
  const lo = value >>> 0;
  const hi = Math.floor(value / TWO_POW_32) >>> 0;
  let hashLo = 0x84222325 | 0;
  let hashHi = 0xcbf29ce4 | 0;
  // Two loops of four bytes rather than one of eight with a byte-source branch: about a third
  // cheaper, and this runs once per zipfian draw on the formula path.
  for (let shift = 0; shift < 32; shift += 8) {
    hashLo ^= (lo >>> shift) & 0xff;
    // × 0x100000001b3 mod 2^64 = × 0x1b3, plus the low half shifted up 40 bits (8 into the high half).
    // `carry` is the high 32 bits of hashLo × 0x1b3, built from 16-bit pieces so nothing overflows.
    const carry = ((hashLo >>> 16) * 0x1b3 + (((hashLo & 0xffff) * 0x1b3) >>> 16)) >>> 16;
    hashHi = (Math.imul(hashHi, 0x1b3) + carry + (hashLo << 8)) | 0;
    hashLo = Math.imul(hashLo, 0x1b3);
  }
  for (let shift = 0; shift < 32; shift += 8) {
    hashLo ^= (hi >>> shift) & 0xff;
    const carry = ((hashLo >>> 16) * 0x1b3 + (((hashLo & 0xffff) * 0x1b3) >>> 16)) >>> 16;
    hashHi = (Math.imul(hashHi, 0x1b3) + carry + (hashLo << 8)) | 0;
    hashLo = Math.imul(hashLo, 0x1b3);
  }
  if (hashHi < 0) {
    // |hash| for a negative signed long: two's-complement negate.
    const negLo = (~hashLo + 1) >>> 0;
    halves[0] = negLo;
    halves[1] = (~hashHi + (negLo === 0 ? 1 : 0)) >>> 0;
  } else {
    halves[0] = hashLo;
    halves[1] = hashHi;
  }
}

/** Moduli below this fit the two-step reduction: (high mod n) × 2^32 + low + n stays below 2^53. */
const TWO_STEP_MODULUS_LIMIT = 2 ** 21;

/**
 * `fnvHash64(value) % modulus` without BigInt. `value` is a non-negative integer below 2^53;
 * `modulus` a positive integer up to 2^36 (so every partial product stays exact in a double).
 */
export function fnvHash64Mod(value: number, modulus: number): number {
  hashIntoHalves(value);
  const lo = halves[0]!;
  if (modulus < TWO_STEP_MODULUS_LIMIT) return modExact(modExact(halves[1]!, modulus) * TWO_POW_32 + lo, modulus);
  const r = modExact(modExact(halves[1]!, modulus) * 65536 + (lo >>> 16), modulus);
  return modExact(r * 65536 + (lo & 0xffff), modulus);
}

/**
 * `fnvHash64(value).toString()` without BigInt (which costs microseconds per call): long
 * division of the four 16-bit limbs by 10^7, three times, gives the decimal digits.
 */
export function fnvHash64Decimal(value: number): string {
  hashIntoHalves(value);
  let l3 = halves[1]! >>> 16;
  let l2 = halves[1]! & 0xffff;
  let l1 = halves[0]! >>> 16;
  let l0 = halves[0]! & 0xffff;
  let text = '';
  for (;;) {
    // One base-10^7 digit: the remainder of dividing the limbs by 10^7; limbs become the quotient.
    let rest = l3;
    l3 = Math.floor(rest / DECIMAL_GROUP);
    rest = (rest - l3 * DECIMAL_GROUP) * 65536 + l2;
    l2 = Math.floor(rest / DECIMAL_GROUP);
    rest = (rest - l2 * DECIMAL_GROUP) * 65536 + l1;
    l1 = Math.floor(rest / DECIMAL_GROUP);
    rest = (rest - l1 * DECIMAL_GROUP) * 65536 + l0;
    l0 = Math.floor(rest / DECIMAL_GROUP);
    const digits = String(rest - l0 * DECIMAL_GROUP);
    if ((l3 | l2 | l1 | l0) === 0) return digits + text;
    text = '0000000'.slice(digits.length) + digits + text;
  }
}

const DECIMAL_GROUP = 10_000_000;

/**
 * `a % n` for integers 0 ≤ a < 2^53, 0 < n ≤ 2^36, by division: `%` on doubles is a call to
 * fmod, several times slower. The quotient's rounding can be off by one either way; the
 * correction steps put the remainder back in [0, n).
 */
function modExact(a: number, n: number): number {
  let r = a - Math.floor(a / n) * n;
  if (r < 0) r += n;
  else if (r >= n) r -= n;
  return r;
}
