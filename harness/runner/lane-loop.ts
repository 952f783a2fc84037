/**
 * The closed loop's callback path, for remote engines with a load path (`Engine.lanes`) and
 * workloads that can drive it (`WorkloadInstance.openLane`): `lanes` lanes, lane i bound to
 * connection i mod connections, each issuing its next operation from the callback that settled
 * the previous one — no Promise and no await per operation, like redis-benchmark's and
 * memtier's clients. With `--clients C --pipeline P` there are C×P lanes over C connections, so
 * each connection has exactly P requests in flight; the driver sends what one chunk of replies
 * triggered in one write per connection.
 *
 * Same contract as `runClosedLoop`: latency is service time (the end of one op is the start of
 * the next on its lane), the phase ends at its end time, budget, or abort — an abort resolves at
 * once and late replies are not recorded. An operation ends when its reply arrived: the time of
 * the socket read that brought it (`replyArrival`, one clock read per chunk of replies), or a
 * clock read when it was settled otherwise (a failure, a driver without that hook).
 */
import type { KvLanes } from '../../engines/types.js';
import type { WorkloadInstance } from '../../workloads/types.js';
import type { Recorder } from '../recorder/recorder.js';
import { nowMs, replyArrival } from '../../shared/clock.js';
import type { PhaseLimits } from './closed-loop.js';
import { errorKindOf } from './errors.js';

/** Runs one phase on `laneCount` callback lanes; resolves with the operations attempted. */
export function runLaneLoop(
  lanes: KvLanes,
  workload: WorkloadInstance & Required<Pick<WorkloadInstance, 'openLane'>>,
  recorder: Recorder,
  laneCount: number,
  limits: PhaseLimits,
): Promise<number> {
  const { endAtMs: endAt, signal } = limits;
  return new Promise<number>((resolve) => {
    let remaining = limits.requests;
    let attempted = 0;
    let running = laneCount;
    let over = false;
    const finish = (): void => {
      if (over) return;
      over = true;
      signal.removeEventListener('abort', finish);
      resolve(attempted);
    };
    if (signal.aborted) return finish();
    signal.addEventListener('abort', finish, { once: true });

    /** Start time of each lane's current operation. */
    const startedAt = new Float64Array(laneCount);
    const starts: ((t: number) => void)[] = [];
    for (let lane = 0; lane < laneCount; lane++) {
      let issue: () => void = () => undefined;
      const advance = (t: number): void => {
        if (over) return;
        // An abort already ran `finish` (over): no `signal.aborted` read per operation.
        if (t >= endAt || remaining <= 0) {
          if (--running === 0) finish();
          return;
        }
        remaining--;
        attempted++;
        startedAt[lane] = t;
        issue();
      };
      const done = (kind: number): void => {
        if (over) return;
        // Settled while a reply chunk is parsed: the chunk's arrival is this reply's time.
        const arrived = replyArrival.ms;
        const t = arrived >= 0 ? arrived : nowMs();
        recorder.record(kind, (t - startedAt[lane]!) * 1e6, t);
        advance(t);
      };
      // A failure may be reported synchronously (closed client): the next operation starts on a
      // later turn, so a dead server is neither recursed into nor spun on.
      const retry = (): void => advance(nowMs());
      const failed = (kind: number, err: unknown): void => {
        if (over) return;
        recorder.error(kind, errorKindOf(err), nowMs());
        setImmediate(retry);
      };
      issue = workload.openLane(lanes, lane % lanes.connections, done, failed);
      starts.push(advance);
    }
    const t0 = nowMs();
    for (const start of starts) start(t0);
  });
}
