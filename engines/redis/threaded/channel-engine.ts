/**
 * An Engine in a load thread that forwards every operation to the engine thread through the
 * request channel. Still `sync: true`: a request is written to this session's slot, the engine
 * thread is rung, and the thread waits on the slot with Atomics.wait — the same blocking a
 * socket read would be, minus the kernel. Blocking commands and pub/sub polls wait with
 * Atomics.waitAsync instead and return Promises, so one parked BLPOP does not stall the thread.
 *
 * `lanes` is the pipelined path (lanes.ts): many requests in flight on a lane ring of its own,
 * settled by callback, which the harness's lane loop uses for the kv workload.
 */
import {
  type Engine,
  type EngineInfo,
  EngineError,
  type EngineStats,
  type KvOps,
  type RedisCommands,
  type Reply,
  type Subscriber,
  ErrorReply,
} from '../../types.js';
import { CAPABILITIES, ENGINE_NAME } from '../engine.js';
import { ENGINE_VERSION } from '../version.js';
import { PushSubscriber } from '../push-subscriber.js';
import { Op, SlotReader, SlotWriter, readReply } from './codec.js';
import { ChannelLanes } from './lanes.js';
import { C_CANCEL, C_LENGTH, C_OWNER, C_STATE, H_DOORBELL, H_READY, H_STOP, H_WANTED, S_IDLE, S_REPLY, S_REQUEST, SLOTS, controlIndex, dataOffset, waitAsync } from './layout.js';

/** A synchronous request that gets no answer in this long means the engine thread is gone. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long a client polls its slot before sleeping on it (a futex wake costs more). */
const CLIENT_SPIN_US = 30;

/** One claimed slot: a session on the engine thread. */
class SlotSession {
  readonly w: SlotWriter;
  readonly r: SlotReader;
  private readonly stateIdx: number;
  private closed = false;

  constructor(
    private readonly i32: Int32Array,
    buf: Buffer,
    readonly slot: number,
  ) {
    this.w = new SlotWriter(buf, dataOffset(slot));
    this.r = new SlotReader(buf, dataOffset(slot));
    this.stateIdx = controlIndex(slot, C_STATE);
  }

  static claim(i32: Int32Array, buf: Buffer): SlotSession {
    for (let s = 0; s < SLOTS; s++) {
      if (Atomics.compareExchange(i32, controlIndex(s, C_OWNER), 0, 1) === 0) {
        Atomics.store(i32, controlIndex(s, C_STATE), S_IDLE);
        return new SlotSession(i32, buf, s);
      }
    }
    throw new EngineError('capacity', `redis-style channel: all ${SLOTS} sessions are in use`);
  }

  private post(): void {
    if (this.closed) throw new EngineError('closed', 'redis-style session is closed');
    if (Atomics.load(this.i32, H_STOP) !== 0) throw new EngineError('closed', 'redis-style engine thread has stopped');
    const i32 = this.i32;
    Atomics.store(i32, controlIndex(this.slot, C_LENGTH), this.w.pos);
    Atomics.store(i32, this.stateIdx, S_REQUEST);
    Atomics.add(i32, H_DOORBELL, 1);
    Atomics.notify(i32, H_DOORBELL);
  }

  private take(): Reply {
    Atomics.store(this.i32, this.stateIdx, S_IDLE);
    this.r.reset();
    return readReply(this.r);
  }

  /** Send the request in `w` and wait for the reply (blocking this thread). */
  roundTrip(): Reply {
    this.post();
    const i32 = this.i32;
    // Spin briefly first: the engine thread usually answers within microseconds, and a futex
    // sleep/wake costs more than that.
    const spinUntil = performance.now() + CLIENT_SPIN_US / 1000;
    while (Atomics.load(i32, this.stateIdx) === S_REQUEST) {
      let k = 0;
      while (k < 128 && Atomics.load(i32, this.stateIdx) === S_REQUEST) k++;
      if (performance.now() > spinUntil) break;
    }
    const deadline = Date.now() + REQUEST_TIMEOUT_MS;
    while (Atomics.load(i32, this.stateIdx) === S_REQUEST) {
      Atomics.wait(i32, this.stateIdx, S_REQUEST, 1000);
      if (Atomics.load(i32, this.stateIdx) !== S_REQUEST) break;
      if (Atomics.load(i32, H_STOP) !== 0) throw new EngineError('closed', 'redis-style engine thread has stopped');
      if (Date.now() > deadline) throw new EngineError('timeout', `redis-style engine thread did not answer within ${REQUEST_TIMEOUT_MS} ms`);
    }
    return this.take();
  }

