/**
 * Exact binary↔decimal arithmetic on BigInt rationals, for the rare cases where JS's own
 * number formatting differs from glibc's (ties at the last printed digit) and for the 80-bit
 * long double that INCRBYFLOAT uses. Nothing here is on a hot path.
 */

/** A non-negative rational num/den rounded to the nearest integer, ties to even. */
export function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

const pow10Cache = new Map<number, bigint>();
export function pow10(n: number): bigint {
  let v = pow10Cache.get(n);
  if (v === undefined) {
    v = 10n ** BigInt(n);
    if (n <= 400) pow10Cache.set(n, v);
  }
  return v;
}

/** A finite binary float as sign × mant × 2^exp. */
export interface BinaryFloat {
  neg: boolean;
  mant: bigint;
  exp: number;
}

const view = new DataView(new ArrayBuffer(8));

export function doubleToBinary(d: number): BinaryFloat {
  view.setFloat64(0, d);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const neg = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { neg, mant: frac, exp: -1074 };
  return { neg, mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** Integer value of |v| × 10^scale rounded half-even. */
function scaledRounded(v: BinaryFloat, scale: number): bigint {
  let num = v.mant;
  let den = 1n;
  if (v.exp >= 0) num <<= BigInt(v.exp);
  else den <<= BigInt(-v.exp);
  if (scale >= 0) num *= pow10(scale);
  else den *= pow10(-scale);
  return roundHalfEven(num, den);
}

/**
 * A finite double with `sig` significant digits in the layout of `toExponential(sig - 1)`,
 * rounded half-even on its exact value as glibc does.
 */
export function formatExactDecimal(d: number, sig: number): string {
  const v = doubleToBinary(d);
  if (v.mant === 0n) return (v.neg ? '-' : '') + (0).toExponential(sig - 1);
  let e10 = Math.floor(Math.log10(Math.abs(d)));
  let scaled = scaledRounded(v, sig - 1 - e10);
  const limit = pow10(sig);
  if (scaled >= limit) {
    e10++;
    scaled = scaledRounded(v, sig - 1 - e10);
  } else if (scaled < pow10(sig - 1)) {
    e10--;
    scaled = scaledRounded(v, sig - 1 - e10);
  }
  const digits = scaled.toString();
  const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  return (v.neg ? '-' : '') + mantissa + 'e' + (e10 < 0 ? '-' : '+') + Math.abs(e10);
}

/** `[+-]digits[.digits][e±n]` as sign, an integer of all digits and a power-of-ten exponent. */
export function parseDecimalParts(s: string): { neg: boolean; digits: bigint; exp10: number } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return undefined;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int.length + frac.length === 0) return undefined;
  const expText = m[4];
  // Exponents beyond ±1e6 are clamped: any non-zero value is far outside every float range.
  let exp = expText === undefined ? 0 : Number(expText);
  if (exp > 1e6) exp = 1e6;
  if (exp < -1e6) exp = -1e6;
  const all = (int + frac).replace(/^0+/, '');
  return { neg: m[1] === '-', digits: all.length ? BigInt(all) : 0n, exp10: exp - frac.length };
}

/**
 * C99 hexadecimal float text (`0x1.8p3`, sign allowed) as sign, integer mantissa and binary
 * exponent; undefined when it is not one (at least one hex digit is required).
 */
export function parseHexParts(s: string): { neg: boolean; mant: bigint; exp2: number } | undefined {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m) return undefined;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int.length + frac.length === 0) return undefined;
  let exp = m[4] === undefined ? 0 : Number(m[4]);
  if (exp > 1e6) exp = 1e6;
  if (exp < -1e6) exp = -1e6;
  return { neg: m[1] === '-', mant: BigInt('0x' + (int + frac || '0')), exp2: exp - 4 * frac.length };
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Round a positive rational num/den to a binary float with `precision` mantissa bits
 * (half-even). Returns mant in [2^(p-1), 2^p) and the exponent.
 */
export function roundToBinary(num: bigint, den: bigint, precision: number): BinaryFloat {
  let e = bitLength(num) - bitLength(den) - precision;
  for (;;) {
    const n = e < 0 ? num << BigInt(-e) : num;
    const dd = e > 0 ? den << BigInt(e) : den;
    const q = n / dd;
    const bits = bitLength(q);
    if (bits > precision) {
      e++;
      continue;
    }
    if (bits < precision) {
      e--;
      continue;
    }
    let mant = roundHalfEven(n, dd);
    let exp = e;
    if (bitLength(mant) > precision) {
      mant >>= 1n;
      exp++;
    }
    return { neg: false, mant, exp };
  }
}
