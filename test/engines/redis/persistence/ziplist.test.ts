/** Ziplist decoding (Redis ≤ 6.2 files): strings of each length form, every integer width, long prevlen. */
import { describe, expect, it } from 'vitest';
import { decodeZiplist } from '../../../../engines/redis/persistence/ziplist.js';

function ziplist(entries: number[][]): Buffer {
  const body: number[] = [];
  let prev = 0;
  for (const e of entries) {
    const prevlen = prev < 254 ? [prev] : [0xfe, prev & 0xff, (prev >> 8) & 0xff, (prev >> 16) & 0xff, prev >>> 24];
    const full = [...prevlen, ...e];
    body.push(...full);
    prev = full.length;
  }
  const total = 10 + body.length + 1;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(total, 0);
  b.writeUInt16LE(entries.length, 8);
  Buffer.from(body).copy(b, 10);
  b[total - 1] = 0xff;
  return b;
}

describe('ziplist', () => {
  it('decodes strings (6-bit, 14-bit, 32-bit lengths) and integers (imm, 8, 16, 24, 32, 64 bits)', () => {
    const s300 = 'q'.repeat(300);
    const i16 = Buffer.alloc(2);
    i16.writeInt16LE(-1234);
    const i32 = Buffer.alloc(4);
    i32.writeInt32LE(70000);
    const i64 = Buffer.alloc(8);
    i64.writeBigInt64LE(-5000000000n);
    const big = Buffer.alloc(4);
    big.writeUInt32BE(3);
    const zl = ziplist([
      [0x02, 0x61, 0x62],
      [0xf1 + 7],
      [0xfe, 0xfb],
      [0xc0, ...i16],
      [0xf0, 0x40, 0x42, 0x0f],
      [0xd0, ...i32],
      [0xe0, ...i64],
      [0x40 | (300 >> 8), 300 & 0xff, ...Buffer.from(s300)],
      [0x80, ...big, 0x61, 0x62, 0x63], // after a 303-byte entry: a 5-byte prevlen
    ]);
    expect(decodeZiplist(zl)).toEqual(['ab', '7', '-5', '-1234', '1000000', '70000', '-5000000000', s300, 'abc']);
  });

  it('refuses a blob without its end marker', () => {
    const zl = ziplist([[0x01, 0x61]]);
    expect(() => decodeZiplist(zl.subarray(0, zl.length - 1))).toThrow(/missing end marker/);
  });
});
