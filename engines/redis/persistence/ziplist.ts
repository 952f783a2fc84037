/**
 * Decoding a ziplist, the compact encoding before listpack (Redis ≤ 6.2 RDB types 10, 12, 13
 * and quicklist nodes of type 14; Redis 7 still loads them). Layout: total bytes (u32 LE),
 * tail offset (u32 LE), count (u16 LE), entries, 0xFF. Each entry: previous entry length
 * (1 byte, or 0xFE + u32 LE), an encoding, the data:
 *   00pppppp 6-bit-length string · 01pppppp qqqqqqqq 14-bit-length string (BE) ·
 *   10000000 +u32 BE length string · 11000000 int16 · 11010000 int32 · 11100000 int64 ·
 *   11110000 int24 · 11111110 int8 · 1111xxxx (0001..1101) immediate 0..12.
 */

/** The entries of a ziplist blob, as byte strings (integers as decimal text). */
export function decodeZiplist(zl: Buffer): string[] {
  if (zl.length < 11) throw new Error(`ziplist: ${zl.length} bytes is shorter than its header`);
  const out: string[] = [];
  let p = 10;
  for (;;) {
    if (p >= zl.length) throw new Error('ziplist: missing end marker');
    if (zl[p] === 0xff) break;
    p += zl[p] === 0xfe ? 5 : 1; // previous entry length
    const b = zl[p]!;
    const kind = b >> 6;
    if (kind === 0) {
      const len = b & 0x3f;
      out.push(zl.toString('latin1', p + 1, p + 1 + len));
      p += 1 + len;
    } else if (kind === 1) {
      const len = ((b & 0x3f) << 8) | zl[p + 1]!;
      out.push(zl.toString('latin1', p + 2, p + 2 + len));
      p += 2 + len;
    } else if (b === 0x80) {
      const len = zl.readUInt32BE(p + 1);
      out.push(zl.toString('latin1', p + 5, p + 5 + len));
      p += 5 + len;
    } else if (b === 0xc0) {
      out.push(String(zl.readInt16LE(p + 1)));
      p += 3;
    } else if (b === 0xd0) {
      out.push(String(zl.readInt32LE(p + 1)));
      p += 5;
    } else if (b === 0xe0) {
      out.push(zl.readBigInt64LE(p + 1).toString());
      p += 9;
    } else if (b === 0xf0) {
      out.push(String(zl.readIntLE(p + 1, 3)));
      p += 4;
    } else if (b === 0xfe) {
      out.push(String(zl.readInt8(p + 1)));
      p += 2;
    } else if (b >= 0xf1 && b <= 0xfd) {
      out.push(String((b & 0x0f) - 1));
      p += 1;
    } else {
      throw new Error(`ziplist: unknown entry encoding 0x${b.toString(16)} at byte ${p}`);
    }
  }
  return out;
}
