/**
 * Entry point of the redis-style engine thread (loaded through distUrl). One RedisStyleEngine
 * lives here; each pass of this loop drains every lane ring (the pipelined path, lane-server.ts:
 * all of a client thread's requests that have arrived, in order, replies published once per
 * ring) and then serves every slot of the request channel, one command each. Each slot and
 * each lane ring is a session (its own SELECT/MULTI/WATCH/subscriptions). When nothing is
 * waiting the loop polls briefly, then sleeps on the doorbell (Atomics.wait, bounded; lane
 * clients ring it only while H_ENGINE_SLEEPING says it sleeps); busy or idle, it gives the
 * event loop a turn every few milliseconds so timers (active expiry, BLPOP timeouts) run, and
 * it drains promise callbacks right after serving blocked clients.
 *
 * With persistence (`persistence` in workerData) this thread owns the files: the engine is
 * wrapped with `withPersistence`, every slot's session writes through its own recorder (its
 * own SELECT and MULTI tracking) into the one AOF, and when the serving loop ends the engine
 * is closed — the AOF committed and synced, the RDB saved — before the thread exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { KvOps, Reply } from '../../types.js';
import type { Client } from '../client.js';
import type { RedisStyleConfig } from '../config.js';
import { RedisKv, RedisStyleEngine } from '../engine.js';
import { persistenceOptionsFor, type PersistenceChoice } from '../persistence/engine-options.js';
import { withPersistence, type PersistentEngine } from '../persistence/persistent-engine.js';
import { Op, SlotReader, SlotWriter, writeReply, writeThrown } from './codec.js';
import {
  C_CANCEL,
  C_LENGTH,
  C_OWNER,
  C_STATE,
  H_DOORBELL,
  E_AWAKE,
  E_SLEEPING,
  H_ENGINE_SLEEPING,
  H_ENGINE_SLEEPS,
  H_READY,
  H_STOP,
  RINGS,
  S_IDLE,
  S_REPLY,
  S_REQUEST,
  SLOTS,
  controlIndex,
  dataOffset,
} from './layout.js';
import type { EngineThreadData } from './host.js';
import { KeyCache } from './key-cache.js';
import { setThreadNice } from './thread-priority.js';
import { LaneServer, type LaneSession } from './lane-server.js';

/** The kv facet as this thread uses it: the engine is synchronous, so every result is a value. */
type SyncKv = { [K in keyof KvOps]: (...args: Parameters<KvOps[K]>) => Awaited<ReturnType<KvOps[K]>> };

interface Session {
  readonly client: Client;
  readonly kv: SyncKv;
  /** With persistence: runs a command through this session's AOF recorder; else null (direct). */
  readonly recordedCall: ((args: readonly string[]) => Reply | Promise<Reply>) | null;
  /** Pub/sub pushes not yet collected by an Op.POLL. */
  readonly pushes: Reply[][];
  /** The slot whose Op.POLL is waiting for pushes, or -1. */
  pollSlot: number;
}

const { sab, config, persistence, seed, spinUs, nice } = workerData as EngineThreadData;
// First, before serving: the engine thread is the server, and gets a server's priority.
const priority = setThreadNice(nice);
const i32 = new Int32Array(sab);
const buf = Buffer.from(sab);
const base = new RedisStyleEngine(config, seed);
// The persistent engine loads existing files (a given dir) before the first request is served.
const persistent: PersistentEngine | null = persistence ? withPersistence(base, persistenceOptionsFor(persistence)) : null;
const engine = persistent ?? base;
const sessions: (Session | null)[] = new Array<Session | null>(SLOTS).fill(null);
/** Slots whose request is being answered later (blocked command, waiting poll). */
const pending: boolean[] = new Array<boolean>(SLOTS).fill(false);
const readers = Array.from({ length: SLOTS }, (_, s) => new SlotReader(buf, dataOffset(s)));
const writers = Array.from({ length: SLOTS }, (_, s) => new SlotWriter(buf, dataOffset(s)));

function session(slot: number): Session {
  let s = sessions[slot];
  if (!s) {
    const client = base.redis.session();
    const directKv = new RedisKv(base.server, client);
    // withPersistence over this synchronous engine returns plain values, as RedisKv does.
    const recorded = persistent?.recordSession((a) => client.call(a), directKv);
    const created: Session = {
      client,
      kv: recorded ? (recorded.kv as unknown as SyncKv) : directKv,
      recordedCall: recorded ? recorded.call : null,
      pushes: [],
      pollSlot: -1,
    };
    client.push = (push) => {
      created.pushes.push(push);
      if (created.pollSlot >= 0) answerPoll(created);
    };
    sessions[slot] = s = created;
  }
  return s;
}

/** A lane ring's session: like a slot's, without pub/sub delivery (a lane is request/reply only). */
function openLaneSession(): LaneSession {
  const client = base.redis.session();
  const directKv = new RedisKv(base.server, client);
  const recorded = persistent?.recordSession((a) => client.call(a), directKv);
  const kv = recorded ? (recorded.kv as unknown as SyncKv) : directKv;
  return {
    get: (key) => kv.get(key),
    set: (key, value, ttlMs) => kv.set(key, value, ttlMs),
    call: recorded ? recorded.call : (argv) => client.call(argv),
    close: () => client.close(),
  };
}

