/**
 * Test support: hand-assembled listpack and ziplist blobs of plain strings, and a minimal RDB
 * image around raw type/key/value bytes — for the encodings redis-server 7.0 does not write
 * (ziplists from ≤ 6.2, 7.2's listpack sets) but files in the wild contain.
 */
import { Crc64 } from '../../../../../engines/redis/persistence/crc64.js';

/** A listpack of short strings (6-bit length encoding). */
export function listpackOf(items: readonly string[]): Buffer {
  const body: number[] = [];
  for (const s of items) {
    if (s.length > 63) throw new Error('test helper: strings up to 63 bytes');
    const entry = [0x80 | s.length, ...Buffer.from(s, 'latin1')];
    body.push(...entry, entry.length);
  }
  const total = 6 + body.length + 1;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(total, 0);
  b.writeUInt16LE(items.length, 4);
  Buffer.from(body).copy(b, 6);
  b[total - 1] = 0xff;
  return b;
}

/** A ziplist of short strings (6-bit length encoding). */
export function ziplistOf(items: readonly string[]): Buffer {
  const body: number[] = [];
  let prev = 0;
  for (const s of items) {
    if (s.length > 63) throw new Error('test helper: strings up to 63 bytes');
    const entry = [prev, s.length, ...Buffer.from(s, 'latin1')];
    body.push(...entry);
    prev = entry.length;
  }
  const total = 10 + body.length + 1;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(total, 0);
  b.writeUInt16LE(items.length, 8);
  Buffer.from(body).copy(b, 10);
  b[total - 1] = 0xff;
  return b;
}

/** An RDB string: 6/14-bit length prefix + bytes. */
export function rdbString(bytes: Buffer | string): Buffer {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  const head = b.length < 64 ? Buffer.from([b.length]) : Buffer.from([0x40 | (b.length >> 8), b.length & 0xff]);
  return Buffer.concat([head, b]);
}

/** A REDIS0010 image holding `records` (type byte + key + value bytes each) in db 0. */
export function rdbImage(records: readonly Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('REDIS0010', 'latin1'), Buffer.from([0xfe, 0x00]), ...records, Buffer.from([0xff])]);
  const crc = new Crc64();
  crc.update(body);
  return Buffer.concat([body, crc.bytesLE()]);
}
