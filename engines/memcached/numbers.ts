/**
 * Number parsing exactly as memcached's util.c does it (safe_strtoull / safe_strtoul /
 * safe_strtol over C's strtoull/strtoul/strtol on a 64-bit `long`), because clients notice the
 * edge cases: leading whitespace and a sign are accepted, trailing garbage is not, values past
 * 64 bits are rejected, a minus sign on an unsigned number is rejected only when the result
 * looks negative, and `safe_strtol`/`safe_strtoul` truncate their 64-bit result to 32 bits.
 * The byte version parses an item's value for incr/decr without building a string.
 */

const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);
const TWO_POW_53 = 9007199254740992;

/** C isspace() for the bytes memcached can meet. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Returned by `parseU64Bytes` for a value that is not a number. */
export const NOT_A_NUMBER = -1;

/**
 * safe_strtoull over bytes [start, end) of shared memory (an item's value; the end acts like
 * memcached's "\r\n" terminator). Returns a number when below 2^53, a bigint above, or
 * NOT_A_NUMBER.
 */
export function parseU64Bytes(u8: Uint8Array, start: number, end: number): number | bigint {
  let i = start;
  while (i < end && isSpaceCode(u8[i]!)) i++;
  let negative = false;
  if (i < end && (u8[i] === 43 || u8[i] === 45)) {
    negative = u8[i] === 45;
    i++;
  }
  const digitsStart = i;
  let acc = 0;
  let big: bigint | null = null;
  while (i < end) {
    const d = u8[i]! - 48;
    if (d < 0 || d > 9) break;
    if (big === null) {
      acc = acc * 10 + d;
      if (acc >= TWO_POW_53 / 16) big = BigInt(acc);
    } else {
      big = big * 10n + BigInt(d);
      if (big > U64_MAX) return NOT_A_NUMBER; // ERANGE
    }
    i++;
  }
  if (i === digitsStart) return NOT_A_NUMBER; // no digits: endptr == str
  if (i < end && u8[i] !== 0 && !isSpaceCode(u8[i]!)) return NOT_A_NUMBER;
  if (big === null && !negative) return acc;
  let value = big ?? BigInt(acc);
  if (negative) value = (U64_MAX + 1n - value) & U64_MAX;
  if (value > I64_MAX) {
    // Looks negative as a signed number: memcached rejects it if there is a '-' anywhere
    // (strchr scans to the terminating NUL).
    for (let j = start; j < end && u8[j] !== 0; j++) if (u8[j] === 45) return NOT_A_NUMBER;
  }
  return value < BigInt(TWO_POW_53) ? Number(value) : value;
}

interface CParse {
  readonly value: bigint;
  readonly ok: boolean;
}

/** C's strto(u)ll core over a token: whitespace, sign, digits, end check. */
function cParse(token: string, unsigned: boolean): CParse {
  let i = 0;
  while (i < token.length && isSpaceCode(token.charCodeAt(i))) i++;
  let negative = false;
  const sign = token.charCodeAt(i);
  if (sign === 43 || sign === 45) {
    negative = sign === 45;
    i++;
  }
  const digitsStart = i;
  let mag = 0n;
  let overflow = false;
  while (i < token.length) {
    const d = token.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (!overflow) {
      mag = mag * 10n + BigInt(d);
      if (mag > U64_MAX + 1n) overflow = true;
    }
    i++;
  }
  if (i === digitsStart) return { value: 0n, ok: false };
  if (i < token.length && !isSpaceCode(token.charCodeAt(i)) && token.charCodeAt(i) !== 0) return { value: 0n, ok: false };
  if (unsigned) {
    if (overflow || mag > U64_MAX) return { value: 0n, ok: false };
    return { value: negative ? (U64_MAX + 1n - mag) & U64_MAX : mag, ok: true };
  }
  const signed = negative ? -mag : mag;
  if (overflow || signed > I64_MAX || signed < I64_MIN) return { value: 0n, ok: false };
  return { value: signed, ok: true };
}

/** safe_strtoull: an unsigned 64-bit token, or null. */
export function safeStrtoull(token: string): bigint | null {
  const r = cParse(token, true);
  if (!r.ok) return null;
  if (r.value > I64_MAX && token.includes('-')) return null;
  return r.value;
}

/** safe_strtoul into a uint32_t (memcached's flags): 64-bit parse, then truncation. */
export function safeStrtoul32(token: string): number | null {
  const r = cParse(token, true);
  if (!r.ok) return null;
  if (r.value > I64_MAX && token.includes('-')) return null;
  return Number(BigInt.asUintN(32, r.value));
}

/** safe_strtol into an int32_t (exptime, lengths): 64-bit `long` parse, then truncation. */
export function safeStrtol32(token: string): number | null {
  const r = cParse(token, false);
  if (!r.ok) return null;
  return Number(BigInt.asIntN(32, r.value));
}
