/** Float arguments (strtod plus Redis checks) and score printing (%.17g, as Redis 7.0 replies). */
import { describe, expect, it } from 'vitest';
import { formatDouble, parseDouble, parseDoubleLoose } from '../../../../engines/redis/numbers/float.js';

describe('score formatting (%.17g, as Redis 7.0 replies)', () => {
  it('prints 17 significant digits, trailing zeros removed', () => {
    expect(formatDouble(1.1)).toBe('1.1000000000000001');
    expect(formatDouble(0.1)).toBe('0.10000000000000001');
    expect(formatDouble(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatDouble(2.5)).toBe('2.5');
    expect(formatDouble(-3)).toBe('-3');
    expect(formatDouble(0)).toBe('0');
  });

  it('switches to exponent form like %g, with at least two exponent digits', () => {
    expect(formatDouble(1e300)).toBe('1.0000000000000001e+300');
    expect(formatDouble(1e17)).toBe('1e+17');
    expect(formatDouble(3e-5)).toBe('3.0000000000000001e-05');
    expect(formatDouble(0.0001)).toBe('0.0001');
    expect(formatDouble(5e-324)).toBe('4.9406564584124654e-324');
  });

  it('rounds a tie at the 17th digit half-to-even, as glibc does', () => {
    // 2251799813685246.25 is exact in binary: 17 digits needs a tie-break.
    expect(formatDouble(2251799813685246.25)).toBe('2251799813685246.2');
    expect(formatDouble(2251799813685247.75)).toBe('2251799813685247.8');
  });

  it('prints infinities as Redis does', () => {
    expect(formatDouble(Infinity)).toBe('inf');
    expect(formatDouble(-Infinity)).toBe('-inf');
  });
});

describe('float arguments (strtod plus Redis checks)', () => {
  it('accepts every strtod spelling of a finite number or infinity', () => {
    expect(parseDouble('1.5')).toBe(1.5);
    expect(parseDouble('.5')).toBe(0.5);
    expect(parseDouble('5.')).toBe(5);
    expect(parseDouble('+2')).toBe(2);
    expect(parseDouble('1e3')).toBe(1000);
    expect(parseDouble('0x1p3')).toBe(8);
    expect(parseDouble('-inf')).toBe(-Infinity);
    expect(parseDouble('Infinity')).toBe(Infinity);
    expect(parseDouble('1e-310')).toBeCloseTo(1e-310, 320);
  });

  it('rejects NaN, spaces, junk, overflow and underflow to zero', () => {
    for (const bad of ['nan', ' 1', '1 ', '', 'abc', '1e', '1e400', '1e-400', '0x']) {
      expect(parseDouble(bad), bad).toBeUndefined();
    }
  });

  it('reads range bounds loosely, as zslParseRange does', () => {
    expect(parseDoubleLoose(' 2')).toBe(2);
    expect(parseDoubleLoose('1e400')).toBe(Infinity);
    expect(parseDoubleLoose('2 ')).toBeUndefined();
  });
});
