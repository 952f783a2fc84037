/**
 * The I/O layer every persistence format writes through and reads from (Redis's rio.h):
 * - `Sink` is anything bytes can be appended to; `BufferSink` grows in memory (an RDB is
 *   assembled there and checksummed, then written to disk in one go), `FileSink` appends to a
 *   file under an fsync policy (the AOF);
 * - `BufferSource` reads a byte buffer front to back with bounds checks, so a truncated file
 *   gives a clear error naming what was being read instead of garbage;
 * - `writeFileDurably` replaces a file atomically (temp file, fsync, rename, fsync the
 *   directory), as Redis does for `dump.rdb`.
 *
 * fsync policies (Redis `appendfsync`), for `FileSink`:
 * - `always`: every `write` is handed to the OS and `fdatasync`ed before `write` returns, so the
 *   caller acknowledges a command only once it is on disk;
 * - `everysec`: every `write` is handed to the OS at once (it survives a crash of this
 *   process); a timer `fdatasync`s once a second on the libuv thread pool, off the engine
 *   thread, like Redis's background fsync — a power loss can lose about a second;
 * - `no`: every `write` is handed to the OS; the OS decides when it reaches the disk.
 */
import fs from 'node:fs';
import path from 'node:path';

export type FsyncPolicy = 'always' | 'everysec' | 'no';
export const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'everysec', 'no'];

export function checkFsyncPolicy(value: unknown, field: string): FsyncPolicy {
  if (!FSYNC_POLICIES.includes(value as FsyncPolicy)) {
    throw new Error(`${field}: '${String(value)}' is not one of ${FSYNC_POLICIES.join(', ')}`);
  }
  return value as FsyncPolicy;
}

export interface Sink {
  write(bytes: Uint8Array): void;
}

/** An in-memory, growing byte buffer with helpers for the fixed-width fields RDB uses. */
export class BufferSink implements Sink {
  private buf: Buffer;
  length = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  private reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  write(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A byte string (code units 0..255) written as its bytes, without a temporary Buffer. */
  writeLatin1(s: string): void {
    this.reserve(s.length);
    this.length += this.buf.write(s, this.length, s.length, 'latin1');
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  u16BE(n: number): void {
    this.reserve(2);
    this.buf.writeUInt16BE(n, this.length);
    this.length += 2;
  }

  u32BE(n: number): void {
    this.reserve(4);
    this.buf.writeUInt32BE(n, this.length);
    this.length += 4;
  }

  u64BE(n: bigint): void {
    this.reserve(8);
    this.buf.writeBigUInt64BE(n, this.length);
    this.length += 8;
  }

  i16LE(n: number): void {
    this.reserve(2);
    this.buf.writeInt16LE(n, this.length);
    this.length += 2;
  }

  i32LE(n: number): void {
    this.reserve(4);
    this.buf.writeInt32LE(n, this.length);
    this.length += 4;
  }

  i64LE(n: bigint): void {
    this.reserve(8);
    this.buf.writeBigInt64LE(n, this.length);
    this.length += 8;
  }

  doubleLE(x: number): void {
    this.reserve(8);
    this.buf.writeDoubleLE(x, this.length);
    this.length += 8;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}

/** Appends to a file under an fsync policy (see the top of this file). */
export class FileSink implements Sink {
  readonly fd: number;
  private dirty = false;
  private syncInFlight = false;
  private timer: NodeJS.Timeout | undefined;
  /** Bytes handed to the OS so far (this sink's part of the file). */
  written = 0;
  /** fdatasync calls completed. */
  syncs = 0;

  constructor(
    readonly file: string,
    readonly policy: FsyncPolicy,
    mode: 'append' | 'truncate' = 'append',
  ) {
    checkFsyncPolicy(policy, 'fsync');
    this.fd = fs.openSync(file, mode === 'append' ? 'a' : 'w');
    if (policy === 'everysec') {
      this.timer = setInterval(() => this.syncInBackground(), 1000);
      this.timer.unref();
    }
  }

  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
    this.written += bytes.length;
    if (this.policy === 'always') {
      fs.fdatasyncSync(this.fd);
      this.syncs++;
    } else {
      this.dirty = true;
    }
  }

  private syncInBackground(): void {
    if (!this.dirty || this.syncInFlight) return;
    this.dirty = false;
    this.syncInFlight = true;
    fs.fdatasync(this.fd, (err) => {
      this.syncInFlight = false;
      if (err) this.dirty = true; // retried on the next tick, as Redis retries a failed fsync
      else this.syncs++;
    });
  }

  /** fdatasync now, whatever the policy (shutdown, rewrite). */
  syncNow(): void {
    fs.fdatasyncSync(this.fd);
    this.dirty = false;
    this.syncs++;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    // Redis fsyncs the AOF on shutdown under every policy.
    fs.fdatasyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}

/** Replace `file` with `data` atomically and durably: temp file, fsync, rename, fsync dir. */
export function writeFileDurably(file: string, data: Uint8Array): void {
  const tmp = path.join(path.dirname(file), `temp-${process.pid}-${path.basename(file)}`);
  const fd = fs.openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dirFd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}

/** Reads a byte buffer front to back; every read checks bounds and names what it wanted. */
export class BufferSource {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) {
      throw new Error(`unexpected end of data reading ${what} at byte ${this.pos} (needs ${n}, ${this.remaining} left)`);
    }
  }

  byte(what = 'a byte'): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  bytes(n: number, what = 'bytes'): Buffer {
    this.need(n, what);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u32BE(what = 'a 32-bit length'): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  u64BE(what = 'a 64-bit length'): bigint {
    this.need(8, what);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  u32LE(what = 'a 32-bit field'): number {
    this.need(4, what);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i64LE(what = 'a 64-bit field'): bigint {
    this.need(8, what);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  doubleLE(what = 'a binary double'): number {
    this.need(8, what);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }
}
