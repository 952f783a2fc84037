/**
 * The pipelined path from a load thread to the redis-style engine thread: `Engine.lanes`
 * (`KvLanes`) of a `ChannelEngine`, as a pipelined Redis client would drive one connection.
 *
 * A client thread claims one lane ring (layout.ts) and streams requests into its request ring;
 * the engine thread serves every ring's requests in order and writes the replies, in the same
 * order, into the paired reply ring. The client keeps the callbacks of its outstanding requests
 * in a FIFO and settles the oldest with each reply, so replies reach their callers in order
 * without any id on the wire. Requests issued in one turn are published with one store; those
 * issued from the callbacks of a chunk of replies every 16. A sleeping engine thread is rung
 * once per sleep (E_SLEEPING → E_RUNG, whichever client publishes first), as soon as a chunk's
 * first callback has issued its request, so its wake-up overlaps the rest of the chunk —
 * measured better than one ring after the whole chunk (engines/redis/README.md).
 *
 * Waiting (`pump`): while requests are outstanding the thread polls its reply ring — only
 * while the engine thread is awake, for at most `spinUs` — then sleeps in a bounded
 * `Atomics.wait` (the engine thread notifies only a client that said it sleeps); every few
 * milliseconds it gives its event loop a turn (abort messages, timers). `call` carries any command in the same order; a blocking command holds the lane's
 * later requests until it is served, as on a Redis connection. The lane ring is a session of
 * its own on the engine thread (its own SELECT, MULTI, WATCH), like another connection from
 * the same client: it is not ordered against the engine's direct (`kv`, `redis.call`) requests.
 */
import { EngineError, type KvLanes, type Reply } from '../../types.js';
import { AT_PREFIX_MAX, Op, type SlotReader, type SlotWriter, readLength, readReply } from './codec.js';
import {
  E_AWAKE,
  E_RUNG,
  E_SLEEPING,
  H_CLIENT_SLEEPS,
  H_DOORBELL,
  H_ENGINE_SLEEPING,
  H_ENGINE_WAKES,
  H_STOP,
  RINGS,
  C_IDLE,
  C_RUNNING,
  C_SLEEPING,
  R_CLIENT_STATE,
  R_CLOSE,
  R_OWNER,
  R_REP_TAIL,
  ringControlIndex,
} from './layout.js';
import { DEFAULT_LANE_SPIN_US } from './channel-options.js';
import { NO_ROOM, RING_MESSAGE_MAX, type RingConsumer, type RingProducer, WROTE, replyConsumer, requestProducer } from './ring.js';

/** What the reply to each outstanding request is decoded as. */
const EXPECT_LENGTH = 0;
const EXPECT_DONE = 1;
const EXPECT_REPLY = 2;

/**
 * Longest stretch the pump blocks its thread's event loop: the open loop's send timers run on
 * it (its generator-lag threshold is at least 1 ms), and so do abort messages.
 */
const YIELD_EVERY_MS = 0.5;

type Ok = (v: unknown) => void;
type Fail = (err: unknown) => void;

function noop(): void {}

function encodeGetLength(w: SlotWriter, l: ChannelLanes): void {
  w.u8(Op.GET_LENGTH);
  w.str(l.key);
}

function encodeSet(w: SlotWriter, l: ChannelLanes): void {
  w.u8(Op.SET);
  w.str(l.key);
  w.str(l.value);
  w.f64(l.ttlMs);
}

function encodeGetLengthAt(w: SlotWriter, l: ChannelLanes): void {
  w.u8(Op.GET_LENGTH_AT);
  w.shortBytes(l.prefixBytes, l.prefixLength);
  w.u32(l.index);
}

function encodeSetAt(w: SlotWriter, l: ChannelLanes): void {
  w.u8(Op.SET_AT);
  w.shortBytes(l.prefixBytes, l.prefixLength);
  w.u32(l.index);
  w.str(l.value);
  w.f64(l.ttlMs);
}

function encodeCall(w: SlotWriter, l: ChannelLanes): void {
  const args = l.args;
  w.u8(Op.CALL);
  w.u32(args.length);
  for (let i = 0; i < args.length; i++) w.str(args[i]!);
}

function readDone(r: SlotReader): undefined {
  const reply = readReply(r); // throws a carried EngineError
  if (reply !== null) throw new EngineError('protocol', 'redis-style lane ring: unexpected reply to a SET');
  return undefined;
}

/** A request that did not fit the request ring yet: its inputs, kept until replies make room. */
interface Deferred {
  readonly encode: (w: SlotWriter, l: ChannelLanes) => void;
  readonly key: string;
  readonly prefix: string;
  readonly index: number;
  readonly value: string;
  readonly ttlMs: number;
  readonly args: readonly string[];
}

