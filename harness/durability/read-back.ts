/**
 * Reading back after the restart: which of the sent writes are in the restarted database with
 * exactly the value that was written, split into acknowledged (survived / lost, with the ack
 * times of the lost ones) and unacknowledged (applied before the kill, or not). MGET in
 * batches keeps the round trips few; a missing key or another value counts as lost.
 */
import type { RespClient } from '../../engines/real/resp/index.js';
import type { LostWindow } from './types.js';

export interface ReadBackOutcome {
  readonly survived: number;
  readonly lost: number;
  readonly unackedSurvived: number;
  readonly lostWindow: LostWindow | null;
}

const BATCH = 1000;

export async function readBack(
  client: RespClient,
  sent: number,
  ackAtMs: Float64Array,
  killAtMs: number,
  keyPrefix: string,
  valueFor: (id: number) => string,
): Promise<ReadBackOutcome> {
  let survived = 0;
  let lost = 0;
  let unackedSurvived = 0;
  let firstLostAck = Number.POSITIVE_INFINITY;
  let lastLostAck = Number.NEGATIVE_INFINITY;
  const keys: string[] = [];
  for (let from = 0; from < sent; from += BATCH) {
    const to = Math.min(sent, from + BATCH);
    keys.length = 0;
    for (let id = from; id < to; id++) keys.push(keyPrefix + id);
    const values = await client.mget(keys);
    for (let id = from; id < to; id++) {
      const present = values[id - from] === valueFor(id);
      const ackAt = ackAtMs[id]!;
      if (Number.isNaN(ackAt)) {
        if (present) unackedSurvived++;
      } else if (present) {
        survived++;
      } else {
        lost++;
        if (ackAt < firstLostAck) firstLostAck = ackAt;
        if (ackAt > lastLostAck) lastLostAck = ackAt;
      }
    }
  }
  const lostWindow =
    lost === 0
      ? null
      : {
          firstAckBeforeKillMs: killAtMs - firstLostAck,
          lastAckBeforeKillMs: killAtMs - lastLostAck,
          spanMs: lastLostAck - firstLostAck,
        };
  return { survived, lost, unackedSurvived, lostWindow };
}
