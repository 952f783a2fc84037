/**
 * Number parsing as memcached's util.c: what incr/decr accept in a value and a delta, and the
 * 32-bit truncation of flags and exptime tokens.
 */
import { describe, expect, it } from 'vitest';
import { NOT_A_NUMBER, parseU64Bytes, safeStrtol32, safeStrtoul32, safeStrtoull } from '../../../engines/memcached/numbers.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const parse = (s: string): number | bigint => parseU64Bytes(bytes(s), 0, s.length);

describe('numbers', () => {
  it('parses item values like safe_strtoull', () => {
    expect(parse('42')).toBe(42);
    expect(parse('  7')).toBe(7);
    expect(parse('+5')).toBe(5);
    expect(parse('-0')).toBe(0);
    expect(parse('99 ')).toBe(99); // decr's space padding
    expect(parse('18446744073709551615')).toBe(18446744073709551615n);
    expect(parse('9007199254740993')).toBe(9007199254740993n);
    for (const bad of ['', 'abc', '1a', '-5', '18446744073709551616', '+', ' ']) expect(parse(bad), bad).toBe(NOT_A_NUMBER);
  });

  it('parses tokens like safe_strtoull / safe_strtoul / safe_strtol', () => {
    expect(safeStrtoull('18446744073709551615')).toBe(18446744073709551615n);
    expect(safeStrtoull('18446744073709551616')).toBeNull();
    expect(safeStrtoull('-1')).toBeNull();
    expect(safeStrtoull('x')).toBeNull();
    expect(safeStrtoul32('4294967295')).toBe(4294967295);
    expect(safeStrtoul32('4294967296')).toBe(0); // truncated to uint32_t, as memcached
    expect(safeStrtoul32('-1')).toBeNull();
    expect(safeStrtol32('-1')).toBe(-1);
    expect(safeStrtol32('99999999999')).toBe(1215752191); // long → int32_t
    expect(safeStrtol32('1.5')).toBeNull();
    expect(safeStrtol32('+100')).toBe(100);
  });
});
