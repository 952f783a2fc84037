/**
 * MD5 (RFC 1321) of a byte string into four little-endian 32-bit words, without allocating:
 * ketama hashes every key with MD5, and Node's `crypto.hash` costs a Buffer and a native call
 * per key (µs-scale here) where this costs a few hundred ns. Word 0 is the digest's first four
 * bytes read little-endian — libmemcached's and libketama's key hash.
 */

const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0;
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

let block = new Uint8Array(320); // a 250-byte memcached key plus padding fits
const M = new Int32Array(16);

/** Writes the digest of `bytes` (a string of code units 0..255) into `out[0..3]` as unsigned words. */
export function md5Words(bytes: string, out: Uint32Array): void {
  const n = bytes.length;
  const total = (((n + 8) >>> 6) + 1) << 6;
  if (total > block.length) block = new Uint8Array(total);
  const buf = block;
  for (let i = 0; i < n; i++) buf[i] = bytes.charCodeAt(i);
  buf[n] = 0x80;
  buf.fill(0, n + 1, total - 8);
  const bits = n * 8;
  buf[total - 8] = bits & 0xff;
  buf[total - 7] = (bits >>> 8) & 0xff;
  buf[total - 6] = (bits >>> 16) & 0xff;
  buf[total - 5] = (bits >>> 24) & 0xff;
  const high = Math.floor(bits / 2 ** 32);
  buf[total - 4] = high & 0xff;
  buf[total - 3] = (high >>> 8) & 0xff;
  buf[total - 2] = (high >>> 16) & 0xff;
  buf[total - 1] = (high >>> 24) & 0xff;

  let a0 = 0x67452301 | 0;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476 | 0;
  for (let off = 0; off < total; off += 64) {
    for (let w = 0; w < 16; w++) {
      const p = off + w * 4;
      M[w] = buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (f + a + K[i]! + M[g]!) | 0;
      const s = S[((i >>> 4) << 2) | (i & 3)]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  out[0] = a0;
  out[1] = b0;
  out[2] = c0;
  out[3] = d0;
}
