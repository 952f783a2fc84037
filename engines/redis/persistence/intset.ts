/**
 * Decoding an intset, Redis's sorted array of integers for sets of small integers (RDB type
 * 11): encoding width in bytes (u32 LE: 2, 4 or 8), count (u32 LE), then the integers
 * little-endian in ascending order.
 */

/** The members of an intset blob, as decimal strings. */
export function decodeIntset(blob: Buffer): string[] {
  if (blob.length < 8) throw new Error(`intset: ${blob.length} bytes is shorter than its header`);
  const width = blob.readUInt32LE(0);
  const count = blob.readUInt32LE(4);
  if (width !== 2 && width !== 4 && width !== 8) throw new Error(`intset: encoding ${width} is not 2, 4 or 8`);
  if (8 + width * count !== blob.length) throw new Error(`intset: ${count} × ${width} bytes does not fit a ${blob.length}-byte blob`);
  const out = new Array<string>(count);
  for (let i = 0, p = 8; i < count; i++, p += width) {
    out[i] = width === 2 ? String(blob.readInt16LE(p)) : width === 4 ? String(blob.readInt32LE(p)) : blob.readBigInt64LE(p).toString();
  }
  return out;
}
