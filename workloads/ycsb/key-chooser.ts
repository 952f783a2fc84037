/**
 * Which existing record an operation touches, as YCSB's CoreWorkload.nextKeynum: draw from the
 * request distribution and reject record numbers not inserted yet. With inserts in the mix the
 * distribution spans twice the loaded records (YCSB spans the expected inserts; a timed run does
 * not know its operation count), so the hot set stays where it is while the table grows; `latest`
 * instead follows the newest record.
 *
 * Threads insert interleaved record numbers (thread t of n takes recordcount + t, + t + n, …),
 * and each thread only knows its own inserts. Its view of "inserted so far" is its own newest
 * record; records of other threads below that are taken to exist (threads insert at about the
 * same pace), and a read that finds one missing is counted as `notFound`.
 */
import type { KeyDistribution } from '../distributions/key-distribution.js';
import { LatestDistribution } from '../distributions/latest.js';
import { createKeyDistribution, type KeyDistributionSpec } from '../distributions/spec.js';
import type { Rng } from '../rng.js';

const MAX_REJECTIONS = 64;

export class KeyChooser {
  private readonly distribution: KeyDistribution;
  private readonly latest: LatestDistribution | null;
  /** Records this thread takes to exist: [0, known). */
  private known: number;
  private inserts = 0;

  constructor(
    spec: KeyDistributionSpec,
    private readonly recordCount: number,
    withInserts: boolean,
    private readonly threadIndex: number,
    private readonly threadCount: number,
    rng: Rng,
  ) {
    this.known = recordCount;
    // Walks (sequential, partitioned) and latest track the records that exist; only the
    // popularity-shaped distributions get the doubled span that keeps their hot set in place.
    const fixedHotSet = spec.kind === 'zipfian' || spec.kind === 'uniform' || spec.kind === 'hotspot' || spec.kind === 'gaussian';
    const span = withInserts && fixedHotSet ? recordCount * 2 : recordCount;
    this.distribution = createKeyDistribution(spec, span, rng, { threadIndex, threadCount }, 'requestdistribution');
    this.latest = this.distribution instanceof LatestDistribution ? this.distribution : null;
  }

  /** Record number of an existing record. */
  next(): number {
    const known = this.known;
    let keynum = this.distribution.next();
    // Rejection as YCSB does; bounded so a distribution concentrated above `known` (a narrow
    // gaussian past the loaded records) folds back into range instead of spinning.
    for (let tries = 0; keynum >= known; tries++) {
      keynum = tries < MAX_REJECTIONS ? this.distribution.next() : keynum % known;
    }
    return keynum;
  }

  /** The record number of this thread's next insert; the chooser counts it as existing. */
  nextInsert(): number {
    const keynum = this.recordCount + this.threadIndex + this.inserts * this.threadCount;
    this.inserts++;
    this.known = keynum + 1;
    this.latest?.setKeyCount(this.known);
    return keynum;
  }

  get insertCount(): number {
    return this.inserts;
  }
}
