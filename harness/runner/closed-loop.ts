/**
 * Closed loop: `concurrency` lanes, each issuing its next operation as soon as the previous one
 * completes, until the phase's end time or operation budget. Latency is service time.
 *
 * The sync path never allocates: when `step` returns a number the lane records and continues
 * without awaiting. Each lane chains timestamps (the end of one op is the start of the next), so
 * one clock read per op; the recorded latency therefore includes the harness's own per-op cost,
 * which calibration measures and every result reports. A lane that ran synchronously for
 * `YIELD_EVERY_MS` yields to the event loop once (timers, progress, worker messages), and
 * restarts its clock after, so the yield is never counted as latency.
 *
 * An abort (Ctrl-C) ends the phase at once, even while lanes wait on a stalled server: the
 * phase resolves on the signal, and a reply that arrives after it is not recorded (the
 * recorder may already be gone).
 */
import type { Engine } from '../../engines/types.js';
import type { WorkloadInstance } from '../../workloads/types.js';
import type { Recorder } from '../recorder/recorder.js';
import { nowMs, untilDoneOrAborted, yieldToEventLoop } from '../../shared/clock.js';
import { errorKindOf } from './errors.js';

const YIELD_EVERY_MS = 10;

export interface PhaseLimits {
  /** End of the phase in performance.now() ms; Infinity when bounded by `requests` only. */
  readonly endAtMs: number;
  /** Operation budget for the phase (all lanes together); Infinity when bounded by time only. */
  readonly requests: number;
  /** Ends the phase early (Ctrl-C): checked between operations, and wakes every wait. */
  readonly signal: AbortSignal;
}

/** Shared by a phase's lanes: the operation budget, and whether the phase is over. */
interface LaneBudget {
  remaining: number;
  attempted: number;
  /** Set when the phase ended (abort): late completions must not touch the recorder. */
  over: boolean;
  /**
   * Set by the signal's listener: lanes read this field between operations instead of
   * `signal.aborted`, whose getter (with its receiver check) was a measurable share of the
   * null engine's per-operation cost.
   */
  aborted: boolean;
}

/** Runs one phase; returns the number of operations attempted. */
export async function runClosedLoop(
  engine: Engine,
  workload: WorkloadInstance,
  recorder: Recorder,
  concurrency: number,
  limits: PhaseLimits,
): Promise<number> {
  const budget: LaneBudget = { remaining: limits.requests, attempted: 0, over: false, aborted: limits.signal.aborted };
  const onAbort = (): void => void (budget.aborted = true);
  limits.signal.addEventListener('abort', onAbort, { once: true });
  const lanes: Promise<void>[] = [];
  for (let i = 0; i < concurrency; i++) lanes.push(lane(engine, workload, recorder, limits, budget));
  try {
    await untilDoneOrAborted(Promise.all(lanes), limits.signal);
  } finally {
    limits.signal.removeEventListener('abort', onAbort);
  }
  budget.over = true;
  return budget.attempted;
}

async function lane(
  engine: Engine,
  workload: WorkloadInstance,
  recorder: Recorder,
  limits: PhaseLimits,
  budget: LaneBudget,
): Promise<void> {
  const endAt = limits.endAtMs;
  let t0 = nowMs();
  let yieldAt = t0 + YIELD_EVERY_MS;
  while (t0 < endAt && budget.remaining > 0 && !budget.aborted) {
    budget.remaining--;
    budget.attempted++;
    let t1: number;
    let awaited = false;
    try {
      let kind = workload.step(engine);
      if (typeof kind !== 'number') {
        awaited = true;
        kind = await kind;
        if (budget.over) return;
      }
      t1 = nowMs();
      recorder.record(kind, (t1 - t0) * 1e6, t1);
    } catch (err) {
      if (budget.over) return;
      t1 = nowMs();
      recorder.error(workload.lastKind, errorKindOf(err), t1);
    }
    // An awaited operation already gave the event loop a turn; only sync runs need a yield.
    if (awaited) yieldAt = t1 + YIELD_EVERY_MS;
    else if (t1 >= yieldAt) {
      await yieldToEventLoop();
      t1 = nowMs();
      yieldAt = t1 + YIELD_EVERY_MS;
    }
    t0 = t1;
  }
}
