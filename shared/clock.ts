/**
 * Time for the runner: `performance.now()` (monotonic, ms as a float with sub-µs resolution,
 * ~50 ns per call here), epoch conversion for cross-thread agreement, and the waits the open
 * loop uses to hit intended send times without burning a core on long gaps.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as setImmediateP, setTimeout as setTimeoutP } from 'node:timers/promises';

export const nowMs: () => number = performance.now.bind(performance);

/** Wall-clock epoch ms comparable across threads (each thread has its own timeOrigin). */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Convert an epoch timestamp into this thread's `performance.now()` scale. */
export function epochToNowMs(epochMs: number): number {
  return epochMs - performance.timeOrigin;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Block this thread until `targetMs` (performance.now scale) — for sync engines only, where
 * nothing else needs the event loop: Atomics.wait for the bulk of the gap, a short spin for the
 * last ~100 µs (Atomics.wait wakes late by tens of µs).
 */
export function blockUntil(targetMs: number): void {
  let gap = targetMs - nowMs();
  if (gap > 0.25) {
    Atomics.wait(sleepCell, 0, 0, gap - 0.1);
    gap = targetMs - nowMs();
  }
  while (gap > 0) gap = targetMs - nowMs();
}

/**
 * Wait until `targetMs` without blocking the event loop — for async engines whose replies
 * arrive as I/O: a timer for long gaps, then setImmediate turns (which let I/O run).
 */
export async function yieldUntil(targetMs: number): Promise<void> {
  let gap = targetMs - nowMs();
  if (gap > 2) {
    await setTimeoutP(gap - 1.5);
    gap = targetMs - nowMs();
  }
  while (gap > 0) {
    await setImmediateP();
    gap = targetMs - nowMs();
  }
}

export function yieldToEventLoop(): Promise<void> {
  return setImmediateP();
}
