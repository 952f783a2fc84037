/**
 * Decoding a listpack, the compact encoding redis-server 7 stores small hashes, sorted sets,
 * sets (7.2+) and the nodes of lists in (RDB types 16, 17, 18, 20). Layout: total bytes (u32
 * LE), element count (u16 LE, 65535 = count them), entries, 0xFF. Each entry is an encoding
 * byte, its data, then a "backlen" (the entry's size, 1–5 bytes) for walking backwards:
 *   0xxxxxxx 7-bit uint · 10xxxxxx 6-bit-length string · 110xxxxx +1 byte 13-bit int ·
 *   1110xxxx +1 byte 12-bit-length string · 11110000 +4 byte-length string ·
 *   11110001..11110100 int16/int24/int32/int64 (LE) · 11111111 end.
 * Integers come back as their decimal text, as Redis returns them.
 */

function backlenSize(entryLength: number): number {
  if (entryLength <= 127) return 1;
  if (entryLength < 16383) return 2;
  if (entryLength < 2097151) return 3;
  if (entryLength < 268435455) return 4;
  return 5;
}

function signExtend(v: number, bits: number): number {
  const shift = 32 - bits;
  return (v << shift) >> shift;
}

/** The entries of a listpack blob, as byte strings. */
export function decodeListpack(lp: Buffer): string[] {
  if (lp.length < 7) throw new Error(`listpack: ${lp.length} bytes is shorter than its header`);
  const total = lp.readUInt32LE(0);
  if (total !== lp.length) throw new Error(`listpack: header says ${total} bytes, blob has ${lp.length}`);
  const out: string[] = [];
  let p = 6;
  for (;;) {
    if (p >= lp.length) throw new Error('listpack: missing end marker');
    const b = lp[p]!;
    if (b === 0xff) break;
    let dataLen: number; // bytes after the encoding byte(s)
    let encLen: number;
    let value: string;
    if ((b & 0x80) === 0) {
      encLen = 1;
      dataLen = 0;
      value = String(b & 0x7f);
    } else if ((b & 0xc0) === 0x80) {
      encLen = 1;
      dataLen = b & 0x3f;
      value = lp.toString('latin1', p + 1, p + 1 + dataLen);
    } else if ((b & 0xe0) === 0xc0) {
      encLen = 2;
      dataLen = 0;
      value = String(signExtend(((b & 0x1f) << 8) | lp[p + 1]!, 13));
    } else if ((b & 0xf0) === 0xe0) {
      encLen = 2;
      dataLen = ((b & 0x0f) << 8) | lp[p + 1]!;
      value = lp.toString('latin1', p + 2, p + 2 + dataLen);
    } else {
      switch (b) {
        case 0xf0:
          encLen = 5;
          dataLen = lp.readUInt32LE(p + 1);
          value = lp.toString('latin1', p + 5, p + 5 + dataLen);
          break;
        case 0xf1:
          encLen = 1;
          dataLen = 2;
          value = String(lp.readInt16LE(p + 1));
          break;
        case 0xf2:
          encLen = 1;
          dataLen = 3;
          value = String(lp.readIntLE(p + 1, 3));
          break;
        case 0xf3:
          encLen = 1;
          dataLen = 4;
          value = String(lp.readInt32LE(p + 1));
          break;
        case 0xf4:
          encLen = 1;
          dataLen = 8;
          value = lp.readBigInt64LE(p + 1).toString();
          break;
        default:
          throw new Error(`listpack: unknown entry encoding 0x${b.toString(16)} at byte ${p}`);
      }
    }
    const entryLen = encLen + dataLen;
    if (p + entryLen > lp.length) throw new Error(`listpack: entry at byte ${p} runs past the end`);
    out.push(value);
    p += entryLen + backlenSize(entryLen);
  }
  const count = lp.readUInt16LE(4);
  if (count !== 65535 && count !== out.length) {
    throw new Error(`listpack: header says ${count} entries, found ${out.length}`);
  }
  return out;
}
