/**
 * The request channel's SharedArrayBuffer layout. A header holds the doorbell (bumped by every
 * request so the idle engine thread wakes) and a stop flag; then SLOTS fixed slots, each a
 * control block (state, owner, message length) and a data area holding one request and then,
 * in the same place, its reply. A slot is one session's single-entry ring: a client thread
 * claims a slot (owner CAS), writes a request, flips state to REQUEST and waits on the state
 * word; the engine thread serves it and flips state to REPLY.
 *
 * After the slots come RINGS lane rings, the pipelined path (`lanes.ts`, `ring.ts`): a client
 * thread claims one and streams many requests into its request ring; the engine thread answers
 * them, in order, into the paired reply ring. Each ring's counters sit on their own 64-byte
 * line, so the two threads writing them do not share a cache line.
 */

export const SLOTS = 64;
/** Largest encoded request or reply per slot (1 MiB); bigger ones are refused with an error. */
export const SLOT_BYTES = 1 << 20;

/** Int32 indexes in the header. */
export const H_DOORBELL = 0;
export const H_STOP = 1;
export const H_READY = 2;
/** Raised by the first client when the engine thread is started on demand. */
export const H_WANTED = 3;
/**
 * The engine thread's state (E_AWAKE / E_SLEEPING / E_RUNG), as in an eventcount: it raises
 * E_SLEEPING before its last look at the lane rings, and the first lane client that publishes
 * after that swaps it to E_RUNG and rings the doorbell — one futex wake per sleep, however many
 * clients publish before the engine thread runs again. Clients poll for replies only while it
 * reads E_AWAKE.
 */
export const H_ENGINE_SLEEPING = 4;
export const E_AWAKE = 0;
export const E_SLEEPING = 1;
export const E_RUNG = 2;
/**
 * Hand-off counters (bench/scaling prints them per operation): futex sleeps of the engine
 * thread and of lane clients, and the wakes each side paid for (clients ringing the engine
 * thread, the engine thread waking a client). On the header's second 64-byte
 * line, away from the words read on every request; bumped only around a futex call, which costs
 * far more than the add.
 */
export const H_ENGINE_SLEEPS = 16;
export const H_ENGINE_WAKES = 17;
export const H_CLIENT_SLEEPS = 18;
export const H_CLIENT_WAKES = 19;
const HEADER_INTS = 32;

/** Int32 offsets within a slot's control block. */
export const C_STATE = 0;
export const C_OWNER = 1;
export const C_LENGTH = 2;
/** Set by a client closing a session whose blocking request is still waiting. */
export const C_CANCEL = 3;
const CONTROL_INTS = 4;

/** Slot states. */
export const S_IDLE = 0;
export const S_REQUEST = 1;
export const S_REPLY = 2;

export const CONTROL_BASE = HEADER_INTS;
export const DATA_BASE_BYTES = (HEADER_INTS + SLOTS * CONTROL_INTS) * 4;

export function controlIndex(slot: number, field: number): number {
  return CONTROL_BASE + slot * CONTROL_INTS + field;
}

export function dataOffset(slot: number): number {
  return DATA_BASE_BYTES + slot * SLOT_BYTES;
}

/** Lane rings: one per client thread that uses `Engine.lanes`; more threads use their slot. */
export const RINGS = 16;
/** Bytes of each ring's request area and of its reply area (a power of two). */
export const RING_BYTES = 1 << 21;

/** Int32 fields of a ring's control block; each on its own 64-byte line. */
export const R_OWNER = 0;
/** Request bytes written (client) and consumed (engine); reply bytes written (engine) and consumed (client). */
export const R_REQ_TAIL = 1;
export const R_REQ_HEAD = 2;
export const R_REP_TAIL = 3;
export const R_REP_HEAD = 4;
/**
 * The client's state (C_IDLE / C_RUNNING / C_SLEEPING / C_WOKEN): the engine thread notifies
 * it only while it sleeps on R_REP_TAIL, swapping C_SLEEPING to C_WOKEN so one sleep costs one
 * wake however many batches it publishes before the client runs; it keeps polling (rather than
 * sleeping) while some client runs with requests outstanding — that client's next requests are
 * microseconds away.
 */
export const R_CLIENT_STATE = 5;
export const C_IDLE = 0;
export const C_RUNNING = 1;
export const C_SLEEPING = 2;
export const C_WOKEN = 3;
/** Set by a client closing its lanes; the engine thread ends the session and frees the ring. */
export const R_CLOSE = 6;
const RING_FIELDS = 8;
const LINE_INTS = 16;

const RING_CONTROL_BASE = (DATA_BASE_BYTES + SLOTS * SLOT_BYTES) / 4;
const RING_DATA_BASE_BYTES = DATA_BASE_BYTES + SLOTS * SLOT_BYTES + RINGS * RING_FIELDS * LINE_INTS * 4;

export function ringControlIndex(ring: number, field: number): number {
  return RING_CONTROL_BASE + (ring * RING_FIELDS + field) * LINE_INTS;
}

export function ringRequestOffset(ring: number): number {
  return RING_DATA_BASE_BYTES + ring * 2 * RING_BYTES;
}

export function ringReplyOffset(ring: number): number {
  return ringRequestOffset(ring) + RING_BYTES;
}

export function channelBytes(): number {
  return RING_DATA_BASE_BYTES + RINGS * 2 * RING_BYTES;
}

/**
 * `Atomics.waitAsync` (Node 16+, ES2024): typed here because the project's lib is ES2023.
 * Waits without blocking the thread's event loop.
 */
export function waitAsync(
  i32: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> } {
  return (Atomics as unknown as { waitAsync: typeof waitAsync }).waitAsync(i32, index, value, timeoutMs);
}

/** The hand-off counters of a channel, as a snapshot (subtract two to count a phase). */
export interface Handoffs {
  readonly engineSleeps: number;
  readonly engineWakes: number;
  readonly clientSleeps: number;
  readonly clientWakes: number;
}

export function readHandoffs(sab: SharedArrayBuffer): Handoffs {
  const i32 = new Int32Array(sab, 0, HEADER_INTS);
  return {
    engineSleeps: Atomics.load(i32, H_ENGINE_SLEEPS),
    engineWakes: Atomics.load(i32, H_ENGINE_WAKES),
    clientSleeps: Atomics.load(i32, H_CLIENT_SLEEPS),
    clientWakes: Atomics.load(i32, H_CLIENT_WAKES),
  };
}
