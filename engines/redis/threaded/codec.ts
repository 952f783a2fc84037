/**
 * Binary encoding of requests and replies in a channel slot. Requests: op code, argument
 * count, then length-prefixed latin1 byte strings. Replies: a tagged tree mirroring `Reply`
 * (nil, bulk, number, bigint, status, error, array) plus a thrown `EngineError`. Byte strings
 * are copied with Buffer's latin1 routines, the cheapest way in and out of JS strings.
 */
import { EngineError, type EngineErrorKind, ErrorReply, type Reply, StatusReply } from '../../types.js';
import { SLOT_BYTES } from './layout.js';

/** Buffer's native latin1 copy routines (present in Node, missing from its type definitions). */
interface Latin1Buffer {
  latin1Write(s: string, offset: number, length: number): number;
  latin1Slice(start: number, end: number): string;
}

/** Request op codes: the first byte of every request. */
export const Op = {
  CALL: 1,
  GET: 2,
  SET: 3,
  ADD: 4,
  DEL: 5,
  MGET: 6,
  INCR: 7,
  EXPIRE: 8,
  STATS: 9,
  FLUSH: 10,
  CLOSE: 11,
  /** Wait for pub/sub pushes on a subscriber session (answered when there are some). */
  POLL: 12,
  /** Lane rings only: GET answered with the value's length (`T_LENGTH`) or nil, never its bytes. */
  GET_LENGTH: 13,
  /**
   * Lane rings only: GET_LENGTH / SET of the key `prefix + index`, carried as the prefix's
   * bytes (u8 length, at most 255, latin1) and the index (u32), for `KvLanes.getLengthAt` /
   * `setAt`: the client reads no key string and the engine thread takes the key's string from
   * its key cache (key-cache.ts) instead of decoding a fresh one.
   */
  GET_LENGTH_AT: 14,
  SET_AT: 15,
} as const;

/** Longest prefix GET_LENGTH_AT / SET_AT carry (its length is one byte). */
export const AT_PREFIX_MAX = 255;

const T_NIL = 0;
const T_BULK = 1;
const T_NUMBER = 2;
const T_BIGINT = 3;
const T_STATUS = 4;
const T_ERROR = 5;
const T_ARRAY = 6;
const T_THROWN = 7;
/** A GET_LENGTH hit: u32 byte length. */
const T_LENGTH = 8;

const TOO_BIG = 'message exceeds the redis-style channel slot (1 MiB)';

/**
 * Fixed-width numbers are read and written byte by byte on the Uint8Array (inlined keyed
 * accesses) rather than with Buffer's read/write methods, which showed in the lane path's
 * profile as generic property loads; a double goes through this scratch pair.
 */
const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);

/** Writes `v` (0 … 2³² − 1) little-endian at `at`. */
export function putU32(buf: Uint8Array, at: number, v: number): void {
  buf[at] = v;
  buf[at + 1] = v >>> 8;
  buf[at + 2] = v >>> 16;
  buf[at + 3] = v >>> 24;
}

/** Reads a little-endian u32 at `at`. */
export function getU32(buf: Uint8Array, at: number): number {
  return (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
}

/**
 * Writes one message into a data area: `pos` is the write position relative to `base`, at most
 * `limit` bytes. A slot's writer keeps its base and the slot's size; a lane ring's writer moves
 * `base`/`limit` to wherever its next message goes and throws its own `overflow` (a sentinel it
 * catches, so a message that does not fit yet can wait for room).
 */
export class SlotWriter {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    public base: number,
    public limit: number = SLOT_BYTES,
    private readonly overflow: Error | null = null,
  ) {}

  reset(): void {
    this.pos = 0;
  }
  private room(n: number): void {
    if (this.pos + n > this.limit) throw this.overflow ?? new EngineError('protocol', TOO_BIG);
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.base + this.pos++] = v;
  }
  u32(v: number): void {
    this.room(4);
    putU32(this.buf, this.base + this.pos, v);
    this.pos += 4;
  }
  f64(v: number): void {
    this.room(8);
    F64[0] = v;
    const buf = this.buf;
    const at = this.base + this.pos;
    for (let i = 0; i < 8; i++) buf[at + i] = F64_BYTES[i]!;
    this.pos += 8;
  }
  /** `n` bytes of `bytes` after a u8 length (n ≤ 255): a short, pre-encoded byte string. */
  shortBytes(bytes: Uint8Array, n: number): void {
    this.room(1 + n);
    const buf = this.buf;
    let at = this.base + this.pos;
    buf[at++] = n;
    for (let i = 0; i < n; i++) buf[at++] = bytes[i]!;
    this.pos += 1 + n;
  }
  str(s: string): void {
    const n = s.length;
    this.room(4 + n);
    putU32(this.buf, this.base + this.pos, n);
    this.pos += 4;
    if (n !== 0) (this.buf as unknown as Latin1Buffer).latin1Write(s, this.base + this.pos, n);
    this.pos += n;
  }
}

