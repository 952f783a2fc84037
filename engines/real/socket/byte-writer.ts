/**
 * The outgoing bytes of one connection, shared by the lean protocol drivers (RESP commands,
 * memcached text lines): requests are appended into one growable buffer as they are issued and
 * written once per flush, so many requests share one `socket.write`. Strings are byte strings
 * (latin1), so a character is a byte; short ones are copied with a byte loop, which beats
 * `Buffer#write`'s argument checks and native call at the sizes of keys and small values.
 *
 * `writeTo` hands the socket a view of the buffer — straight to its TCP handle where it can
 * (`direct-write.ts`) — and keeps using the buffer when the kernel took the bytes synchronously
 * (no allocation and copy per write); otherwise the pending write keeps that buffer and the
 * writer starts a new one.
 */
import type { Socket } from 'node:net';
import { writeDirect } from './direct-write.js';

const CR = 13;
const LF = 10;
/** Strings shorter than this are copied byte by byte; longer ones via Buffer#write. */
const SHORT_STRING = 24;
const INITIAL_BYTES = 16 * 1024;

export class ByteWriter {
  protected buf: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  protected len = 0;
  /** The load path's key prefix, encoded once (see `prefix`). */
  private prefixText: string | null = null;
  private prefixBytes: Buffer = Buffer.alloc(0);

  /** Bytes waiting to be sent. */
  get length(): number {
    return this.len;
  }

  /** A copy of the pending bytes; resets. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.len);
    this.buf.copy(out, 0, 0, this.len);
    this.len = 0;
    return out;
  }

  /**
   * Writes the pending bytes to `socket` (see the class comment for who owns the buffer); resets.
   * `tls`: the socket is a TLS one (always through `socket.write`). Returns false when a pending
   * write kept the old buffer.
   */
  writeTo(socket: Socket, tls = false): boolean {
    if (this.len === 0) return true;
    const taken = writeDirect(socket, this.buf.subarray(0, this.len), tls);
    this.len = 0;
    if (!taken) this.buf = Buffer.allocUnsafe(INITIAL_BYTES);
    return taken;
  }

  clear(): void {
    this.len = 0;
  }

  /** Makes room for `bytes` more bytes; callers then use the unchecked appends below. */
  reserve(bytes: number): void {
    if (this.len + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + bytes) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.len);
    this.buf = grown;
  }

  /** A byte string's bytes (room reserved by the caller). */
  protected ascii(s: string): void {
    const n = s.length;
    if (n < SHORT_STRING) {
      const buf = this.buf;
      let p = this.len;
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
      this.len = p;
    } else {
      this.len += this.buf.write(s, this.len, n, 'latin1');
    }
  }

  /**
   * A key prefix (the load path's `keyPrefix`, the same string on every request): its bytes are
   * encoded once and copied like a command head. Why not `ascii`: the prefix is an interned
   * string and values are fresh ones, two string shapes at one property site; V8 then compiled
   * `s.length`/`charCodeAt` there as generic IC calls (`Builtins_LoadIC`, 10.6% of the client's
   * CPU profile at -P 16 SET). The caller reserves room for `prefix.length` bytes.
   */
  protected prefix(prefix: string): void {
    if (prefix !== this.prefixText) {
      this.prefixText = prefix;
      this.prefixBytes = Buffer.from(prefix, 'latin1');
    }
    this.bytes(this.prefixBytes);
  }

  /**
   * A value's bytes (room reserved by the caller): `ascii`'s loop at a site of its own, which
   * sees only the workload's values, so its string loads stay specialised (see `prefix`).
   */
  protected value(s: string): void {
    const n = s.length;
    if (n < SHORT_STRING) {
      const buf = this.buf;
      let p = this.len;
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
      this.len = p;
    } else {
      this.len += this.buf.write(s, this.len, n, 'latin1');
    }
  }

  /** Pre-encoded bytes (command heads: 14–16 bytes, where a loop beats Buffer#copy). */
  protected bytes(b: Buffer): void {
    const buf = this.buf;
    let p = this.len;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    this.len = p;
  }

  protected crlf(): void {
    this.buf[this.len++] = CR;
    this.buf[this.len++] = LF;
  }

  /** A non-negative integer in decimal, without allocating a string. */
  protected digits(n: number): void {
    const buf = this.buf;
    if (n < 10) {
      buf[this.len++] = 48 + n;
      return;
    }
    const width = decimalWidth(n);
    let p = this.len + width - 1;
    if (n <= 0x7fffffff) {
      // Small-integer arithmetic: no float division per digit.
      for (let m = n; p >= this.len; m = (m / 10) | 0) buf[p--] = 48 + (m % 10);
    } else {
      for (let m = n; p >= this.len; m = Math.floor(m / 10)) buf[p--] = 48 + (m % 10);
    }
    this.len += width;
  }
}

/** Digits of a non-negative integer in decimal (comparisons: key indices are mostly 4–7 digits). */
export function decimalWidth(n: number): number {
  if (n < 100_000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : 5;
  if (n < 10_000_000_000) return n < 1_000_000 ? 6 : n < 10_000_000 ? 7 : n < 100_000_000 ? 8 : n < 1_000_000_000 ? 9 : 10;
  let width = 11;
  for (let m = n / 1e10; m >= 10; m = Math.floor(m / 10)) width++;
  return width;
}
