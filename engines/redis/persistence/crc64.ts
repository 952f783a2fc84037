/**
 * CRC-64/Jones, the checksum Redis puts at the end of every RDB file (and in DUMP payloads):
 * reflected input and output, polynomial 0xad93d23594c935a9, initial value 0, no final xor.
 * The check value of "123456789" is 0xe9c6d914c4b8d9ca.
 *
 * The 64-bit state is kept as two uint32 halves with a 256-entry table per half, so a byte
 * costs a few integer operations instead of BigInt arithmetic; `crc64` can be fed in pieces
 * (pass the previous result back in), which is how the RDB writer checksums as it goes.
 */

/** The polynomial with its bits reversed, as the reflected table algorithm uses it. */
const POLY_REFLECTED = 0x95ac9329ac4bc9b5n;

const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);
{
  const polyLo = Number(POLY_REFLECTED & 0xffffffffn);
  const polyHi = Number(POLY_REFLECTED >> 32n);
  for (let n = 0; n < 256; n++) {
    let lo = n;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const lsb = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (lsb) {
        lo = (lo ^ polyLo) >>> 0;
        hi = (hi ^ polyHi) >>> 0;
      }
    }
    TABLE_LO[n] = lo;
    TABLE_HI[n] = hi;
  }
}

/** A running CRC-64 state (two halves), so callers can checksum a stream without BigInt per chunk. */
export class Crc64 {
  private lo: number;
  private hi: number;

  constructor(initial = 0n) {
    this.lo = Number(initial & 0xffffffffn);
    this.hi = Number((initial >> 32n) & 0xffffffffn);
  }

  update(bytes: Uint8Array, start = 0, end = bytes.length): void {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = start; i < end; i++) {
      const idx = (lo ^ bytes[i]!) & 0xff;
      lo = (TABLE_LO[idx]! ^ ((lo >>> 8) | (hi << 24))) >>> 0;
      hi = (TABLE_HI[idx]! ^ (hi >>> 8)) >>> 0;
    }
    this.lo = lo;
    this.hi = hi;
  }

  /** The checksum so far as an unsigned 64-bit BigInt. */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The checksum so far as 8 little-endian bytes, the way RDB stores it. */
  bytesLE(): Buffer {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32LE(this.lo, 0);
    out.writeUInt32LE(this.hi, 4);
    return out;
  }
}

/** CRC-64/Jones of `bytes` (optionally continuing from `crc`). */
export function crc64(bytes: Uint8Array, crc = 0n): bigint {
  const state = new Crc64(crc);
  state.update(bytes);
  return state.value();
}
