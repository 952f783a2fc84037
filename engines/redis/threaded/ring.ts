/**
 * One direction of a lane ring: a single-producer, single-consumer byte ring in the channel's
 * SharedArrayBuffer (layout.ts places them). Messages are `u32 length` + body, written in place
 * with the channel codec; a message never straddles the end — the producer writes a WRAP marker
 * (or, with fewer than 4 bytes left, nothing) and continues at offset 0.
 *
 * Positions are byte counters that wrap at 2³² (`| 0`); offset = counter & (RING_BYTES − 1),
 * bytes in use = tail − head. Each side keeps its own counter locally and publishes it with one
 * `Atomics.store` per batch; the other side reads it with `Atomics.load` only when its cached
 * copy says there is nothing (more) to do. The bytes of a message are plain writes made before
 * the store that publishes it, so the reader that loads the counter sees them (Atomics are
 * sequentially consistent).
 */
import { SlotReader, SlotWriter, getU32, putU32 } from './codec.js';
import { RING_BYTES, R_REP_HEAD, R_REP_TAIL, R_REQ_HEAD, R_REQ_TAIL, ringControlIndex, ringReplyOffset, ringRequestOffset } from './layout.js';

const MASK = RING_BYTES - 1;
const WRAP = 0xffffffff;
/** Thrown by a ring's writer when the message does not fit the room it was given; caught in `write`. */
const FULL = new Error('redis-style lane ring: no room');

/** `RingProducer.write` outcomes. */
export const WROTE = 0;
/** The ring has no room now; it will once the consumer catches up. */
export const NO_ROOM = 1;
/** The message is larger than the whole ring. */
export const TOO_BIG = 2;
export type WriteOutcome = typeof WROTE | typeof NO_ROOM | typeof TOO_BIG;

/** Largest message body a ring can ever carry. */
export const RING_MESSAGE_MAX = RING_BYTES - 8;

export class RingProducer {
  private tail = 0;
  /** The consumer's position, as last read. */
  private head = 0;
  private readonly w: SlotWriter;

  constructor(
    private readonly i32: Int32Array,
    private readonly buf: Buffer,
    private readonly data: number,
    private readonly tailIdx: number,
    private readonly headIdx: number,
  ) {
    this.w = new SlotWriter(buf, data, 0, FULL);
  }

  /** Re-reads the consumer's position; true if it moved (so there is more room). */
  consumerMoved(): boolean {
    return this.refresh();
  }

  private refresh(): boolean {
    const head = Atomics.load(this.i32, this.headIdx);
    if (head === this.head) return false;
    this.head = head;
    return true;
  }

  /**
   * Encodes one message with `encode(writer, ctx)` (a module-level function: no closure per
   * message). The writer may be given less room than the message needs; it then throws, and
   * this tries again after the end of the ring or reports NO_ROOM / TOO_BIG. `encode` only
   * writes bytes, so running it again is harmless.
   */
  write<C>(encode: (w: SlotWriter, ctx: C) => void, ctx: C): WriteOutcome {
    const w = this.w;
    for (;;) {
      const off = this.tail & MASK;
      const toEnd = RING_BYTES - off;
      const free = RING_BYTES - ((this.tail - this.head) | 0);
      if (toEnd < 4) {
        // Too little left for a length: both sides skip to offset 0.
        if (free >= toEnd) this.tail = (this.tail + toEnd) | 0;
        else if (!this.refresh()) return NO_ROOM;
        continue;
      }
      const room = Math.min(toEnd, free) - 4;
      if (room > 0) {
        w.base = this.data + off + 4;
        w.limit = room;
        w.pos = 0;
        try {
          encode(w, ctx);
          putU32(this.buf, this.data + off, w.pos);
          this.tail = (this.tail + 4 + w.pos) | 0;
          return WROTE;
        } catch (e) {
          if (e !== FULL) throw e;
        }
      }
      if (this.refresh()) continue;
      if (off !== 0 && free >= toEnd) {
        // Room may be waiting at offset 0: mark the rest of this lap unused.
        putU32(this.buf, this.data + off, WRAP);
        this.tail = (this.tail + toEnd) | 0;
        continue;
      }
      return free === RING_BYTES ? TOO_BIG : NO_ROOM;
    }
  }

  /** Makes every message written so far visible to the consumer. */
  publish(): void {
    Atomics.store(this.i32, this.tailIdx, this.tail);
  }

  /** Both counters back to 0 (the ring is being handed to a new owner). */
  reset(): void {
    this.tail = 0;
    this.head = 0;
  }
}

export class RingConsumer {
  private head = 0;
  /** The producer's position, as last read. */
  private tail = 0;
  private current = 0;
  /** Positioned on the current message's body by `next()`. */
  readonly r: SlotReader;

  constructor(
    private readonly i32: Int32Array,
    private readonly buf: Buffer,
    private readonly data: number,
    private readonly tailIdx: number,
    private readonly headIdx: number,
  ) {
    this.r = new SlotReader(buf, data);
  }

  /** True when a message is waiting (reads the producer's position if the cached one says none). */
  available(): boolean {
    return this.head !== this.tail || (this.tail = Atomics.load(this.i32, this.tailIdx)) !== this.head;
  }

  /** Positions `r` on the next message; false when there is none. Call `done()` after reading it. */
  next(): boolean {
    for (;;) {
      if (this.head === this.tail) {
        this.tail = Atomics.load(this.i32, this.tailIdx);
        if (this.head === this.tail) return false;
      }
      const off = this.head & MASK;
      const toEnd = RING_BYTES - off;
      if (toEnd < 4) {
        this.head = (this.head + toEnd) | 0;
        continue;
      }
      const length = getU32(this.buf, this.data + off);
      if (length === WRAP) {
        this.head = (this.head + toEnd) | 0;
        continue;
      }
      this.r.base = this.data + off + 4;
      this.r.pos = 0;
      this.current = 4 + length;
      return true;
    }
  }

  /** The current message is read: its bytes may be reused once `release()` publishes that. */
  done(): void {
    this.head = (this.head + this.current) | 0;
    this.current = 0;
  }

  /** Hands the bytes of every finished message back to the producer. */
  release(): void {
    Atomics.store(this.i32, this.headIdx, this.head);
  }

  reset(): void {
    this.head = 0;
    this.tail = 0;
    this.current = 0;
  }
}

/** Lane ring `ring`'s request and reply directions, as one side sees them. */
export function requestProducer(i32: Int32Array, buf: Buffer, ring: number): RingProducer {
  return new RingProducer(i32, buf, ringRequestOffset(ring), ringControlIndex(ring, R_REQ_TAIL), ringControlIndex(ring, R_REQ_HEAD));
}
export function requestConsumer(i32: Int32Array, buf: Buffer, ring: number): RingConsumer {
  return new RingConsumer(i32, buf, ringRequestOffset(ring), ringControlIndex(ring, R_REQ_TAIL), ringControlIndex(ring, R_REQ_HEAD));
}
export function replyProducer(i32: Int32Array, buf: Buffer, ring: number): RingProducer {
  return new RingProducer(i32, buf, ringReplyOffset(ring), ringControlIndex(ring, R_REP_TAIL), ringControlIndex(ring, R_REP_HEAD));
}
export function replyConsumer(i32: Int32Array, buf: Buffer, ring: number): RingConsumer {
  return new RingConsumer(i32, buf, ringReplyOffset(ring), ringControlIndex(ring, R_REP_TAIL), ringControlIndex(ring, R_REP_HEAD));
}
