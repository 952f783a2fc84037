/**
 * Open loop: operations are sent at intended times drawn from a constant or Poisson arrival
 * process, whether or not earlier ones have completed. Latency is measured from the *intended*
 * time (coordinated-omission correction); the uncorrected figure (from the actual send) and the
 * send lag are recorded beside it, so a stalled server or a saturated load generator shows up
 * instead of hiding in a closed loop's politeness.
 *
 * The schedule keeps its word: the phase ends at its end time whatever the rate. Operations
 * whose intended time falls after the end are never sent; those due before the end that the
 * loop could not send by then are counted as `missed` (k6's `dropped_iterations`), not sent
 * late after the phase.
 *
 * Lag is attributed to the side that caused it. Each send's lag (actual − intended) is split:
 * the part spent waiting for the server — a full in-flight window of an async engine, or the
 * previous call of a sync engine that runs on this thread — and the rest, the generator's own
 * lag (its event loop, its CPU). Only the generator's part can make the result say "load
 * generator saturated"; the server's part shows as corrected latency, where it belongs.
 *
 * Sync engines run on the calling thread, so while an op runs nothing else can be sent: ops
 * that fall behind are sent as soon as possible and their lag is charged to their latency —
 * exactly what a client of a stalled server would see. Async engines keep up to
 * `maxInFlight` operations outstanding. Remote engines with a load path (`Engine.lanes`) and a
 * workload that drives it send through callback lanes (`open-lanes.ts`: no Promise per
 * operation); the rest through the workload's `step` and its Promise.
 */
import type { Engine } from '../../engines/types.js';
import type { Rng } from '../../shared/rng.js';
import type { WorkloadInstance } from '../../workloads/types.js';
import type { Recorder } from '../recorder/recorder.js';
import { blockUntil, canBlockUntil, nowMs, yieldToEventLoop, yieldUntil } from '../../shared/clock.js';
import type { PhaseLimits } from './closed-loop.js';
import { errorKindOf } from './errors.js';
import { OpenLoopLanes, type LaneWorkload } from './open-lanes.js';

const YIELD_EVERY_MS = 10;

/**
 * Upper bound on outstanding async operations per thread when the caller gives none tied to a
 * shape (`--clients × --pipeline`): past it the loop waits for replies, and the wait is the
 * server's lag, not the generator's.
 */
export const MAX_IN_FLIGHT_CAP = 65_536;

export interface OpenLoopOptions {
  /** Target operations per second for this thread. */
  readonly rate: number;
  readonly arrival: 'constant' | 'poisson';
  /** Draws Poisson gaps; a stream of its own so op choice does not depend on arrivals. */
  readonly arrivalRng: Rng;
  /** First send offset from the phase start, spreading threads' constant schedules apart. */
  readonly offsetMs: number;
  /** Cap on outstanding async operations; past it the loop waits (and lag grows, honestly). */
  readonly maxInFlight: number;
  /** How long to wait for outstanding operations after the phase ends before counting them failed. */
  readonly drainMs: number;
  /**
   * An operation due before the end may still be sent this long after it (the lag threshold:
   * timer jitter at the last step is not a missed operation). @default 1
   */
  readonly graceMs?: number;
}

export interface OpenLoopOutcome {
  /** Operations sent. */
  readonly attempted: number;
  /** Operations due before the end (or the abort) that could not be sent by then. */
  readonly missed: number;
  /** True when the loop ended still waiting on the server (every in-flight slot taken): the misses are the server's. */
  readonly missedWaitingOnServer: boolean;
  /** Outstanding operations abandoned after the drain period (counted as `unfinished` errors). */
  readonly abandoned: number;
  /** performance.now() when sending stopped: the end of the measured window. */
  readonly sendEndMs: number;
}

