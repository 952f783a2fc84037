/**
 * Open loop: operations are sent at intended times drawn from a constant or Poisson arrival
 * process, whether or not earlier ones have completed. Latency is measured from the *intended*
 * time (coordinated-omission correction); the uncorrected figure (from the actual send) and the
 * send lag are recorded beside it, so a stalled server or a saturated load generator shows up
 * instead of hiding in a closed loop's politeness.
 *
 * Sync engines run on the calling thread, so while an op runs nothing else can be sent: ops
 * that fall behind are sent as soon as possible and their lag is charged to their latency —
 * exactly what a client of a stalled server would see. Async engines keep up to
 * `maxInFlight` operations outstanding.
 */
import type { Engine } from '../../engines/types.js';
import type { Rng } from '../../shared/rng.js';
import type { WorkloadInstance } from '../../workloads/types.js';
import type { Recorder } from '../recorder/recorder.js';
import { blockUntil, nowMs, yieldToEventLoop, yieldUntil } from '../../shared/clock.js';
import type { PhaseLimits } from './closed-loop.js';
import { errorKindOf } from './errors.js';

const YIELD_EVERY_MS = 10;

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
}

export interface OpenLoopOutcome {
  readonly attempted: number;
  /** Outstanding operations abandoned after the drain period (counted as `unfinished` errors). */
  readonly abandoned: number;
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
  const stop = limits.stop;
  let remaining = limits.requests;
  let attempted = 0;

  const state = { inFlight: 0, over: false };
  let wakeDrain: (() => void) | null = null;
  const settle = (): void => {
    state.inFlight--;
    if (wakeDrain !== null) wakeDrain();
  };

  let intended = startMs + options.offsetMs;
  let yieldAt = nowMs() + YIELD_EVERY_MS;
  while (intended < endAt && remaining > 0 && !stop.stopped) {
    if (engine.sync && state.inFlight === 0) blockUntil(intended);
    else await yieldUntil(intended);
    while (state.inFlight >= options.maxInFlight && !stop.stopped) {
      await new Promise<void>((resolve) => (wakeDrain = resolve));
      wakeDrain = null;
    }
    remaining--;
    attempted++;
    const sent = nowMs();
    try {
      const kind = workload.step(engine);
      if (typeof kind === 'number') {
        const done = nowMs();
        recorder.recordOpen(kind, (done - intended) * 1e6, (done - sent) * 1e6, (sent - intended) * 1e6, done);
      } else {
        state.inFlight++;
        const intendedAt = intended;
        const errorKind = workload.lastKind;
        kind.then(
          (k) => {
            if (!state.over) {
              const done = nowMs();
              recorder.recordOpen(k, (done - intendedAt) * 1e6, (done - sent) * 1e6, (sent - intendedAt) * 1e6, done);
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
    intended += poisson ? rng.exponential(meanGapMs) : meanGapMs;
    if (sent >= yieldAt) {
      await yieldToEventLoop();
      yieldAt = nowMs() + YIELD_EVERY_MS;
    }
  }

  // Let outstanding operations finish, up to the drain period.
  const drainUntil = nowMs() + options.drainMs;
  while (state.inFlight > 0 && nowMs() < drainUntil) await yieldUntil(Math.min(drainUntil, nowMs() + 1));
  state.over = true;
  const abandoned = state.inFlight;
  if (abandoned > 0) for (let i = 0; i < abandoned; i++) recorder.error(workload.lastKind, 'unfinished', nowMs());
  return { attempted, abandoned };
}
