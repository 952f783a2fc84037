/** LZF as Redis stores compressed strings: a known vector, round trips, corrupt input. */
import { describe, expect, it } from 'vitest';
import { lzfCompress, lzfDecompress } from '../../../../engines/redis/persistence/lzf.js';
import { Rng } from '../../../../shared/rng.js';

describe('lzf', () => {
  it('decompresses a hand-assembled stream (literal run, short and long back references)', () => {
    // "abc" literal, then back ref len 3 dist 3 → "abcabc", then long ref len 20 dist 1 of "c".
    const stream = Buffer.from([0x02, 0x61, 0x62, 0x63, (1 << 5) | 0, 0x02, (7 << 5) | 0, 20 - 9, 0x00]);
    expect(lzfDecompress(stream, 26).toString('latin1')).toBe('abcabc' + 'c'.repeat(20));
  });

  it('round-trips repetitive, random and binary data, and shrinks repetitive data', () => {
    const rng = new Rng(7);
    const samples: Buffer[] = [
      Buffer.from('hello hello hello hello hello hello hello!'),
      Buffer.from('x'.repeat(5000)),
      Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff)),
      Buffer.from(Array.from({ length: 20000 }, () => Math.floor(rng.next() * 4))),
    ];
    for (const s of samples) {
      const c = lzfCompress(s)!;
      expect(c).not.toBeNull();
      expect(c.length).toBeLessThan(s.length);
      expect(lzfDecompress(c, s.length).equals(s)).toBe(true);
    }
    expect(lzfCompress(Buffer.from('x'.repeat(5000)))!.length).toBeLessThan(100);
  });

  it('gives null when random bytes do not compress', () => {
    const rng = new Rng(11);
    const noise = Buffer.from(Array.from({ length: 1000 }, () => Math.floor(rng.next() * 256)));
    expect(lzfCompress(noise, noise.length - 4)).toBeNull();
  });

  it('rejects corrupt streams', () => {
    expect(() => lzfDecompress(Buffer.from([0x05, 0x61]), 6)).toThrow(/corrupt/);
    expect(() => lzfDecompress(Buffer.from([0x00, 0x61, (1 << 5) | 0x1f, 0xff]), 4)).toThrow(/corrupt/);
    expect(() => lzfDecompress(Buffer.from([0x00, 0x61]), 3)).toThrow(/expected 3/);
  });
});
