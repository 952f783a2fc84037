/**
 * The open loop's callback path, for remote engines with a load path (`Engine.lanes`) and
 * workloads that can drive it (`WorkloadInstance.openLane`): sends go out through lanes, one
 * lane per in-flight slot, so no Promise (and no `.then` closure) is allocated per operation.
 *
 * A slot is one lane bound to connection `slot mod connections`, with the intended and actual
 * send times of the operation it carries kept in arrays. Slots are made on demand up to the
 * loop's in-flight cap and reused first-in first-out, so consecutive sends rotate over the
 * connections (slot i on connection i mod C), and with `--clients C --pipeline P` (cap C×P)
 * each connection carries at most P of them. The loop's schedule, window, lag attribution and
 * `missed` accounting are the open loop's own (`open-loop.ts`); this only carries each send to
 * its completion and records it exactly as the Promise path does.
 */
import type { KvLanes } from '../../engines/types.js';
import type { WorkloadInstance } from '../../workloads/types.js';
import type { Recorder } from '../recorder/recorder.js';
import { nowMs } from '../../shared/clock.js';
import { errorKindOf } from './errors.js';

export type LaneWorkload = WorkloadInstance & Required<Pick<WorkloadInstance, 'openLane'>>;

export class OpenLoopLanes {
  private readonly issues: (() => void)[] = [];
  private readonly intendedAt: number[] = [];
  private readonly sentAt: number[] = [];
  private readonly lagNs: number[] = [];
  private readonly generatorLagNs: number[] = [];
  /** Free slots, oldest first: a ring of `free.length` (a power of two ≥ the slots made). */
  private free = new Int32Array(64);
  private freeHead = 0;
  private freeCount = 0;

  /**
   * @param isOver true once the phase is over: late completions are not recorded
   * @param settled called after every completion or failure (the loop's in-flight count)
   */
  constructor(
    private readonly lanes: KvLanes,
    private readonly workload: LaneWorkload,
    private readonly recorder: Recorder,
    private readonly isOver: () => boolean,
    private readonly settled: () => void,
  ) {}

  /** Sends the workload's next operation; the caller counts it in flight first. */
  send(intended: number, sent: number, lagNs: number, generatorLagNs: number): void {
    let slot: number;
    if (this.freeCount > 0) {
      slot = this.free[this.freeHead]!;
      this.freeHead = (this.freeHead + 1) & (this.free.length - 1);
      this.freeCount--;
    } else {
      slot = this.makeSlot();
    }
    this.intendedAt[slot] = intended;
    this.sentAt[slot] = sent;
    this.lagNs[slot] = lagNs;
    this.generatorLagNs[slot] = generatorLagNs;
    this.issues[slot]!();
  }

  /** Lanes made so far (at most the loop's in-flight cap). */
  get slots(): number {
    return this.issues.length;
  }

  private makeSlot(): number {
    const slot = this.issues.length;
    const done = (kind: number): void => {
      if (!this.isOver()) {
        const t = nowMs();
        this.recorder.recordOpen(kind, (t - this.intendedAt[slot]!) * 1e6, (t - this.sentAt[slot]!) * 1e6, this.lagNs[slot]!, this.generatorLagNs[slot]!, t);
      }
      this.release(slot);
    };
    const failed = (kind: number, err: unknown): void => {
      if (!this.isOver()) this.recorder.error(kind, errorKindOf(err), nowMs());
      this.release(slot);
    };
    this.issues.push(this.workload.openLane(this.lanes, slot % this.lanes.connections, done, failed));
    this.intendedAt.push(0);
    this.sentAt.push(0);
    this.lagNs.push(0);
    this.generatorLagNs.push(0);
    if (this.issues.length > this.free.length) this.growFree();
    return slot;
  }

  private release(slot: number): void {
    this.free[(this.freeHead + this.freeCount) & (this.free.length - 1)] = slot;
    this.freeCount++;
    this.settled();
  }

  private growFree(): void {
    const grown = new Int32Array(this.free.length * 2);
    for (let k = 0; k < this.freeCount; k++) grown[k] = this.free[(this.freeHead + k) & (this.free.length - 1)]!;
    this.free = grown;
    this.freeHead = 0;
  }
}