/** Stable key strings for the lane rings' (prefix, index) keys and the slot path's stored keys. */
const keys = new KeyCache();

const lanes = Array.from(
  { length: RINGS },
  (_, ring) =>
    new LaneServer(i32, buf, ring, {
      open: openLaneSession,
      keys,
      waiting: (delta) => {
        pendingCount += delta;
      },
    }),
);
/** Requests served from one lane ring per pass, so one busy client cannot starve the others. */
const LANE_BUDGET = 256;

/**
 * The lane rings a client has claimed, as of the last doorbell move (a claim rings it): a pass
 * and the idle poll look at these, not at all RINGS rings' words.
 */
let active: LaneServer[] = [];

function findActiveLanes(): void {
  active = lanes.filter((lane) => lane.claimed());
}

function lanesHaveWork(): boolean {
  for (let i = 0; i < active.length; i++) if (active[i]!.hasWork()) return true;
  return false;
}

function publishReply(slot: number): void {
  Atomics.store(i32, controlIndex(slot, C_LENGTH), writers[slot]!.pos);
  Atomics.store(i32, controlIndex(slot, C_STATE), S_REPLY);
  Atomics.notify(i32, controlIndex(slot, C_STATE));
}

function answerPoll(s: Session): void {
  const slot = s.pollSlot;
  s.pollSlot = -1;
  pending[slot] = false;
  const w = writers[slot]!;
  w.reset();
  try {
    writeReply(w, s.pushes.splice(0, s.pushes.length));
  } catch (e) {
    writeThrown(w, e);
  }
  publishReply(slot);
}

function handle(slot: number): void {
  const r = readers[slot]!;
  const w = writers[slot]!;
  r.reset();
  w.reset();
  const op = r.u8();
  try {
    switch (op) {
      case Op.GET:
        writeReply(w, session(slot).kv.get(r.str()));
        break;
      case Op.SET: {
        // Keys that get stored (the workloads' preload comes this way) are interned, so the
        // lane rings' cached key strings are the keyspace's own objects.
        const key = keys.intern(r.str());
        const value = r.str();
        session(slot).kv.set(key, value, r.f64());
        writeReply(w, null);
        break;
      }
      case Op.ADD: {
        const key = keys.intern(r.str());
        const value = r.str();
        writeReply(w, session(slot).kv.add(key, value, r.f64()) ? 1 : 0);
        break;
      }
      case Op.DEL:
        writeReply(w, session(slot).kv.del(r.str()) ? 1 : 0);
        break;
      case Op.MGET: {
        const n = r.u32();
        const keys = new Array<string>(n);
        for (let i = 0; i < n; i++) keys[i] = r.str();
        writeReply(w, session(slot).kv.mget(keys));
        break;
      }
      case Op.INCR: {
        const key = r.str();
        writeReply(w, session(slot).kv.incr(key, r.f64()));
        break;
      }
      case Op.EXPIRE: {
        const key = r.str();
        writeReply(w, session(slot).kv.expire(key, r.f64()) ? 1 : 0);
        break;
      }
      case Op.CALL: {
        const n = r.u32();
        const argv = new Array<string>(n);
        for (let i = 0; i < n; i++) argv[i] = r.str();
        const s = session(slot);
        const reply = s.recordedCall === null ? s.client.call(argv) : s.recordedCall(argv);
        if (reply instanceof Promise) {
          pending[slot] = true;
          pendingCount++;
          const owner = sessions[slot];
          reply.then(
            (value) => {
              pending[slot] = false;
              pendingCount--;
              if (sessions[slot] !== owner) return; // cancelled: the slot may have a new owner
              w.reset();
              try {
                writeReply(w, value);
              } catch (e) {
                writeThrown(w, e);
              }
              publishReply(slot);
            },
            (e: unknown) => {
              pending[slot] = false;
              pendingCount--;
              if (sessions[slot] !== owner) return;
              writeThrown(w, e);
              publishReply(slot);
            },
          );
          return;
        }
        writeReply(w, reply);
        break;
      }
      case Op.POLL: {
        const target = session(r.u32());
        target.pollSlot = slot;
        if (target.pushes.length !== 0) answerPoll(target);
        else pending[slot] = true;
        return;
      }
      case Op.STATS:
        writeReply(w, JSON.stringify({ ...engine.stats(), engine_thread_nice: priority.nice }));
        break;
      case Op.FLUSH:
        engine.flush();
        writeReply(w, null);
        break;
      case Op.CLOSE: {
        const s = sessions[slot];
        if (s) {
          s.client.close();
          if (s.pollSlot >= 0) answerPoll(s);
        }
        sessions[slot] = null;
        writeReply(w, null);
        break;
      }
      default:
        throw new Error(`redis-style channel: unknown op ${op}`);
    }
  } catch (e) {
    writeThrown(w, e);
  }
  publishReply(slot);
}