export class SlotReader {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    /** Moved by a lane ring's reader to each message in turn. */
    public base: number,
  ) {}

  reset(): void {
    this.pos = 0;
  }
  u8(): number {
    return this.buf[this.base + this.pos++]!;
  }
  u32(): number {
    const v = getU32(this.buf, this.base + this.pos);
    this.pos += 4;
    return v;
  }
  f64(): number {
    const buf = this.buf;
    const at = this.base + this.pos;
    for (let i = 0; i < 8; i++) F64_BYTES[i] = buf[at + i]!;
    this.pos += 8;
    return F64[0]!;
  }
  /** True when the next `n` bytes equal `bytes[0..n)` (the position does not move). */
  sameBytes(bytes: Uint8Array, n: number): boolean {
    const buf = this.buf;
    const at = this.base + this.pos;
    for (let i = 0; i < n; i++) if (buf[at + i] !== bytes[i]) return false;
    return true;
  }
  /** The next `n` bytes as a latin1 string; `into`, when given, gets a copy of them. */
  latin1(n: number, into: Uint8Array | null = null): string {
    const start = this.base + this.pos;
    this.pos += n;
    if (into !== null) this.buf.copy(into, 0, start, start + n);
    return n === 0 ? '' : (this.buf as unknown as Latin1Buffer).latin1Slice(start, start + n);
  }
  skip(n: number): void {
    this.pos += n;
  }
  str(): string {
    const n = this.u32();
    const start = this.base + this.pos;
    this.pos += n;
    return n === 0 ? '' : (this.buf as unknown as Latin1Buffer).latin1Slice(start, start + n);
  }
}

export function writeReply(w: SlotWriter, r: Reply): void {
  if (r === null) w.u8(T_NIL);
  else if (typeof r === 'string') {
    w.u8(T_BULK);
    w.str(r);
  } else if (typeof r === 'number') {
    w.u8(T_NUMBER);
    w.f64(r);
  } else if (typeof r === 'bigint') {
    w.u8(T_BIGINT);
    w.str(r.toString());
  } else if (r instanceof StatusReply) {
    w.u8(T_STATUS);
    w.str(r.status);
  } else if (r instanceof ErrorReply) {
    w.u8(T_ERROR);
    w.str(r.message);
  } else {
    w.u8(T_ARRAY);
    w.u32(r.length);
    for (const item of r) writeReply(w, item);
  }
}

export function writeThrown(w: SlotWriter, e: unknown): void {
  w.reset();
  w.u8(T_THROWN);
  const kind: EngineErrorKind = e instanceof EngineError ? e.kind : 'unknown';
  w.str(kind);
  w.str(e instanceof Error ? e.message : String(e));
}

/** The reply of Op.GET_LENGTH: the value's length, or nil for a miss. */
export function writeLength(w: SlotWriter, value: string | null): void {
  if (value === null) w.u8(T_NIL);
  else {
    w.u8(T_LENGTH);
    w.u32(value.length);
  }
}

/** Reads an Op.GET_LENGTH reply: the length, -1 for a miss (as `KvLanes.getLength` reports it). */
export function readLength(r: SlotReader): number {
  const tag = r.u8();
  if (tag === T_LENGTH) return r.u32();
  if (tag === T_NIL) return -1;
  r.pos--;
  readReply(r); // throws the carried EngineError
  throw new EngineError('protocol', `redis-style lane ring: unexpected reply tag ${tag} to a GET`);
}

const STATUS_CACHE = new Map<string, StatusReply>();

export function readReply(r: SlotReader): Reply {
  const tag = r.u8();
  switch (tag) {
    case T_NIL:
      return null;
    case T_BULK:
      return r.str();
    case T_NUMBER:
      return r.f64();
    case T_BIGINT:
      return BigInt(r.str());
    case T_STATUS: {
      const s = r.str();
      let cached = STATUS_CACHE.get(s);
      if (!cached) STATUS_CACHE.set(s, (cached = new StatusReply(s)));
      return cached;
    }
    case T_ERROR:
      return new ErrorReply(r.str());
    case T_ARRAY: {
      const n = r.u32();
      const out = new Array<Reply>(n);
      for (let i = 0; i < n; i++) out[i] = readReply(r);
      return out;
    }
    case T_THROWN: {
      const kind = r.str() as EngineErrorKind;
      throw new EngineError(kind, r.str());
    }
    default:
      throw new EngineError('protocol', `redis-style channel: unknown reply tag ${tag}`);
  }
}