  /** Send the request in `w` and wait without blocking the thread (blocking commands, polls). */
  async roundTripAsync(): Promise<Reply> {
    this.post();
    const i32 = this.i32;
    // A pending Atomics.waitAsync does not keep a thread alive; this timer does while we wait.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      while (Atomics.load(i32, this.stateIdx) === S_REQUEST) {
        const waited = waitAsync(i32, this.stateIdx, S_REQUEST, 1000);
        if (waited.async) await waited.value;
        if (Atomics.load(i32, H_STOP) !== 0 && Atomics.load(i32, this.stateIdx) === S_REQUEST) {
          throw new EngineError('closed', 'redis-style engine thread has stopped');
        }
      }
    } finally {
      clearInterval(keepAlive);
    }
    // Closed while waiting: the engine dropped the request; end like a timeout, as in-process.
    if (this.closed) return null;
    return this.take();
  }

  close(): void {
    if (this.closed) return;
    const i32 = this.i32;
    if (Atomics.load(i32, H_STOP) !== 0) {
      this.closed = true;
      Atomics.store(i32, controlIndex(this.slot, C_OWNER), 0);
      return;
    }
    if (Atomics.load(i32, this.stateIdx) === S_REQUEST) {
      // A blocking request is still parked on the engine thread: ask it to cancel; it frees the
      // slot itself once it has dropped the request.
      this.closed = true;
      Atomics.store(i32, controlIndex(this.slot, C_CANCEL), 1);
      Atomics.add(i32, H_DOORBELL, 1);
      Atomics.notify(i32, H_DOORBELL);
      return;
    }
    this.w.reset();
    this.w.u8(Op.CLOSE);
    try {
      this.roundTrip();
    } catch {
      // The engine thread is gone: nothing left to close there.
    }
    this.closed = true;
    Atomics.store(i32, controlIndex(this.slot, C_OWNER), 0);
  }
}

function encodeCall(s: SlotSession, args: readonly string[]): void {
  const w = s.w;
  w.reset();
  w.u8(Op.CALL);
  w.u32(args.length);
  for (let i = 0; i < args.length; i++) w.str(args[i]!);
}

class ChannelKv implements KvOps {
  constructor(private readonly s: SlotSession) {}

  get(key: string): string | null {
    const w = this.s.w;
    w.reset();
    w.u8(Op.GET);
    w.str(key);
    return this.s.roundTrip() as string | null;
  }
  set(key: string, value: string, ttlMs?: number): void {
    const w = this.s.w;
    w.reset();
    w.u8(Op.SET);
    w.str(key);
    w.str(value);
    w.f64(ttlMs ?? 0);
    this.s.roundTrip();
  }
  add(key: string, value: string, ttlMs?: number): boolean {
    const w = this.s.w;
    w.reset();
    w.u8(Op.ADD);
    w.str(key);
    w.str(value);
    w.f64(ttlMs ?? 0);
    return this.s.roundTrip() === 1;
  }
  del(key: string): boolean {
    const w = this.s.w;
    w.reset();
    w.u8(Op.DEL);
    w.str(key);
    return this.s.roundTrip() === 1;
  }
  mget(keys: readonly string[]): (string | null)[] {
    const w = this.s.w;
    w.reset();
    w.u8(Op.MGET);
    w.u32(keys.length);
    for (let i = 0; i < keys.length; i++) w.str(keys[i]!);
    return this.s.roundTrip() as (string | null)[];
  }
  incr(key: string, delta: number): number | bigint {
    const w = this.s.w;
    w.reset();
    w.u8(Op.INCR);
    w.str(key);
    w.f64(delta);
    return this.s.roundTrip() as number | bigint;
  }
  expire(key: string, ttlMs: number): boolean {
    const w = this.s.w;
    w.reset();
    w.u8(Op.EXPIRE);
    w.str(key);
    w.f64(ttlMs);
    return this.s.roundTrip() === 1;
  }
}

/** A subscriber: one session for (un)subscribe commands, one slot kept polling for pushes. */
class ChannelSubscriber extends PushSubscriber {
  private readonly poller: SlotSession;
  private closed = false;

  constructor(
    private readonly s: SlotSession,
    i32: Int32Array,
    buf: Buffer,
  ) {
    super();
    this.poller = SlotSession.claim(i32, buf);
    void this.poll();
  }

