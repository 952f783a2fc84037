/**
 * The write stream of one experiment: `inFlight` lanes on one pipelined RESP connection, each
 * sending `SET <prefix><id> <value(id)>` for increasing ids and waiting for the reply, so a
 * fixed number of writes is outstanding. Every acknowledgement is stamped (ms after the first
 * send) and its latency recorded in an HDR histogram. A timer SIGKILLs the server at the
 * planned moment; lanes stop at the first failed write (the kill closes the connection) or when
 * the `writes`/`durationMs` bound is reached, whichever comes first. Pure of printing.
 */
import type { RespClient } from '../../engines/real/resp/index.js';
import { newHistogram, recordNs, summarizeHistogram } from '../../shared/histogram.js';
import type { LatencySummary } from '../../shared/result-types.js';

export interface WriteStreamPlan {
  readonly inFlight: number;
  readonly writes: number | null;
  readonly durationMs: number | null;
  readonly killAfterMs: number;
  readonly keyPrefix: string;
  /** The value written for id `id` (the read-back compares against it). */
  valueFor(id: number): string;
  /** Sends SIGKILL; called once, at `killAfterMs` after the first send. */
  kill(): void;
}

export interface WriteStreamOutcome {
  /** Ids 0 … sent−1 were sent. */
  readonly sent: number;
  /** Per id: ms after the first send when the ack arrived, NaN when it never did. Length ≥ sent. */
  readonly ackAtMs: Float64Array;
  readonly acked: number;
  /** ms after the first send when SIGKILL was sent. */
  readonly killAtMs: number;
  /** Writes were still being issued when the kill came. */
  readonly killedMidStream: boolean;
  /** When the stream ended: at the kill if it ran into it, else at the last ack. */
  readonly streamMs: number;
  readonly latency: LatencySummary;
}

const INITIAL_CAPACITY = 1 << 16;

export async function streamWritesUntilKill(client: RespClient, plan: WriteStreamPlan): Promise<WriteStreamOutcome> {
  const histogram = newHistogram();
  let ackAtMs = new Float64Array(plan.writes ?? INITIAL_CAPACITY).fill(NaN);
  let nextId = 0;
  let acked = 0;
  let lastAckMs = 0;
  let stopIssuing = false;
  let killed = false;
  let killAtMs = Number.NaN;
  const start = performance.now();

  let killTimer: NodeJS.Timeout | undefined;
  const killDone = new Promise<void>((resolve) => {
    killTimer = setTimeout(() => {
      // Stamp before the signal: anything acknowledged after this instant was still answered
      // by the live process (the reply was on its way), so it counts as acknowledged.
      killAtMs = performance.now() - start;
      killed = true;
      stopIssuing = true;
      plan.kill();
      resolve();
    }, plan.killAfterMs);
  });
  const durationTimer =
    plan.durationMs === null
      ? undefined
      : setTimeout(() => {
          stopIssuing = true;
        }, plan.durationMs);

  const lane = async (): Promise<void> => {
    while (!stopIssuing) {
      const id = nextId;
      if (plan.writes !== null && id >= plan.writes) {
        stopIssuing = true;
        break;
      }
      nextId = id + 1;
      if (id >= ackAtMs.length) {
        const grown = new Float64Array(ackAtMs.length * 2).fill(NaN);
        grown.set(ackAtMs);
        ackAtMs = grown;
      }
      const t0 = performance.now();
      try {
        await client.set(plan.keyPrefix + id, plan.valueFor(id));
      } catch {
        // The kill closed the connection (or a timeout): this write was not acknowledged.
        break;
      }
      const t1 = performance.now();
      ackAtMs[id] = t1 - start;
      lastAckMs = t1 - start;
      acked++;
      recordNs(histogram, (t1 - t0) * 1e6);
    }
  };

  const lanes: Promise<void>[] = [];
  for (let i = 0; i < plan.inFlight; i++) lanes.push(lane());
  try {
    await Promise.all(lanes);
  } finally {
    clearTimeout(durationTimer);
  }
  // The stream may have ended by its bound before the planned kill; the kill still comes.
  const endedBeforeKill = !killed;
  await killDone;
  clearTimeout(killTimer);
  const latency = summarizeHistogram(histogram);
  histogram.destroy();
  return {
    sent: nextId,
    ackAtMs,
    acked,
    killAtMs,
    killedMidStream: !endedBeforeKill,
    streamMs: endedBeforeKill ? lastAckMs : killAtMs,
    latency,
  };
}
