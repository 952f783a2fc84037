/**
 * Redis Cluster key slots: CRC16 (XMODEM: polynomial 0x1021, initial 0) of the key — or of its
 * hash tag, the part between the first `{` and the next `}` when that part is not empty — modulo
 * 16384, as the cluster specification defines it.
 */
export const SLOT_COUNT = 16384;

const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let c = i << 8;
  for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
  TABLE[i] = c;
}

/** CRC16/XMODEM of `bytes[start, end)` (code units 0..255). */
export function crc16(bytes: string, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >>> 8) ^ bytes.charCodeAt(i)) & 0xff]!;
  return crc;
}

export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & (SLOT_COUNT - 1);
  }
  return crc16(key) & (SLOT_COUNT - 1);
}
