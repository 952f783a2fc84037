/** Listpack decoding: every entry encoding and backlen size, and corrupt blobs refused. */
import { describe, expect, it } from 'vitest';
import { decodeListpack } from '../../../../engines/redis/persistence/listpack.js';

function backlen(n: number): number[] {
  if (n <= 127) return [n];
  if (n < 16383) return [n >> 7, (n & 127) | 128]; // size only matters to the decoder
  throw new Error('test helper: entry too long');
}

function entry(encoded: number[]): number[] {
  return [...encoded, ...backlen(encoded.length)];
}

function listpack(entries: number[][], count = entries.length): Buffer {
  const body = entries.flat();
  const total = 6 + body.length + 1;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(total, 0);
  b.writeUInt16LE(count, 4);
  Buffer.from(body).copy(b, 6);
  b[total - 1] = 0xff;
  return b;
}

const le = (n: bigint, bytes: number): number[] => {
  const out: number[] = [];
  let v = BigInt.asUintN(bytes * 8, n);
  for (let i = 0; i < bytes; i++, v >>= 8n) out.push(Number(v & 0xffn));
  return out;
};

describe('listpack', () => {
  it('decodes every integer and string encoding', () => {
    const s100 = 'x'.repeat(100);
    const s200 = 'y'.repeat(200);
    const s5000 = 'z'.repeat(5000);
    const lp = listpack([
      entry([5]),
      entry([0x82, 0x61, 0x62]),
      entry([0xc0 | ((-100 >> 8) & 0x1f), -100 & 0xff]),
      entry([0xf1, ...le(-30000n, 2)]),
      entry([0xf2, ...le(1000000n, 3)]),
      entry([0xf3, ...le(-2000000000n, 4)]),
      entry([0xf4, ...le(-9000000000000000000n, 8)]),
      entry([0xe0 | (100 >> 8), 100 & 0xff, ...Buffer.from(s100)]),
      entry([0xe0 | (200 >> 8), 200 & 0xff, ...Buffer.from(s200)]),
      entry([0xf0, ...le(5000n, 4), ...Buffer.from(s5000)]),
      entry([0x80]),
    ]);
    expect(decodeListpack(lp)).toEqual(['5', 'ab', '-100', '-30000', '1000000', '-2000000000', '-9000000000000000000', s100, s200, s5000, '']);
  });

  it('accepts the 65535 "count unknown" header and refuses corrupt blobs', () => {
    expect(decodeListpack(listpack([entry([1]), entry([2])], 65535))).toEqual(['1', '2']);
    expect(() => decodeListpack(listpack([entry([1])], 3))).toThrow(/says 3 entries, found 1/);
    const bad = listpack([entry([1])]);
    bad.writeUInt32LE(99, 0);
    expect(() => decodeListpack(bad)).toThrow(/header says 99 bytes/);
    expect(() => decodeListpack(listpack([[0xf5, 0]]))).toThrow(/unknown entry encoding 0xf5/);
  });
});
