/**
 * The engine thread's side of one lane ring (lanes.ts is the client's): reads the requests a
 * client thread streamed into the ring, executes them in order on the ring's own session and
 * writes each reply, in the same order, into the reply ring; one publish per batch, and a notify
 * only for a client that sleeps and has not been woken since (C_SLEEPING → C_WOKEN).
 *
 * A blocking command that has to wait holds the ring, as it holds a Redis connection: later
 * requests are served once it is. A reply that does not fit the reply ring yet (the client has
 * not read its earlier replies) is kept and written before anything else is served.
 */
import { EngineError, type Reply } from '../../types.js';
import { AT_PREFIX_MAX, Op, type SlotReader, type SlotWriter, writeLength, writeReply, writeThrown } from './codec.js';
import type { KeyCache } from './key-cache.js';
import { C_RUNNING, C_SLEEPING, C_WOKEN, H_CLIENT_WAKES, R_CLIENT_STATE, R_CLOSE, R_OWNER, R_REP_HEAD, R_REP_TAIL, R_REQ_HEAD, R_REQ_TAIL, ringControlIndex } from './layout.js';
import { NO_ROOM, RING_MESSAGE_MAX, type RingConsumer, type RingProducer, TOO_BIG, WROTE, replyProducer, requestConsumer } from './ring.js';

/** What a lane ring's requests run on: one engine session (engine-thread.ts makes it). */
export interface LaneSession {
  get(key: string): string | null;
  set(key: string, value: string, ttlMs: number): void;
  call(argv: string[]): Reply | Promise<Reply>;
  close(): void;
}

export interface LaneHooks {
  open(): LaneSession;
  /** The engine thread's key strings, shared by every ring (GET_LENGTH_AT / SET_AT keys). */
  readonly keys: KeyCache;
  /** A blocking command started (+1) or ended (−1) waiting: the serving loop runs promise callbacks while any wait. */
  waiting(delta: number): void;
}

const R_LENGTH = 0;
const R_REPLY = 1;
const R_THROWN = 2;

function encodeHeld(w: SlotWriter, ring: LaneServer): void {
  const v = ring.out;
  if (ring.outKind === R_LENGTH) writeLength(w, v as string | null);
  else if (ring.outKind === R_REPLY) writeReply(w, v as Reply);
  else writeThrown(w, v);
}

export class LaneServer {
  /** The reply being written (read by `encodeHeld`). */
  out: unknown = null;
  outKind = R_REPLY;
  private held = false;
  private blocked = false;
  private session: LaneSession | null = null;
  /** Bumped when the ring changes hands, so a late blocking reply for the old owner is dropped. */
  private generation = 0;
  private readonly req: RingConsumer;
  private readonly rep: RingProducer;
  private readonly ownerIdx: number;
  private readonly closeIdx: number;
  private readonly clientStateIdx: number;
  private readonly repTailIdx: number;
  /** The last `*At` prefix this ring carried: its bytes, its string and its key table. */
  private readonly prefixBytes = new Uint8Array(AT_PREFIX_MAX);
  private prefixLength = -1;
  private prefix = '';
  private prefixTable: (string | undefined)[] | null = null;

  constructor(
    private readonly i32: Int32Array,
    buf: Buffer,
    private readonly ring: number,
    private readonly hooks: LaneHooks,
  ) {
    this.req = requestConsumer(i32, buf, ring);
    this.rep = replyProducer(i32, buf, ring);
    this.ownerIdx = ringControlIndex(ring, R_OWNER);
    this.closeIdx = ringControlIndex(ring, R_CLOSE);
    this.clientStateIdx = ringControlIndex(ring, R_CLIENT_STATE);
    this.repTailIdx = ringControlIndex(ring, R_REP_TAIL);
  }

  /** True while a client owns this ring. */
  claimed(): boolean {
    return Atomics.load(this.i32, this.ownerIdx) !== 0;
  }

  /** True when a pass would do something here (used by the idle loop before it sleeps). */
  hasWork(): boolean {
    const i32 = this.i32;
    if (Atomics.load(i32, this.ownerIdx) === 0) return false;
    if (Atomics.load(i32, this.closeIdx) !== 0) return true;
    if (this.blocked) return false;
    // A held reply can go once the client has read some of the replies before it.
    return this.held ? this.rep.consumerMoved() : this.req.available();
  }

  /** True while this ring's client runs with requests outstanding (its next ones are close). */
  clientRunning(): boolean {
    return Atomics.load(this.i32, this.clientStateIdx) === C_RUNNING && Atomics.load(this.i32, this.ownerIdx) !== 0;
  }