export async function runOpenLoop(
  engine: Engine,
  workload: WorkloadInstance,
  recorder: Recorder,
  options: OpenLoopOptions,
  limits: PhaseLimits,
  startMs: number,
): Promise<OpenLoopOutcome> {
  const meanGapMs = 1000 / options.rate;
  const poisson = options.arrival === 'poisson';
  const rng = options.arrivalRng;
  const endAt = limits.endAtMs;
  const signal = limits.signal;
  const sync = engine.sync;
  const sendUntil = endAt + (options.graceMs ?? 1);
  let remaining = limits.requests;
  let attempted = 0;

  const state = { inFlight: 0, over: false };
  let wakeSlot: (() => void) | null = null;
  const settle = (): void => {
    state.inFlight--;
    if (wakeSlot !== null) wakeSlot();
  };
  const lanes =
    !sync && engine.lanes !== undefined && workload.openLane !== undefined
      ? new OpenLoopLanes(engine.lanes, workload as LaneWorkload, recorder, () => state.over, settle)
      : null;

  const base = startMs + options.offsetMs;
  /** Index of the next scheduled operation; constant schedules are base + n × gap (no drift). */
  let n = 0;
  let intended = base;
  /** Until when the server held the loop back (a full window, or a sync call): not the generator's lag. */
  let serverHeldUntil = -Infinity;
  /**
   * Time spent inside synchronous engine calls. A sync engine shares this thread, so the lag of a
   * send behind schedule is split by the engine's share of the thread's time so far: crediting
   * the whole backlog to the engine after each call would hide a generator that is behind.
   */
  let syncEngineMs = 0;
  let heldAtEnd = false;
  let now = nowMs();
  let yieldAt = now + YIELD_EVERY_MS;
  while (intended < endAt && remaining > 0 && !signal.aborted) {
    if (intended > now) {
      if (sync && state.inFlight === 0 && canBlockUntil(intended)) blockUntil(intended);
      else await yieldUntil(intended, signal);
      if (signal.aborted) break;
    }
    if (state.inFlight >= options.maxInFlight) {
      while (state.inFlight >= options.maxInFlight && !signal.aborted && nowMs() < sendUntil) {
        await waitForSlot(sendUntil, signal);
      }
      serverHeldUntil = nowMs();
      if (state.inFlight >= options.maxInFlight) {
        heldAtEnd = true;
        break;
      }
    }
    const sent = nowMs();
    if (sent >= sendUntil) break;
    remaining--;
    attempted++;
    const lagNs = (sent - intended) * 1e6;
    let generatorLagNs = serverHeldUntil > intended ? (sent - serverHeldUntil) * 1e6 : lagNs;
    if (syncEngineMs > 0 && sent > base) generatorLagNs *= 1 - Math.min(1, syncEngineMs / (sent - base));
    if (lanes !== null) {
      state.inFlight++;
      lanes.send(intended, sent, lagNs, generatorLagNs);
    } else {
      try {
        const kind = workload.step(engine);
        if (typeof kind === 'number') {
          const done = nowMs();
          recorder.recordOpen(kind, (done - intended) * 1e6, (done - sent) * 1e6, lagNs, generatorLagNs, done);
          // The call ran on this thread: the engine held it from `sent` to `done`.
          syncEngineMs += done - sent;
        } else {
          state.inFlight++;
          const intendedAt = intended;
          const errorKind = workload.lastKind;
          kind.then(
            (k) => {
              if (!state.over) {
                const done = nowMs();
                recorder.recordOpen(k, (done - intendedAt) * 1e6, (done - sent) * 1e6, lagNs, generatorLagNs, done);
              }
              settle();
            },
            (err: unknown) => {
              if (!state.over) recorder.error(errorKind, errorKindOf(err), nowMs());
              settle();
            },
          );
        }
      } catch (err) {
        recorder.error(workload.lastKind, errorKindOf(err), nowMs());
      }
    }
    n++;
    intended = poisson ? intended + rng.exponential(meanGapMs) : base + n * meanGapMs;
    now = nowMs();
    if (now >= yieldAt) {
      await yieldToEventLoop();
      now = nowMs();
      yieldAt = now + YIELD_EVERY_MS;
    }
  }
  now = nowMs();
  // The measured window is the schedule's [start, end): a loop that finished its schedule early
  // still covered it, one that ran into the grace covered a little more.
  const sendEndMs = signal.aborted || !Number.isFinite(endAt) ? now : Math.max(endAt, Math.min(now, sendUntil));
  const missed = Math.min(remaining, dueBefore(intended, Math.min(now, endAt), meanGapMs));

  // Let outstanding operations finish, up to the drain period (not after an abort: Ctrl-C means now).
  const drainUntil = nowMs() + (signal.aborted ? 0 : options.drainMs);
  while (state.inFlight > 0 && nowMs() < drainUntil && !signal.aborted) {
    await waitForSlot(drainUntil, signal);
  }
  state.over = true;
  const abandoned = state.inFlight;
  if (abandoned > 0) for (let i = 0; i < abandoned; i++) recorder.error(workload.lastKind, 'unfinished', nowMs());
  return { attempted, missed, missedWaitingOnServer: heldAtEnd, abandoned, sendEndMs };

  /** Resolves when a reply frees a slot, at `untilMs`, or on abort — whichever comes first. */
  function waitForSlot(untilMs: number, sig: AbortSignal): Promise<void> {
    const gap = untilMs - nowMs();
    if (gap <= 0 || sig.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        sig.removeEventListener('abort', done);
        wakeSlot = null;
        resolve();
      };
      const timer = setTimeout(done, gap);
      sig.addEventListener('abort', done, { once: true });
      wakeSlot = done;
    });
  }
}

/**
 * How many scheduled operations fall in [from, to): exact for a constant schedule (gap
 * `gapMs`), the expected count for a Poisson one. Arithmetic, so an absurd rate costs nothing.
 */
export function dueBefore(from: number, to: number, gapMs: number): number {
  if (!(to > from)) return 0;
  return Math.ceil((to - from) / gapMs);
}