export class ChannelLanes implements KvLanes {
  readonly connections = 1;
  /** Inputs of the request being encoded (read by the module-level encoders). */
  key = '';
  value = '';
  ttlMs = 0;
  args: readonly string[] = [];
  /** The `*At` requests' prefix, as latin1 bytes (encoded once per prefix, not per request). */
  prefix = '';
  readonly prefixBytes = new Uint8Array(AT_PREFIX_MAX);
  prefixLength = 0;
  index = 0;

  private readonly req: RingProducer;
  private readonly rep: RingConsumer;
  private readonly stateIdx: number;
  private readonly repTailIdx: number;
  /** Outstanding requests, oldest first: a ring of callbacks (grows by doubling). */
  private ok: Ok[] = new Array<Ok>(64).fill(noop);
  private fail: Fail[] = new Array<Fail>(64).fill(noop);
  private expect = new Uint8Array(64);
  private first = 0;
  private count = 0;
  /** Requests queued behind a full request ring (rare: more than 2 MiB in flight). */
  private readonly deferred: Deferred[] = [];
  private unpublished = false;
  private scheduled = false;
  private pumping = false;
  private closed = false;
  private readonly pumpBound = (): void => this.pump();

  private constructor(
    private readonly i32: Int32Array,
    buf: Buffer,
    private readonly ring: number,
    private readonly spinUs: number,
  ) {
    this.req = requestProducer(i32, buf, ring);
    this.rep = replyConsumer(i32, buf, ring);
    this.stateIdx = ringControlIndex(ring, R_CLIENT_STATE);
    this.repTailIdx = ringControlIndex(ring, R_REP_TAIL);
  }

  /** Claims a free lane ring, or null when all are taken (the engine then has no `lanes`). */
  static claim(i32: Int32Array, buf: Buffer, spinUs = DEFAULT_LANE_SPIN_US): ChannelLanes | null {
    for (let ring = 0; ring < RINGS; ring++) {
      if (Atomics.compareExchange(i32, ringControlIndex(ring, R_OWNER), 0, 1) === 0) {
        // The engine thread looks for claimed rings only when the doorbell moved.
        Atomics.add(i32, H_DOORBELL, 1);
        Atomics.notify(i32, H_DOORBELL);
        return new ChannelLanes(i32, buf, ring, spinUs);
      }
    }
    return null;
  }

  getLength(_conn: number, key: string, onLength: (length: unknown) => void, onError: (err: unknown) => void): void {
    this.key = key;
    this.enqueue(EXPECT_LENGTH, encodeGetLength, 5 + key.length, onLength, onError);
  }

  set(_conn: number, key: string, value: string, ttlMs: number, onDone: (v: unknown) => void, onError: (err: unknown) => void): void {
    this.key = key;
    this.value = value;
    this.ttlMs = ttlMs;
    this.enqueue(EXPECT_DONE, encodeSet, 17 + key.length + value.length, onDone, onError);
  }

  /**
   * `getLength` of the key `prefix + index`, sent as (prefix, index): the engine thread takes
   * the key's string from its key cache, the same object every time. A prefix that is not
   * latin1 or longer than 255 bytes, or an index that is not a u32, takes the string form.
   */
  getLengthAt(conn: number, prefix: string, index: number, onLength: (length: unknown) => void, onError: (err: unknown) => void): void {
    if ((prefix !== this.prefix && !this.usePrefix(prefix)) || index >>> 0 !== index) return this.getLength(conn, prefix + index, onLength, onError);
    this.index = index;
    this.enqueue(EXPECT_LENGTH, encodeGetLengthAt, 6 + prefix.length, onLength, onError);
  }

  /** `set` of the key `prefix + index` (see `getLengthAt`). */
  setAt(conn: number, prefix: string, index: number, value: string, ttlMs: number, onDone: (v: unknown) => void, onError: (err: unknown) => void): void {
    if ((prefix !== this.prefix && !this.usePrefix(prefix)) || index >>> 0 !== index) return this.set(conn, prefix + index, value, ttlMs, onDone, onError);
    this.index = index;
    this.value = value;
    this.ttlMs = ttlMs;
    this.enqueue(EXPECT_DONE, encodeSetAt, 18 + prefix.length + value.length, onDone, onError);
  }

