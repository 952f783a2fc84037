/** Integer arguments by Redis string2ll rules, and int64-exact arithmetic with overflow. */
import { describe, expect, it } from 'vitest';
import { addInt64, int64ToString, parseInt64 } from '../../../../engines/redis/numbers/int64.js';

describe('int64 parsing (Redis string2ll rules)', () => {
  it('accepts canonical decimal integers across the whole int64 range', () => {
    expect(parseInt64('0')).toBe(0);
    expect(parseInt64('-17')).toBe(-17);
    expect(parseInt64('9007199254740991')).toBe(9007199254740991);
    expect(parseInt64('9007199254740993')).toBe(9007199254740993n);
    expect(parseInt64('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseInt64('-9223372036854775808')).toBe(-9223372036854775808n);
  });

  it('rejects what Redis rejects: overflow, signs, zeros, spaces, empty', () => {
    for (const bad of ['9223372036854775808', '-9223372036854775809', '+1', '01', '-0', ' 1', '1 ', '', '-', '1e3', '1.0', '0x10']) {
      expect(parseInt64(bad), bad).toBeUndefined();
    }
  });
});

describe('int64 arithmetic', () => {
  it('is exact beyond 2^53 and reports overflow at the int64 edge', () => {
    expect(addInt64(9007199254740991, 2)).toBe(9007199254740993n);
    expect(addInt64(9223372036854775806n, 1)).toBe(9223372036854775807n);
    expect(addInt64(9223372036854775807n, 1)).toBeUndefined();
    expect(addInt64(-9223372036854775808n, -1)).toBeUndefined();
    expect(addInt64(9007199254740993n, -2)).toBe(9007199254740991);
    expect(int64ToString(-9223372036854775808n)).toBe('-9223372036854775808');
  });
});