  private async poll(): Promise<void> {
    while (!this.closed) {
      const w = this.poller.w;
      w.reset();
      w.u8(Op.POLL);
      w.u32(this.s.slot);
      let pushes: Reply;
      try {
        pushes = await this.poller.roundTripAsync();
      } catch {
        return;
      }
      if (!Array.isArray(pushes)) break;
      this.deliver(pushes as Reply[][]);
    }
    this.poller.close();
  }

  protected run(args: string[]): void {
    encodeCall(this.s, args);
    const r = this.s.roundTrip();
    if (r instanceof ErrorReply) throw new EngineError('reply', r.message);
  }
  close(): void {
    this.closed = true;
    this.s.close(); // answers the pending poll; the poll loop then sees `closed` and frees its slot
  }
}

class ChannelRedis implements RedisCommands {
  constructor(
    private readonly s: SlotSession,
    private readonly i32: Int32Array,
    private readonly buf: Buffer,
  ) {}

  call(args: readonly string[]): Reply {
    encodeCall(this.s, args);
    return this.s.roundTrip();
  }

  subscriber(): Subscriber {
    return new ChannelSubscriber(SlotSession.claim(this.i32, this.buf), this.i32, this.buf);
  }

  blockingClient(): RedisCommands & { close(): void } {
    const s = SlotSession.claim(this.i32, this.buf);
    return {
      call: (args: readonly string[]) => {
        encodeCall(s, args);
        return s.roundTripAsync();
      },
      close: () => s.close(),
    };
  }
}

/** How long a client waits for an on-demand engine thread to come up. */
const ENGINE_START_TIMEOUT_MS = 15_000;

/**
 * Ask for the engine thread (the main thread starts it on demand) and wait until it serves,
 * without blocking this thread's event loop — the asking thread may be the main thread itself.
 */
export async function requestEngineThread(sab: SharedArrayBuffer): Promise<void> {
  const i32 = new Int32Array(sab);
  if (Atomics.load(i32, H_READY) === 1) return;
  Atomics.store(i32, H_WANTED, 1);
  Atomics.notify(i32, H_WANTED);
  const deadline = Date.now() + ENGINE_START_TIMEOUT_MS;
  while (Atomics.load(i32, H_READY) !== 1) {
    if (Atomics.load(i32, H_STOP) !== 0) throw new EngineError('closed', 'redis-style engine thread has stopped');
    if (Date.now() > deadline) {
      throw new EngineError('connection', `redis-style engine thread did not start within ${ENGINE_START_TIMEOUT_MS / 1000} s`);
    }
    // A timer (not Atomics.waitAsync) so this thread's event loop stays alive while it waits.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export class ChannelEngine implements Engine {
  readonly info: EngineInfo;
  readonly sync = true;
  readonly kv: KvOps;
  readonly redis: RedisCommands;
  /** Absent when every lane ring is taken (more client threads than RINGS): kv then uses the slot. */
  readonly lanes?: ChannelLanes;
  private readonly session: SlotSession;

  /** `persistent`: the engine thread writes RDB/AOF files (adds the `persistence` capability). */
  constructor(sab: SharedArrayBuffer, persistent = false, laneSpinUs?: number) {
    this.info = {
      name: ENGINE_NAME,
      family: 'redis',
      location: 'in-process',
      version: ENGINE_VERSION,
      capabilities: persistent ? new Set([...CAPABILITIES, 'persistence' as const]) : CAPABILITIES,
    };
    const i32 = new Int32Array(sab);
    const buf = Buffer.from(sab);
    if (Atomics.load(i32, H_READY) !== 1) {
      throw new EngineError('connection', 'redis-style engine thread is not running (connect with connectChannelEngine)');
    }
    this.session = SlotSession.claim(i32, buf);
    this.kv = new ChannelKv(this.session);
    this.redis = new ChannelRedis(this.session, i32, buf);
    const lanes = ChannelLanes.claim(i32, buf, laneSpinUs);
    if (lanes) this.lanes = lanes;
  }

  stats(): EngineStats {
    this.session.w.reset();
    this.session.w.u8(Op.STATS);
    return JSON.parse(this.session.roundTrip() as string) as EngineStats;
  }

  flush(): void {
    this.session.w.reset();
    this.session.w.u8(Op.FLUSH);
    this.session.roundTrip();
  }

  close(): void {
    this.lanes?.close();
    this.session.close();
  }
}
