/**
 * The request channel's SharedArrayBuffer layout. A header holds the doorbell (bumped by every
 * request so the idle engine thread wakes) and a stop flag; then SLOTS fixed slots, each a
 * control block (state, owner, message length) and a data area holding one request and then,
 * in the same place, its reply. A slot is one session's single-entry ring: a client thread
 * claims a slot (owner CAS), writes a request, flips state to REQUEST and waits on the state
 * word; the engine thread serves it and flips state to REPLY.
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
const HEADER_INTS = 16;

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

export function channelBytes(): number {
  return DATA_BASE_BYTES + SLOTS * SLOT_BYTES;
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
