/**
 * The `zipfian` key distribution: YCSB's ScrambledZipfianGenerator. Ranks are drawn from a
 * zipfian over 10^10 items (YCSB's ITEM_COUNT, with its precomputed ζ for θ = 0.99) and hashed
 * with FNV-1a 64 onto the key space, so the popular keys are spread over the space instead of
 * sitting at its start — as YCSB does it, hot keys are not neighbours.
 *
 * Consequence worth knowing (and YCSB's own): the hottest key's share is 1/ζ(10^10, θ) ≈ 3.8 %
 * at θ = 0.99 whatever the key count, plus whatever lower ranks hash onto the same key — a
 * flatter curve than a plain zipfian over a small key space.
 *
 * How keys are drawn: for key spaces up to 2^21 keys the law above is computed once per
 * (keys, θ) — each key's probability from the exact zipf pmf of the first max(2^20, 8·keys)
 * ranks plus an even share of the rest (scrambled-zipfian-law.ts) — and keys are drawn from it
 * with an alias table: ~15–20 ns a draw instead of ~150 ns for Gray's formula (a 53-bit draw, an
 * exp, a log) plus the 64-bit hash and modulo. Same law, not the same key stream per seed.
 * Bigger key spaces keep YCSB's formula and hash, bounding the table at 16 MiB.
 */
import type { Rng } from '../../shared/rng.js';
import { fnvHash64Mod } from './fnv.js';
import type { AliasTable } from './alias-table.js';
import type { KeyDistribution } from './key-distribution.js';
import { scrambledZipfianTable } from './scrambled-zipfian-law.js';
import { ZIPFIAN_CONSTANT, ZipfianGenerator } from './zipfian.js';

/** YCSB's ScrambledZipfianGenerator.ITEM_COUNT: ranks are drawn from this many items. */
export const SCRAMBLED_ITEM_COUNT = 10_000_000_000;
/** YCSB's ScrambledZipfianGenerator.ZETAN: ζ(ITEM_COUNT, 0.99), hard-coded there. */
export const SCRAMBLED_ZETAN = 26.46902820178302;

export class ScrambledZipfianDistribution implements KeyDistribution {
  readonly spec: string;
  private readonly ranks: ZipfianGenerator;
  /** The law as an alias table; null beyond the table size limit (the formula path). */
  private readonly table: AliasTable | null;

  constructor(
    readonly keyCount: number,
    readonly theta: number,
    private readonly rng: Rng,
  ) {
    if (keyCount > 0x7fffffff) throw new RangeError(`zipfian key spaces are limited to 2^31 - 1 keys, got ${keyCount}`);
    this.spec = `zipfian:${theta}`;
    // YCSB builds ZipfianGenerator(0, ITEM_COUNT): ITEM_COUNT + 1 items.
    this.ranks = new ZipfianGenerator(
      SCRAMBLED_ITEM_COUNT + 1,
      theta,
      rng,
      theta === ZIPFIAN_CONSTANT ? SCRAMBLED_ZETAN : undefined,
    );
    this.table = scrambledZipfianTable(keyCount, theta, SCRAMBLED_ITEM_COUNT + 1, this.ranks.zetaN);
  }

  /** True when keys come from the precomputed table rather than Gray's formula and a hash. */
  get usesTable(): boolean {
    return this.table !== null;
  }

  /** Probability that rank 0 is drawn (the hottest rank's share before hashing). */
  get hottestRankProbability(): number {
    return 1 / this.ranks.zetaN;
  }

  next(): number {
    if (this.table !== null) return this.table.sample(this.rng);
    // `| 0`: the remainder comes out of double arithmetic; as an int32 it indexes arrays on the
    // fast path (the key space is below 2^31, checked above).
    return fnvHash64Mod(this.ranks.next(), this.keyCount) | 0;
  }
}
