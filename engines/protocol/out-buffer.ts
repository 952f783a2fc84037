/**
 * Reply bytes for one connection, in a bump-allocated chunk: replies are appended as commands
 * run and `take()` hands the bytes written since the last take to `socket.write` as a view of
 * the chunk. Handed-out bytes are never overwritten (the socket may hold them until the kernel
 * took them), so the next replies continue after them and a fresh chunk is started when this
 * one is full. One write per flush (per read for memcached, per event-loop turn for RESP), no
 * copy, no allocation per reply.
 */

/** Held once: see engines/memcached/assoc.ts (a String subclass anywhere in the process stops V8 inlining `s.charCodeAt`: 63 vs 17 ns per short string). */
const charCodeAt = String.prototype.charCodeAt;

const CHUNK_BYTES = 64 * 1024;
const CR = 13;
const LF = 10;

export class OutBuffer {
  buf: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  /** First byte not yet handed out. */
  private start = 0;
  /** Write position. */
  len = 0;

  /** Bytes written and not yet taken. */
  get pending(): number {
    return this.len - this.start;
  }

  /** Make room for `n` more bytes (moving the pending bytes to a new chunk when needed). */
  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const pending = this.len - this.start;
    const next = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, pending + n));
    this.buf.copy(next, 0, this.start, this.len);
    this.buf = next;
    this.start = 0;
    this.len = pending;
  }

  /** The bytes written since the last take (a view; null when there are none). */
  take(): Buffer | null {
    if (this.len === this.start) return null;
    const out = this.buf.subarray(this.start, this.len);
    if (this.buf.length - this.len < 1024) {
      this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
      this.len = 0;
    }
    this.start = this.len;
    return out;
  }

  /** Drop the bytes written since the last take (memcached drops a batch's replies on a bad get). */
  discardPending(): void {
    this.len = this.start;
  }

  /** An ASCII/latin1 string whose length was reserved by the caller. */
  latin1(s: string): void {
    const n = s.length;
    if (n < 32) {
      const buf = this.buf;
      let at = this.len;
      for (let i = 0; i < n; i++) buf[at++] = charCodeAt.call(s, i);
      this.len = at;
    } else {
      this.len += this.buf.write(s, this.len, n, 'latin1');
    }
  }

  /** Append a string (reserving its room). */
  text(s: string): void {
    this.reserve(s.length);
    this.latin1(s);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  crlf(): void {
    this.buf[this.len++] = CR;
    this.buf[this.len++] = LF;
  }

  /** A non-negative or negative integer in decimal (room reserved by the caller: 21 bytes). */
  int(n: number): void {
    if (n < 0) {
      this.buf[this.len++] = 45;
      n = -n;
    }
    if (n < 10) {
      this.buf[this.len++] = 48 + n;
      return;
    }
    if (n >= 1e15) {
      this.latin1(String(n));
      return;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    let at = this.len + digits;
    this.len = at;
    const buf = this.buf;
    while (n >= 10) {
      const q = Math.floor(n / 10);
      buf[--at] = 48 + (n - q * 10);
      n = q;
    }
    buf[--at] = 48 + n;
  }
}
