/**
 * Zipfian ranks, YCSB's ZipfianGenerator: the algorithm of Gray et al., "Quickly Generating
 * Billion-Record Synthetic Databases" (SIGMOD 1994). Rank 0 is the most popular item, with
 * probability 1/ζ(n, θ); rank k has probability ≈ (k+1)^−θ / ζ(n, θ). One uniform draw and at
 * most one exp and one log per value. This class yields *ranks*; the `zipfian` key distribution
 * scrambles them over the key space (scrambled-zipfian.ts), and `latest` counts them back from
 * the newest key (latest.ts).
 */
import type { Rng } from '../../shared/rng.js';
import { zeta, zetaRange } from './zeta.js';

/** YCSB's `zipfian` constant. */
export const ZIPFIAN_CONSTANT = 0.99;

export class ZipfianGenerator {
  /** Number of items ranks are drawn from: results fall in [0, items). */
  private items: number;
  private zetan: number;
  private eta: number;
  private readonly alpha: number;
  private readonly zeta2theta: number;
  /** 1 + 0.5^θ: the cumulative weight of ranks 0 and 1, in units of rank 0's weight. */
  private readonly rankOneLimit: number;

  /**
   * @param items item count (≥ 1)
   * @param theta skew in (0, 1); YCSB uses 0.99
   * @param zetan ζ(items, θ) when already known (YCSB hard-codes it for 10^10 items)
   */
  constructor(
    items: number,
    readonly theta: number,
    private readonly rng: Rng,
    zetan?: number,
  ) {
    if (!(theta > 0 && theta < 1)) throw new RangeError(`zipfian theta must be in (0, 1), got ${theta}`);
    this.items = items;
    this.alpha = 1 / (1 - theta);
    this.zeta2theta = zeta(2, theta);
    this.rankOneLimit = 1 + Math.pow(0.5, theta);
    this.zetan = zetan ?? zeta(items, theta);
    this.eta = this.computeEta();
  }

  get itemCount(): number {
    return this.items;
  }

  /** ζ(items, θ): rank 0 is drawn with probability 1/zetan. */
  get zetaN(): number {
    return this.zetan;
  }

  /** A rank in [0, itemCount). */
  next(): number {
    const u = this.rng.next();
    const uz = u * this.zetan;
    if (uz < 1) return 0;
    if (uz < this.rankOneLimit) return 1;
    // exp(α·ln x) rather than Math.pow: the same value to a few ulps at half the cost, and a
    // few ulps of a random draw change nothing a benchmark can see.
    return Math.floor(this.items * Math.exp(this.alpha * Math.log(this.eta * u - this.eta + 1)));
  }

  /**
   * Change the item count (YCSB's `nextLong(itemcount)` after inserts). Growing extends ζ
   * incrementally, so a stream of inserts costs O(1) amortised per insert.
   */
  resize(items: number): void {
    if (items === this.items) return;
    this.zetan = items > this.items ? zetaRange(this.items, items, this.theta, this.zetan) : zeta(items, this.theta);
    this.items = items;
    this.eta = this.computeEta();
  }

  private computeEta(): number {
    if (this.items < 2) return 0;
    return (1 - Math.pow(2 / this.items, 1 - this.theta)) / (1 - this.zeta2theta / this.zetan);
  }
}
