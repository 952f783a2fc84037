/** Intset decoding: the three widths, and a blob whose header does not match its size. */
import { describe, expect, it } from 'vitest';
import { decodeIntset } from '../../../../engines/redis/persistence/intset.js';

function intset(width: 2 | 4 | 8, values: bigint[]): Buffer {
  const b = Buffer.alloc(8 + width * values.length);
  b.writeUInt32LE(width, 0);
  b.writeUInt32LE(values.length, 4);
  values.forEach((v, i) => {
    if (width === 2) b.writeInt16LE(Number(v), 8 + 2 * i);
    else if (width === 4) b.writeInt32LE(Number(v), 8 + 4 * i);
    else b.writeBigInt64LE(v, 8 + 8 * i);
  });
  return b;
}

describe('intset', () => {
  it('decodes 16-, 32- and 64-bit members in order', () => {
    expect(decodeIntset(intset(2, [-3n, 5n, 32767n]))).toEqual(['-3', '5', '32767']);
    expect(decodeIntset(intset(4, [-70000n, 1n]))).toEqual(['-70000', '1']);
    expect(decodeIntset(intset(8, [-9223372036854775808n, 5000000000n]))).toEqual(['-9223372036854775808', '5000000000']);
  });

  it('refuses a bad width or a count that does not fit', () => {
    const bad = intset(2, [1n]);
    bad.writeUInt32LE(3, 0);
    expect(() => decodeIntset(bad)).toThrow(/encoding 3 is not 2, 4 or 8/);
    expect(() => decodeIntset(intset(4, [1n, 2n]).subarray(0, 12))).toThrow(/does not fit/);
  });
});
