/**
 * Which existing record an operation touches, as YCSB's CoreWorkload.nextKeynum: draw from the
 * request distribution and reject records not inserted yet. With inserts in the mix a zipfian
 * spans twice the loaded records (YCSB spans the expected inserts; a timed run does not know its
 * operation count), so the hot set stays where it is while the table grows; `latest` instead
 * follows the newest record.
 *
 * Threads insert interleaved record numbers (thread t of n takes recordcount + t, + t + n, …).
 * YCSB's threads share one counter of acknowledged inserts; cachebench's threads may live in
 * different workers and share nothing, so each thread draws from its own *view*: the loaded
 * records followed by its own inserts, in insert order. View position i is record i for
 * i < recordcount, and this thread's (i − recordcount)-th insert after that. Every record a
 * thread picks therefore exists; records other threads inserted are read by those threads only
 * (with `latest`: each client reads what it wrote most recently, as a user reading their own
 * status updates). With one thread the view is exactly YCSB's table.
 */
import type { KeyDistribution } from '../distributions/key-distribution.js';
import { LatestDistribution } from '../distributions/latest.js';
import { createKeyDistribution, type KeyDistributionSpec } from '../distributions/spec.js';
import type { Rng } from '../../shared/rng.js';

/** Draws above the view before folding back into it (a narrow gaussian past the end). */
const MAX_REJECTIONS = 64;

export class KeyChooser {
  private readonly distribution: KeyDistribution;
  private readonly latest: LatestDistribution | null;
  /** Size of this thread's view: loaded records plus its own inserts. */
  private viewSize: number;
  private inserts = 0;

  constructor(
    spec: KeyDistributionSpec,
    private readonly recordCount: number,
    withInserts: boolean,
    private readonly threadIndex: number,
    private readonly threadCount: number,
    rng: Rng,
  ) {
    this.viewSize = recordCount;
    // As YCSB's createKeyChooser: only zipfian spans the expected inserts (its hashing modulo
    // the span must not change as records arrive, or the hot keys would move); uniform, hotspot
    // and sequential cover the loaded records; latest follows the inserts itself.
    const span = withInserts && spec.kind === 'zipfian' ? recordCount * 2 : recordCount;
    this.distribution = createKeyDistribution(spec, span, rng, { threadIndex, threadCount }, 'requestdistribution');
    this.latest = this.distribution instanceof LatestDistribution ? this.distribution : null;
  }

  /** Record number of an existing record. */
  next(): number {
    const size = this.viewSize;
    let position = this.distribution.next();
    for (let tries = 0; position >= size; tries++) {
      position = tries < MAX_REJECTIONS ? this.distribution.next() : position % size;
    }
    return this.recordAt(position);
  }

  /** The record number of this thread's next insert; from now on it is part of the view. */
  nextInsert(): number {
    const keynum = this.recordAt(this.viewSize);
    this.inserts++;
    this.viewSize++;
    this.latest?.setKeyCount(this.viewSize);
    return keynum;
  }

  get insertCount(): number {
    return this.inserts;
  }

  /** Record number at a position of this thread's view. */
  private recordAt(position: number): number {
    const loaded = this.recordCount;
    return position < loaded ? position : loaded + this.threadIndex + (position - loaded) * this.threadCount;
  }
}
