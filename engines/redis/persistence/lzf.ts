/**
 * LZF, the compression Redis uses for strings in RDB files (`rdbcompression yes` compresses
 * strings longer than 20 bytes when that saves at least 4 bytes). Written from the format:
 * a stream of chunks, each starting with a control byte —
 *   000LLLLL                      a literal run of L+1 bytes follows;
 *   LLLooooo oooooooo             a back reference of L+2 bytes (L in 1..6) at distance o+1;
 *   111ooooo LLLLLLLL oooooooo    a back reference of L+9 bytes at distance o+1.
 * Back references may overlap their own output (a run of one byte repeated), so they copy
 * byte by byte. The compressor is a greedy single-probe hash of the next 3 bytes.
 */

const MAX_LITERAL = 32;
const MAX_OFFSET = 1 << 13; // 8192: the 13 offset bits hold distance - 1
const MAX_MATCH = 255 + 7 + 2; // 264
const HASH_BITS = 14;

/** Decompress `input` into exactly `expectedLength` bytes; throws on corrupt input. */
export function lzfDecompress(input: Uint8Array, expectedLength: number): Buffer {
  const out = Buffer.allocUnsafe(expectedLength);
  let ip = 0;
  let op = 0;
  const inLen = input.length;
  while (ip < inLen) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > expectedLength || ip + run > inLen) throw new Error('LZF: literal run past the end (corrupt data)');
      for (let k = 0; k < run; k++) out[op++] = input[ip++]!;
    } else {
      let len = ctrl >>> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (len === 7) {
        if (ip >= inLen) throw new Error('LZF: truncated back reference (corrupt data)');
        len += input[ip++]!;
      }
      if (ip >= inLen) throw new Error('LZF: truncated back reference (corrupt data)');
      ref -= input[ip++]!;
      len += 2;
      if (ref < 0) throw new Error('LZF: back reference before the start (corrupt data)');
      if (op + len > expectedLength) throw new Error('LZF: back reference past the end (corrupt data)');
      for (let k = 0; k < len; k++) out[op++] = out[ref++]!;
    }
  }
  if (op !== expectedLength) {
    throw new Error(`LZF: decompressed ${op} bytes, expected ${expectedLength} (corrupt data)`);
  }
  return out;
}

const hashTable = new Int32Array(1 << HASH_BITS);

function hash3(b: Uint8Array, i: number): number {
  const v = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
  return (Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS)) & ((1 << HASH_BITS) - 1);
}

/**
 * Compress `input`; returns null when the result would not be shorter than `maxLength`
 * (Redis stores the string uncompressed then).
 */
export function lzfCompress(input: Uint8Array, maxLength = input.length - 1): Buffer | null {
  const n = input.length;
  if (n === 0 || maxLength <= 0) return null;
  // Worst case: every 32 literal bytes cost one control byte.
  const out = Buffer.allocUnsafe(n + Math.ceil(n / MAX_LITERAL) + 1);
  hashTable.fill(-1);
  let op = 0;
  let litStart = 0; // first byte of the pending literal run
  let ip = 0;
  const flushLiterals = (end: number): void => {
    while (litStart < end) {
      const run = Math.min(MAX_LITERAL, end - litStart);
      out[op++] = run - 1;
      for (let k = 0; k < run; k++) out[op++] = input[litStart++]!;
    }
  };
  while (ip + 2 < n) {
    const h = hash3(input, ip);
    const ref = hashTable[h]!;
    hashTable[h] = ip;
    const distance = ip - ref;
    if (ref >= 0 && distance <= MAX_OFFSET && input[ref] === input[ip] && input[ref + 1] === input[ip + 1] && input[ref + 2] === input[ip + 2]) {
      let len = 3;
      const maxLen = Math.min(MAX_MATCH, n - ip);
      while (len < maxLen && input[ref + len] === input[ip + len]) len++;
      flushLiterals(ip);
      const off = distance - 1;
      const l = len - 2;
      if (l < 7) {
        out[op++] = (l << 5) | (off >>> 8);
      } else {
        out[op++] = (7 << 5) | (off >>> 8);
        out[op++] = l - 7;
      }
      out[op++] = off & 0xff;
      // Index the positions inside the match too (cheaply: every byte), so later data finds them.
      const end = ip + len;
      for (let k = ip + 1; k < end && k + 2 < n; k++) hashTable[hash3(input, k)] = k;
      ip = end;
      litStart = ip;
      if (op >= maxLength) return null;
    } else {
      ip++;
    }
  }
  flushLiterals(n);
  if (op > maxLength) return null;
  return out.subarray(0, op);
}
