/**
 * The RDB building blocks shared by the writer and the reader: opcodes and object types, the
 * variable-length length encoding, string encodings (raw, integer, LZF) and doubles.
 *
 * Lengths: the top two bits of the first byte say the form —
 *   00xxxxxx           6-bit length;   01xxxxxx xxxxxxxx   14-bit length (big-endian);
 *   10000000 + 4 bytes 32-bit BE;      10000001 + 8 bytes  64-bit BE;
 *   11xxxxxx           a special string encoding: 0 int8, 1 int16 LE, 2 int32 LE, 3 LZF
 *                      (compressed length, original length, compressed bytes).
 */
import { type BufferSink, BufferSource } from './io.js';
import { lzfCompress, lzfDecompress } from './lzf.js';

export const RDB_VERSION = 10;
export const RDB_MAGIC = 'REDIS';

export const OP = {
  FUNCTION2: 245,
  MODULE_AUX: 247,
  IDLE: 248,
  FREQ: 249,
  AUX: 250,
  RESIZEDB: 251,
  EXPIRETIME_MS: 252,
  EXPIRETIME: 253,
  SELECTDB: 254,
  EOF: 255,
} as const;

export const TYPE = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
  SET_LISTPACK: 20,
  STREAM_LISTPACKS_3: 21,
} as const;

const ENC_INT8 = 0;
const ENC_INT16 = 1;
const ENC_INT32 = 2;
const ENC_LZF = 3;

/** Redis compresses strings longer than this when `rdbcompression` is on. */
const COMPRESS_MIN_LENGTH = 20;

export function writeLength(out: BufferSink, n: number): void {
  if (n < 1 << 6) out.byte(n);
  else if (n < 1 << 14) out.u16BE(0x4000 | n);
  else if (n <= 0xffffffff) {
    out.byte(0x80);
    out.u32BE(n);
  } else {
    out.byte(0x81);
    out.u64BE(BigInt(n));
  }
}

/**
 * The integer a string holds when Redis would store it integer-encoded: canonical decimal
 * (no leading zeros, no '+', no "-0"), within int32. Otherwise null.
 */
function int32Value(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 11) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (n === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57 || (first === 48 && n > i + 1) || (first === 48 && i === 1)) return null;
  for (let k = i + 1; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return null;
  }
  const v = Number(s);
  return v >= -2147483648 && v <= 2147483647 ? v : null;
}

/** A byte string, integer-encoded when it is a canonical int32, LZF-compressed when `compress` and worthwhile. */
export function writeString(out: BufferSink, s: string, compress: boolean): void {
  const asInt = int32Value(s);
  if (asInt !== null) {
    if (asInt >= -128 && asInt <= 127) {
      out.byte(0xc0 | ENC_INT8);
      out.byte(asInt & 0xff);
    } else if (asInt >= -32768 && asInt <= 32767) {
      out.byte(0xc0 | ENC_INT16);
      out.i16LE(asInt);
    } else {
      out.byte(0xc0 | ENC_INT32);
      out.i32LE(asInt);
    }
    return;
  }
  if (compress && s.length > COMPRESS_MIN_LENGTH) {
    const raw = Buffer.from(s, 'latin1');
    // Redis keeps the compressed form only if it saves at least 4 bytes.
    const packed = lzfCompress(raw, raw.length - 4);
    if (packed !== null) {
      out.byte(0xc0 | ENC_LZF);
      writeLength(out, packed.length);
      writeLength(out, raw.length);
      out.write(packed);
      return;
    }
  }
  writeLength(out, s.length);
  out.writeLatin1(s);
}

/** A length, or a special-encoding marker when `encoded` is true. */
export function readLength(src: BufferSource): { value: number; encoded: boolean } {
  const first = src.byte('a length');
  const kind = first >> 6;
  if (kind === 0) return { value: first & 0x3f, encoded: false };
  if (kind === 1) return { value: ((first & 0x3f) << 8) | src.byte('a 14-bit length'), encoded: false };
  if (kind === 3) return { value: first & 0x3f, encoded: true };
  if (first === 0x80) return { value: src.u32BE(), encoded: false };
  if (first === 0x81) {
    const v = src.u64BE();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`RDB length ${v} is too large`);
    return { value: Number(v), encoded: false };
  }
  throw new Error(`unknown RDB length encoding 0x${first.toString(16)} at byte ${src.pos - 1}`);
}

export function readPlainLength(src: BufferSource, what: string): number {
  const { value, encoded } = readLength(src);
  if (encoded) throw new Error(`RDB: expected a plain length for ${what}, found a string encoding at byte ${src.pos - 1}`);
  return value;
}

/** A string in any RDB encoding, as raw bytes. */
export function readStringBytes(src: BufferSource): Buffer {
  const { value, encoded } = readLength(src);
  if (!encoded) return src.bytes(value, 'a string');
  switch (value) {
    case ENC_INT8:
      return Buffer.from(String((src.byte('an int8') << 24) >> 24), 'latin1');
    case ENC_INT16: {
      const b = src.bytes(2, 'an int16');
      return Buffer.from(String(b.readInt16LE(0)), 'latin1');
    }
    case ENC_INT32: {
      const b = src.bytes(4, 'an int32');
      return Buffer.from(String(b.readInt32LE(0)), 'latin1');
    }
    case ENC_LZF: {
      const clen = readPlainLength(src, 'an LZF compressed length');
      const len = readPlainLength(src, 'an LZF original length');
      return lzfDecompress(src.bytes(clen, 'LZF data'), len);
    }
    default:
      throw new Error(`unknown RDB string encoding ${value} at byte ${src.pos - 1}`);
  }
}

export function readString(src: BufferSource): string {
  return readStringBytes(src).toString('latin1');
}

/** The old (type 3) string-form double: length byte, 253 NaN, 254 +inf, 255 -inf. */
export function readOldDouble(src: BufferSource): number {
  const len = src.byte('a double length');
  if (len === 253) return NaN;
  if (len === 254) return Infinity;
  if (len === 255) return -Infinity;
  return Number(src.bytes(len, 'a double').toString('latin1'));
}

export { BufferSource };