  /** Makes `prefix` the `*At` requests' prefix; false (nothing changed) when it cannot be one. */
  private usePrefix(prefix: string): boolean {
    const n = prefix.length;
    if (n > AT_PREFIX_MAX) return false;
    for (let i = 0; i < n; i++) if (prefix.charCodeAt(i) > 0xff) return false;
    for (let i = 0; i < n; i++) this.prefixBytes[i] = prefix.charCodeAt(i);
    this.prefixLength = n;
    this.prefix = prefix;
    return true;
  }

  /** Any command, pipelined in order with the lane's other requests; the reply as `redis.call` gives it. */
  call(args: readonly string[], onReply: (reply: Reply) => void, onError: (err: unknown) => void): void {
    let size = 5;
    for (let i = 0; i < args.length; i++) size += 4 + args[i]!.length;
    this.args = args;
    this.enqueue(EXPECT_REPLY, encodeCall, size, onReply as Ok, onError);
  }

  private enqueue(expect: number, encode: (w: SlotWriter, l: ChannelLanes) => void, size: number, ok: Ok, fail: Fail): void {
    // A stopped engine thread is noticed by the pump (which fails what is outstanding), not per
    // request: H_STOP shares its cache line with words the other threads write.
    if (this.closed) return fail(new EngineError('closed', 'redis-style lanes are closed'));
    if (size > RING_MESSAGE_MAX) return fail(new EngineError('protocol', `request of ${size} bytes exceeds the redis-style lane ring (${RING_MESSAGE_MAX} bytes)`));
    if (this.deferred.length !== 0 || this.req.write(encode, this) !== WROTE) {
      this.deferred.push({ encode, key: this.key, prefix: this.prefix, index: this.index, value: this.value, ttlMs: this.ttlMs, args: this.args });
    } else this.unpublished = true;
    this.remember(expect, ok, fail);
    if (!this.pumping && !this.scheduled) {
      this.scheduled = true;
      // After the current turn's synchronous requests: they leave together.
      queueMicrotask(this.pumpBound);
    }
  }

  private remember(expect: number, ok: Ok, fail: Fail): void {
    if (this.count === this.ok.length) this.grow();
    const i = (this.first + this.count) & (this.ok.length - 1);
    this.ok[i] = ok;
    this.fail[i] = fail;
    this.expect[i] = expect;
    this.count++;
  }

  private grow(): void {
    const n = this.ok.length;
    const ok = new Array<Ok>(n * 2).fill(noop);
    const fail = new Array<Fail>(n * 2).fill(noop);
    const expect = new Uint8Array(n * 2);
    for (let k = 0; k < n; k++) {
      const i = (this.first + k) & (n - 1);
      ok[k] = this.ok[i]!;
      fail[k] = this.fail[i]!;
      expect[k] = this.expect[i]!;
    }
    this.ok = ok;
    this.fail = fail;
    this.expect = expect;
    this.first = 0;
  }

  /** Moves deferred requests into the ring while it has room, oldest first. */
  private undefer(): void {
    const deferred = this.deferred;
    let taken = 0;
    while (taken < deferred.length) {
      const d = deferred[taken]!;
      this.key = d.key;
      if (d.prefix !== this.prefix) this.usePrefix(d.prefix); // it was usable when deferred
      this.index = d.index;
      this.value = d.value;
      this.ttlMs = d.ttlMs;
      this.args = d.args;
      if (this.req.write(d.encode, this) === NO_ROOM) break;
      taken++;
      this.unpublished = true;
    }
    if (taken !== 0) deferred.splice(0, taken);
  }

  /**
   * Publishes the requests written since the last publish; rings the engine thread if it sleeps
   * and no other client has rung it since (E_SLEEPING → E_RUNG: one futex wake per sleep).
   */
  private publish(): void {
    if (!this.unpublished) return;
    this.unpublished = false;
    this.req.publish();
    const i32 = this.i32;
    if (Atomics.load(i32, H_ENGINE_SLEEPING) === E_SLEEPING && Atomics.compareExchange(i32, H_ENGINE_SLEEPING, E_SLEEPING, E_RUNG) === E_SLEEPING) {
      Atomics.add(i32, H_DOORBELL, 1);
      Atomics.add(i32, H_ENGINE_WAKES, 1);
      Atomics.notify(i32, H_DOORBELL);
    }
  }

  /**
   * Publishes what has been written and settles the replies that have arrived, without waiting;
   * returns how many settled. For a caller that drives both sides in one thread
   * (bench/lane-handoff.ts measures the hand-off's own work that way).
   */
  flush(): number {
    this.publish();
    return this.dispatch();
  }

