/**
 * The open loop's lag threshold, chosen from a measurement on this machine right before the
 * run instead of a constant: an idle schedule (no engine, the open loop's own waits at the
 * run's inter-arrival gap) shows how late this process wakes up when it has nothing else to do
 * — timer granularity, the OS scheduler, other processes on a shared machine. A send whose own
 * lag is within a few times that is jitter every client of the server would see, and is charged
 * to corrected latency; beyond it the generator fell behind its schedule.
 */
import { nowMs, yieldUntil } from '../../shared/clock.js';

/** Generator lag below this never counts as falling behind (1 ms: below any report's resolution of concern). */
export const MIN_LATE_THRESHOLD_NS = 1_000_000;
/** Multiple of the idle schedule's p99 wake-up lateness that counts as falling behind. */
export const JITTER_MULTIPLE = 4;
/** Length of the idle schedule. */
const PROBE_MS = 150;

export interface LateThreshold {
  readonly thresholdNs: number;
  /** p99 wake-up lateness of the idle schedule. */
  readonly idleP99Ns: number;
  readonly method: string;
}

/** Runs an idle schedule at `gapMs` (clamped to 0.05–5 ms) for ~150 ms and derives the threshold. */
export async function measureLateThreshold(gapMs: number): Promise<LateThreshold> {
  const gap = Math.min(5, Math.max(0.05, gapMs));
  const count = Math.max(20, Math.floor(PROBE_MS / gap));
  const late = new Float64Array(count);
  const start = nowMs() + 1;
  for (let i = 0; i < count; i++) {
    const intended = start + i * gap;
    await yieldUntil(intended);
    late[i] = nowMs() - intended;
  }
  late.sort();
  const idleP99Ns = late[Math.min(count - 1, Math.ceil(count * 0.99) - 1)]! * 1e6;
  const thresholdNs = Math.max(MIN_LATE_THRESHOLD_NS, Math.round(JITTER_MULTIPLE * idleP99Ns));
  return {
    thresholdNs,
    idleP99Ns,
    method:
      `max(1 ms, ${JITTER_MULTIPLE} × p99 wake-up lateness of an idle ${count}-step schedule at ${gap.toFixed(3)} ms gaps ` +
      `measured before the run: ${(idleP99Ns / 1e6).toFixed(3)} ms)`,
  };
}
