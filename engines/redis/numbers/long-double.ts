/**
 * The x86 80-bit `long double` that Redis's INCRBYFLOAT and HINCRBYFLOAT compute in, emulated
 * exactly with BigInt: strtold-style parsing (64-bit mantissa, round-half-even), addition with
 * one rounding, and `%.17Lf` printing with trailing zeros trimmed (Redis's LD_STR_HUMAN). This
 * is why INCRBYFLOAT of 1.1 answers "1.1" while ZSCORE of 1.1 answers "1.1000000000000001".
 */
import { type BinaryFloat, bitLength, parseDecimalParts, parseHexParts, pow10, roundHalfEven, roundToBinary } from './exact.js';

const PRECISION = 64;
/** Exponent (of the integer mantissa) above which the value overflows to infinity. */
const MAX_EXP = 16384 - PRECISION; // values ≥ 2^16384 are infinite
/** Smallest normal exponent; smaller results are flushed (denormals are not emulated). */
const MIN_EXP = -16382 - (PRECISION - 1);

/** A long double value: finite (sign, 64-bit mantissa, exponent), ±infinity, or zero. */
export interface LongDouble {
  readonly neg: boolean;
  readonly mant: bigint;
  readonly exp: number;
  readonly inf: boolean;
}

const ZERO: LongDouble = { neg: false, mant: 0n, exp: 0, inf: false };

function fromRational(neg: boolean, num: bigint, den: bigint): LongDouble {
  if (num === 0n) return { ...ZERO, neg };
  const b: BinaryFloat = roundToBinary(num, den, PRECISION);
  if (b.exp >= MAX_EXP) return { neg, mant: 0n, exp: 0, inf: true };
  if (b.exp < MIN_EXP) return { ...ZERO, neg };
  return { neg, mant: b.mant, exp: b.exp, inf: false };
}

/** Max length Redis accepts for a long double argument (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024;

/**
 * Parse like Redis's string2ld: the whole string, no leading space, no NaN, no overflow to
 * ±HUGE_VAL, no underflow to zero. "inf" is accepted (strtold reads it without ERANGE).
 */
export function parseLongDouble(s: string): LongDouble | undefined {
  if (s.length === 0 || s.length >= MAX_CHARS) return undefined;
  const inf = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (inf) return { neg: inf[1] === '-', mant: 0n, exp: 0, inf: true };
  const hex = parseHexParts(s);
  if (hex) {
    if (hex.mant === 0n) return { ...ZERO, neg: hex.neg };
    const magnitude = hex.exp2 + bitLength(hex.mant);
    if (magnitude > 16384 || magnitude < -16500) return undefined; // ERANGE
    const v =
      hex.exp2 >= 0
        ? fromRational(hex.neg, hex.mant << BigInt(hex.exp2), 1n)
        : fromRational(hex.neg, hex.mant, 1n << BigInt(-hex.exp2));
    return v.inf || v.mant === 0n ? undefined : v;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const parts = parseDecimalParts(s);
  if (!parts) return undefined;
  if (parts.digits === 0n) return { ...ZERO, neg: parts.neg };
  const magnitude = parts.exp10 + parts.digits.toString().length;
  if (magnitude > 4940) return undefined; // overflow: ERANGE with HUGE_VAL
  if (magnitude < -4960) return undefined; // underflow to zero: ERANGE
  const v =
    parts.exp10 >= 0
      ? fromRational(parts.neg, parts.digits * pow10(parts.exp10), 1n)
      : fromRational(parts.neg, parts.digits, pow10(-parts.exp10));
  if (v.inf) return undefined;
  if (v.mant === 0n) return undefined;
  return v;
}

/** a + b with a single rounding to 64 bits; infinities propagate, inf + -inf is NaN (undefined). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | undefined {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return undefined;
    return a.inf ? a : b;
  }
  if (a.mant === 0n) return b.mant === 0n ? { ...ZERO, neg: a.neg && b.neg } : b;
  if (b.mant === 0n) return a;
  const e = Math.min(a.exp, b.exp);
  const av = (a.mant << BigInt(a.exp - e)) * (a.neg ? -1n : 1n);
  const bv = (b.mant << BigInt(b.exp - e)) * (b.neg ? -1n : 1n);
  const sum = av + bv;
  if (sum === 0n) return ZERO;
  const neg = sum < 0n;
  const abs = neg ? -sum : sum;
  return e >= 0 ? fromRational(neg, abs << BigInt(e), 1n) : fromRational(neg, abs, 1n << BigInt(-e));
}

/** `%.17Lf` with trailing zeros (and a bare '.') removed, "-0" as "0": Redis's LD_STR_HUMAN. */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf';
  let scaled: bigint;
  if (v.exp >= 0) scaled = (v.mant << BigInt(v.exp)) * pow10(17);
  else scaled = roundHalfEven(v.mant * pow10(17), 1n << BigInt(-v.exp));
  let digits = scaled.toString().padStart(18, '0');
  const intPart = digits.slice(0, digits.length - 17);
  const frac = digits.slice(digits.length - 17).replace(/0+$/, '');
  let out = frac.length ? intPart + '.' + frac : intPart;
  if (v.neg && out !== '0') out = '-' + out;
  return out;
}