function clientRunning(): boolean {
  for (let i = 0; i < active.length; i++) if (active[i]!.clientRunning()) return true;
  return false;
}

/**
 * Poll until the doorbell moves or a lane ring has work (true), or give up (false): after
 * BASE_SPIN_US, unless a lane client is running with requests outstanding — then up to `us`,
 * since its next requests are microseconds away and a futex wake costs tens of µs.
 */
function spinUntilWork(bell: number, us: number): boolean {
  const start = performance.now();
  const base = start + BASE_SPIN_US / 1000;
  const until = start + us / 1000;
  for (;;) {
    for (let k = 0; k < 16; k++) if (Atomics.load(i32, H_DOORBELL) !== bell || lanesHaveWork()) return true;
    const now = performance.now();
    if (now > until || (now > base && !clientRunning())) return false;
  }
}

/**
 * A client closed a session while its blocking command (or poll) was still waiting: end the
 * session here, drop the late reply, and hand the slot back (the client could not, since the
 * engine still owned the request).
 */
function cancel(slot: number): void {
  const s = sessions[slot];
  sessions[slot] = null;
  if (s) {
    s.client.close();
    if (s.pollSlot >= 0 && s.pollSlot !== slot) answerPoll(s);
  }
  for (const other of sessions) if (other && other.pollSlot === slot) other.pollSlot = -1;
  if (pending[slot]) {
    pending[slot] = false;
    pendingCount--;
  }
  Atomics.store(i32, controlIndex(slot, C_CANCEL), 0);
  Atomics.store(i32, controlIndex(slot, C_STATE), S_IDLE);
  Atomics.store(i32, controlIndex(slot, C_OWNER), 0);
}

/** Longest stretch without a turn of the event loop (timers: active expiry, BLPOP timeouts). */
const YIELD_EVERY_MS = 4;
/**
 * How long the idle engine thread keeps polling before it sleeps while a lane client runs (a
 * futex wake costs more); engine option `engine-spin-us`, measured in engines/redis/README.md.
 */
const SPIN_US = spinUs;
/** The poll before sleeping when no lane client is running (slot clients ring the doorbell). */
const BASE_SPIN_US = Math.min(spinUs, 20);
let pendingCount = 0;

/** One look at every slot: cancels, and one request each. Returns how many were served. */
function serveSlots(): number {
  let served = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    if (pending[slot]) {
      if (Atomics.load(i32, controlIndex(slot, C_CANCEL)) !== 0) cancel(slot);
      continue;
    }
    if (Atomics.load(i32, controlIndex(slot, C_STATE)) !== S_REQUEST) continue;
    handle(slot);
    served++;
  }
  return served;
}

async function serve(): Promise<void> {
  let lastYield = performance.now();
  let scannedBell: number | null = null;
  while (Atomics.load(i32, H_STOP) === 0) {
    const bell = Atomics.load(i32, H_DOORBELL);
    // Every slot request and cancel, and every lane ring claimed or closed, bumps the doorbell
    // after writing its words: an unchanged doorbell means no slot has anything new and no ring
    // changed hands, so a pass of lane traffic skips the 64 slots and the free rings.
    const rescan = bell !== scannedBell;
    if (rescan) findActiveLanes();
    let served = 0;
    for (let i = 0; i < active.length; i++) served += active[i]!.serve(LANE_BUDGET);
    if (rescan) {
      scannedBell = bell;
      served += serveSlots();
    }
    // Blocked commands served during this round reply from promise callbacks: run them now.
    if (pendingCount !== 0) await undefined;
    // performance.now() reads the vDSO clock; Date.now() was a runtime call per pass.
    const now = performance.now();
    if (now - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      continue;
    }
    if (served !== 0) continue;
    // Idle: spin a little (a busy client answers within microseconds), then sleep on the
    // doorbell. A synchronous futex wait wakes faster than Atomics.waitAsync; it is bounded so
    // the event loop still gets its turn every few milliseconds. H_ENGINE_SLEEPING is raised
    // before the last look at the lane rings: a lane client that publishes after that look
    // sees the flag and rings the doorbell, so the wait below returns at once.
    if (spinUntilWork(bell, SPIN_US)) continue;
    Atomics.store(i32, H_ENGINE_SLEEPING, E_SLEEPING);
    if (!lanesHaveWork()) {
      Atomics.add(i32, H_ENGINE_SLEEPS, 1);
      Atomics.wait(i32, H_DOORBELL, bell, YIELD_EVERY_MS - (now - lastYield));
    }
    Atomics.store(i32, H_ENGINE_SLEEPING, E_AWAKE);
  }
}

// A pending Atomics.waitAsync does not keep a worker alive; this open port does, until the
// serving loop ends.
const port = parentPort!;
port.on('message', () => {});
Atomics.store(i32, H_READY, 1);
Atomics.notify(i32, H_READY);
port.postMessage({ ready: true, priority });
serve().then(
  () => {
    engine.close();
    port.close();
  },
  (e: unknown) => {
    port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    engine.close();
    port.close();
  },
);
