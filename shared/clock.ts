/**
 * Time for the runner: `performance.now()` (monotonic, ms as a float with sub-µs resolution,
 * ~50 ns per call here), epoch conversion for cross-thread agreement, and the waits the open
 * loop uses to hit intended send times without burning a core on long gaps.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as setImmediateP, setTimeout as setTimeoutP } from 'node:timers/promises';

export const nowMs: () => number = performance.now.bind(performance);

/**
 * When the socket read now being handled arrived (`nowMs` scale), or -1 outside one: a
 * connection sets it before it parses a chunk of replies and resets it after, so code settled
 * by those replies (the lane loop's `done`) reads the time once per chunk instead of once per
 * reply. Every reply in a chunk arrived in that one read, so its time is theirs; at -P 16 this
 * is one clock read for 16 operations (~40 ns each).
 */
export const replyArrival = { ms: -1 };

/** Wall-clock epoch ms comparable across threads (each thread has its own timeOrigin). */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Convert an epoch timestamp into this thread's `performance.now()` scale. */
export function epochToNowMs(epochMs: number): number {
  return epochMs - performance.timeOrigin;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Longest single blocking wait: a sync-engine loop still sees Ctrl-C within this. */
const MAX_BLOCK_MS = 2;

/**
 * Block this thread until `targetMs` (performance.now scale) — for sync engines only, where
 * nothing else needs the event loop: Atomics.wait for the bulk of the gap, a short spin for the
 * last ~100 µs (Atomics.wait wakes late by tens of µs). Gaps longer than `MAX_BLOCK_MS` are for
 * `yieldUntil`, so an abort (which arrives as an event) is never held up by a blocked thread.
 */
export function blockUntil(targetMs: number): void {
  let gap = targetMs - nowMs();
  if (gap > 0.25) {
    Atomics.wait(sleepCell, 0, 0, gap - 0.1);
    gap = targetMs - nowMs();
  }
  while (gap > 0) gap = targetMs - nowMs();
}

/** True when the gap to `targetMs` is short enough for `blockUntil`. */
export function canBlockUntil(targetMs: number): boolean {
  return targetMs - nowMs() <= MAX_BLOCK_MS;
}

/** Gaps up to this are waited with setImmediate turns; longer ones sleep on a timer. */
const SPIN_GAP_MS = 0.25;

/**
 * Wait until `targetMs` without blocking the event loop — for async engines whose replies
 * arrive as I/O. Gaps longer than `SPIN_GAP_MS` sleep on timers (which fire up to ~1 ms late),
 * only the last fraction of a millisecond is setImmediate turns. Measured on the shared 2-core
 * machine at load average 13: spinning on setImmediate through whole gaps made this process a
 * CPU hog the kernel ran last — p50 send lag 20 ms at 2000 ops/s — while sleeping keeps it a
 * sleeper that is woken promptly. Returns early when `signal` aborts.
 */
export async function yieldUntil(targetMs: number, signal?: AbortSignal): Promise<void> {
  for (;;) {
    const gap = targetMs - nowMs();
    if (gap <= 0 || signal?.aborted === true) return;
    if (gap > SPIN_GAP_MS) await sleepMs(Math.max(1, gap - 1), signal);
    else await setImmediateP();
  }
}

/** A timer that also resolves (never rejects) as soon as `signal` aborts. */
export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal === undefined) return setTimeoutP(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when `work` settles or `signal` aborts, whichever is first; never rejects on abort. */
export async function untilDoneOrAborted(work: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
    work.catch(() => undefined);
  }
}

export function yieldToEventLoop(): Promise<void> {
  return setImmediateP();
}