  /** Serves up to `budget` requests in order; returns how many (a close counts as one). */
  serve(budget: number): number {
    const i32 = this.i32;
    if (Atomics.load(i32, this.ownerIdx) === 0) return 0;
    if (Atomics.load(i32, this.closeIdx) !== 0) {
      this.close();
      return 1;
    }
    if (this.blocked) return 0;
    if (this.held) {
      if (this.write() === NO_ROOM) return 0;
      this.held = false;
      this.publish();
    }
    const req = this.req;
    const r = req.r;
    let served = 0;
    while (served < budget && req.next()) {
      const op = r.u8();
      const s = this.session ?? (this.session = this.hooks.open());
      try {
        // The *_AT forms carry the key as (prefix, index): the key cache's string.
        if (op === Op.GET_LENGTH_AT || op === Op.GET_LENGTH) {
          const key = op === Op.GET_LENGTH_AT ? this.keyAt(r) : r.str();
          req.done();
          this.out = s.get(key);
          this.outKind = R_LENGTH;
        } else if (op === Op.SET_AT || op === Op.SET) {
          const key = op === Op.SET_AT ? this.keyAt(r) : r.str();
          const value = r.str();
          const ttlMs = r.f64();
          req.done();
          s.set(key, value, ttlMs);
          this.out = null;
          this.outKind = R_REPLY;
        } else if (op === Op.CALL) {
          const n = r.u32();
          const argv = new Array<string>(n);
          for (let i = 0; i < n; i++) argv[i] = r.str();
          req.done();
          const reply = s.call(argv);
          if (reply instanceof Promise) {
            served++;
            this.block(reply);
            break;
          }
          this.out = reply;
          this.outKind = R_REPLY;
        } else {
          req.done();
          throw new EngineError('protocol', `redis-style lane ring: unknown op ${op}`);
        }
      } catch (e) {
        this.out = e;
        this.outKind = R_THROWN;
      }
      served++;
      if (this.write() === NO_ROOM) {
        this.held = true;
        break;
      }
    }
    if (served !== 0) {
      req.release();
      this.publish();
    }
    return served;
  }

  /**
   * The key of a GET_LENGTH_AT / SET_AT: prefix bytes and index, as the key cache's string.
   * A client sends one prefix over and over, so its bytes are compared with the last one's
   * and decoded only when they differ.
   */
  private keyAt(r: SlotReader): string {
    const n = r.u8();
    if (n === this.prefixLength && r.sameBytes(this.prefixBytes, n)) r.skip(n);
    else {
      this.prefix = r.latin1(n, this.prefixBytes);
      this.prefixLength = n;
      this.prefixTable = this.hooks.keys.table(this.prefix);
    }
    return this.hooks.keys.keyAt(this.prefixTable, this.prefix, r.u32());
  }

  /** Writes `out` as the next reply; a reply larger than the ring becomes an error reply. */
  private write(): typeof WROTE | typeof NO_ROOM {
    const outcome = this.rep.write(encodeHeld, this);
    if (outcome !== TOO_BIG) return outcome;
    this.out = new EngineError('protocol', `reply exceeds the redis-style lane ring (${RING_MESSAGE_MAX} bytes); use redis.call for it`);
    this.outKind = R_THROWN;
    return this.rep.write(encodeHeld, this) as typeof WROTE | typeof NO_ROOM;
  }

  private publish(): void {
    this.rep.publish();
    const i32 = this.i32;
    const idx = this.clientStateIdx;
    if (Atomics.load(i32, idx) === C_SLEEPING && Atomics.compareExchange(i32, idx, C_SLEEPING, C_WOKEN) === C_SLEEPING) {
      Atomics.add(i32, H_CLIENT_WAKES, 1);
      Atomics.notify(i32, this.repTailIdx);
    }
  }

  private block(pending: Promise<Reply>): void {
    this.blocked = true;
    const generation = this.generation;
    this.hooks.waiting(1);
    const settle = (value: unknown, kind: number): void => {
      this.hooks.waiting(-1);
      if (generation !== this.generation) return; // the ring was closed meanwhile
      this.blocked = false;
      this.out = value;
      this.outKind = kind;
      if (this.write() === NO_ROOM) this.held = true;
      else this.publish();
    };
    pending.then(
      (v) => settle(v, R_REPLY),
      (e: unknown) => settle(e, R_THROWN),
    );
  }

  /** The client closed its lanes: end the session, drop what it had not been served, free the ring. */
  private close(): void {
    this.session?.close();
    this.session = null;
    this.generation++;
    this.blocked = false;
    this.held = false;
    this.out = null;
    this.req.reset();
    this.rep.reset();
    const i32 = this.i32;
    for (const field of [R_REQ_TAIL, R_REQ_HEAD, R_REP_TAIL, R_REP_HEAD, R_CLIENT_STATE, R_CLOSE]) Atomics.store(i32, ringControlIndex(this.ring, field), 0);
    Atomics.store(i32, this.ownerIdx, 0);
  }
}