  /** Settles the replies that have arrived, oldest request first; returns how many. */
  private dispatch(): number {
    const rep = this.rep;
    const r = rep.r;
    let n = 0;
    while (this.count !== 0 && rep.next()) {
      const i = this.first;
      const ok = this.ok[i]!;
      const fail = this.fail[i]!;
      const expect = this.expect[i]!;
      this.ok[i] = noop;
      this.fail[i] = noop;
      this.first = (i + 1) & (this.ok.length - 1);
      this.count--;
      let value: unknown;
      let failed = false;
      try {
        value = expect === EXPECT_LENGTH ? readLength(r) : expect === EXPECT_DONE ? readDone(r) : readReply(r);
      } catch (e) {
        value = e;
        failed = true;
      }
      rep.done();
      n++;
      if (failed) fail(value);
      else ok(value);
      if (this.closed) return n;
      // Let the engine thread start on what these callbacks asked for while the rest settle;
      // a sleeping one is rung after the first reply's callback, so its wake-up (tens of µs)
      // overlaps this chunk's callbacks instead of following them.
      if ((n & 15) === 0 || (n === 1 && Atomics.load(this.i32, H_ENGINE_SLEEPING) === E_SLEEPING)) this.publish();
    }
    if (n !== 0) rep.release();
    return n;
  }

  /**
   * Publishes, settles replies and waits for more until nothing is outstanding, giving the
   * event loop a turn every YIELD_EVERY_MS.
   */
  private pump(): void {
    this.scheduled = false;
    if (this.closed) return;
    this.pumping = true;
    Atomics.store(this.i32, this.stateIdx, C_RUNNING);
    const yieldAt = performance.now() + YIELD_EVERY_MS;
    try {
      for (;;) {
        if (this.deferred.length !== 0) this.undefer();
        this.publish();
        if (this.count === 0 || this.closed) {
          Atomics.store(this.i32, this.stateIdx, C_IDLE);
          return;
        }
        if (this.dispatch() !== 0) continue;
        if (Atomics.load(this.i32, H_STOP) !== 0) return this.failAll(new EngineError('closed', 'redis-style engine thread has stopped'));
        if (!this.awaitReplies(yieldAt)) {
          this.scheduled = true;
          setImmediate(this.pumpBound);
          return;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Polls, then sleeps, until a reply arrives (true) or `until` passes (false). It polls only
   * while the engine thread is awake (then the reply is microseconds away, and a futex wake
   * costs tens of µs on a VM), for at most `spinUs`; an engine thread that sleeps has just been
   * rung and answers no sooner than its own wake-up, so the client sleeps at once.
   */
  private awaitReplies(until: number): boolean {
    const rep = this.rep;
    const i32 = this.i32;
    const spinUntil = performance.now() + this.spinUs / 1000;
    while (Atomics.load(i32, H_ENGINE_SLEEPING) === E_AWAKE) {
      for (let k = 0; k < 32; k++) if (rep.available()) return true;
      if (performance.now() >= spinUntil) break;
    }
    for (;;) {
      const seen = Atomics.load(i32, this.repTailIdx);
      Atomics.store(i32, this.stateIdx, C_SLEEPING);
      if (rep.available()) {
        Atomics.store(i32, this.stateIdx, C_RUNNING);
        return true;
      }
      const left = until - performance.now();
      if (left <= 0) {
        Atomics.store(i32, this.stateIdx, C_RUNNING);
        return false;
      }
      Atomics.add(i32, H_CLIENT_SLEEPS, 1);
      Atomics.wait(i32, this.repTailIdx, seen, left);
      Atomics.store(i32, this.stateIdx, C_RUNNING);
      if (rep.available()) return true;
      if (Atomics.load(i32, H_STOP) !== 0) return true; // the pump notices and fails what is left
    }
  }

  private failAll(err: EngineError): void {
    this.deferred.length = 0;
    while (this.count !== 0) {
      const i = this.first;
      const fail = this.fail[i]!;
      this.ok[i] = noop;
      this.fail[i] = noop;
      this.first = (i + 1) & (this.ok.length - 1);
      this.count--;
      fail(err);
    }
  }

  /**
   * Ends the lane session: the engine thread closes it and frees the ring (it drops requests it
   * has not served). Requests still outstanding fail with a `closed` error.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const i32 = this.i32;
    if (Atomics.load(i32, H_STOP) !== 0) Atomics.store(i32, ringControlIndex(this.ring, R_OWNER), 0);
    else {
      Atomics.store(i32, ringControlIndex(this.ring, R_CLOSE), 1);
      Atomics.add(i32, H_DOORBELL, 1);
      Atomics.notify(i32, H_DOORBELL);
    }
    this.failAll(new EngineError('closed', 'redis-style lanes are closed'));
  }
}
