/**
 * Doubles as Redis reads and prints them: strtod-compatible parsing with Redis's extra checks
 * (no leading space, the whole argument consumed, no NaN, no overflow to ±inf, no underflow to
 * zero) and `%.17g` printing for scores (what Redis 7.0's addReplyDouble sends in RESP2:
 * ZSCORE of 1.1 is "1.1000000000000001"; 7.2 moved to shortest round-trip output).
 */
import { bitLength, formatExactDecimal, parseDecimalParts, parseHexParts, roundToBinary } from './exact.js';

/**
 * Parse a float argument the way Redis's getDoubleFromObject does. `undefined` means
 * "ERR value is not a valid float".
 */
export function parseDouble(s: string): number | undefined {
  const len = s.length;
  if (len === 0) return undefined;
  // Fast path: plain decimal integers of up to 15 digits convert exactly.
  if (len <= 15) {
    let i = s.charCodeAt(0) === 45 ? 1 : 0;
    if (i < len) {
      let v = 0;
      for (; i < len; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === len) return s.charCodeAt(0) === 45 ? -v : v;
    }
  }
  return parseStrtod(s, true);
}

/**
 * Parse like zslParseRange / strtod without the range checks: leading whitespace is allowed,
 * overflow gives ±inf, underflow gives 0. `undefined` when the text is not a whole number.
 */
export function parseDoubleLoose(s: string): number | undefined {
  return parseStrtod(s, false);
}

const SPACE = /^[\t\n\v\f\r ]/;
const INF = /^([+-]?)(inf|infinity)$/i;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseStrtod(raw: string, strict: boolean): number | undefined {
  let s = raw;
  if (SPACE.test(s)) {
    if (strict) return undefined;
    s = s.replace(/^[\t\n\v\f\r ]+/, '');
  }
  if (DECIMAL.test(s)) {
    const v = Number(s);
    if (strict) {
      if (v === Infinity || v === -Infinity) return undefined; // ERANGE overflow
      if (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return undefined; // underflow to zero
    }
    return v;
  }
  const inf = INF.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = parseHexParts(s);
  if (hex) {
    const v = hexToDouble(hex.mant, hex.exp2);
    if (strict && (v === Infinity || (v === 0 && hex.mant !== 0n))) return undefined;
    return hex.neg ? -v : v;
  }
  return undefined;
}

/** mant × 2^exp2 rounded once to a double (subnormals excepted: they round twice). */
function hexToDouble(mant: bigint, exp2: number): number {
  if (mant === 0n) return 0;
  if (exp2 + bitLength(mant) > 1100) return Infinity;
  if (exp2 + bitLength(mant) < -1200) return 0;
  const b = exp2 >= 0 ? roundToBinary(mant << BigInt(exp2), 1n, 53) : roundToBinary(mant, 1n << BigInt(-exp2), 53);
  return Number(b.mant) * 2 ** b.exp;
}

/**
 * `%.17g` exactly as glibc prints it (round-half-even on the exact binary value, exponent
 * with at least two digits, trailing zeros removed), plus Redis's "inf"/"-inf".
 */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (Number.isInteger(d) && d < 1e17 && d > -1e17) {
    return d === 0 && 1 / d < 0 ? '-0' : String(d);
  }
  // toExponential rounds ties away from zero; glibc rounds half-even. A tie at 17 significant
  // digits needs an exact expansion of exactly 18 digits ending in 5: check those exactly.
  let exp16 = d.toExponential(16);
  const probe = d.toExponential(17);
  if (probe.charCodeAt(probe.indexOf('e') - 1) === 53 /* '5' */) {
    exp16 = formatExactDecimal(d, 17);
  }
  return gStyle(exp16, 17);
}

/** Turn `d.ddddde±x` (precision digits) into `%g` layout. */
function gStyle(exponential: string, precision: number): string {
  const e = exponential.indexOf('e');
  const exponent = Number(exponential.slice(e + 1));
  let mantissa = exponential.slice(0, e);
  const negative = mantissa.charCodeAt(0) === 45;
  if (negative) mantissa = mantissa.slice(1);
  const digits = mantissa.replace('.', '');
  let out: string;
  if (exponent < -4 || exponent >= precision) {
    let m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
    const abs = Math.abs(exponent);
    out = m + 'e' + (exponent < 0 ? '-' : '+') + (abs < 10 ? '0' + abs : String(abs));
  } else if (exponent >= 0) {
    const intPart = digits.slice(0, exponent + 1);
    let frac = digits.slice(exponent + 1).replace(/0+$/, '');
    out = frac.length ? intPart + '.' + frac : intPart;
  } else {
    const frac = ('0'.repeat(-exponent - 1) + digits).replace(/0+$/, '');
    out = '0.' + frac;
  }
  return negative ? '-' + out : out;
}

export { parseDecimalParts };
