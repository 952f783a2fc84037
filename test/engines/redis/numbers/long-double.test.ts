/** INCRBYFLOAT arithmetic: the emulated 80-bit long double and its %.17Lf printing. */
import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble } from '../../../../engines/redis/numbers/long-double.js';

function incr(a: string, b: string): string | undefined {
  const x = parseLongDouble(a);
  const y = parseLongDouble(b);
  if (!x || !y) return undefined;
  const s = addLongDouble(x, y);
  return s === undefined || s.inf ? undefined : formatLongDoubleHuman(s);
}

describe('INCRBYFLOAT arithmetic (80-bit long double, %.17Lf)', () => {
  it('prints the short decimal a user typed where 64-bit mantissas allow it', () => {
    expect(incr('0', '1.1')).toBe('1.1');
    expect(incr('1.1', '0.2')).toBe('1.3');
    expect(incr('10.5', '0.1')).toBe('10.6');
    expect(incr('0', '3.0e-5')).toBe('0.00003');
    expect(incr('5.0e3', '0')).toBe('5000');
  });

  it('prints the exact expansion of big values and cuts tiny ones at 17 decimals', () => {
    expect(incr('0', '1e20')).toBe('100000000000000000000');
    expect(incr('0', '1e-20')).toBe('0');
    expect(incr('-1e-20', '0')).toBe('0');
    expect(incr('0', '-2.5')).toBe('-2.5');
  });

  it('reads hex floats and infinities; rejects NaN, spaces and out-of-range text', () => {
    expect(incr('0x1p3', '0')).toBe('8');
    expect(parseLongDouble('inf')?.inf).toBe(true);
    for (const bad of ['nan', ' 1', '1 ', '', '1e5000', 'x']) expect(parseLongDouble(bad), bad).toBeUndefined();
  });

  it('refuses results that are infinite or NaN', () => {
    expect(incr('inf', '1')).toBeUndefined();
    expect(addLongDouble(parseLongDouble('inf')!, parseLongDouble('-inf')!)).toBeUndefined();
  });
});
