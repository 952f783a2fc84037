/**
 * The law of YCSB's scrambled zipfian over a key space, computed once so keys can be drawn from
 * it directly (alias-table.ts) instead of drawing a rank with Gray's formula and hashing it —
 * about a tenth of the cost per draw.
 *
 * The law: rank r in [0, 10^10] has the exact zipf probability (r+1)^−θ / ζ(10^10+1, θ) and
 * lands on key fnvHash64(r) mod keyCount. A key's probability is the sum over the ranks that
 * land on it. The first `headRanks` ranks are summed one by one; the remaining ranks (each
 * below headRanks^−θ/ζ, and about 10^10/keyCount of them per key) are spread evenly — their
 * total mass divided by keyCount. That even spread is the only approximation: the tail's
 * per-key scatter is below 1 % of a key's probability with headRanks ≥ 8·keyCount (see the
 * README), smaller than the error of Gray's formula itself for ranks 2 … 10 that the formula
 * path carries.
 *
 * Memory bound: key spaces up to ALIAS_TABLE_LIMIT (2^21) keys get a table (8 bytes a key,
 * 16 MiB at the limit); bigger ones keep YCSB's formula. Building costs about 50 ns per head
 * rank (a hash and a power), so the table is built once per (keyCount, θ) per thread and kept.
 */
import { ALIAS_TABLE_LIMIT, AliasTable } from './alias-table.js';
import { fnvHash64Mod } from './fnv.js';

/** Fewest ranks summed one by one, whatever the key space. */
export const MIN_HEAD_RANKS = 2 ** 20;
/** Head ranks per key: keeps the evenly spread tail's per-key scatter below 1 % of a key's share. */
export const HEAD_RANKS_PER_KEY = 8;

/** The per-key law before it goes into a table (also what the tests compare draws against). */
export interface ScrambledZipfianLaw {
  /** Probability of each key, summing to 1. */
  readonly keyProbabilities: Float64Array;
  /** Ranks whose mass was placed exactly. */
  readonly headRanks: number;
  /** Mass of the ranks beyond the head, spread evenly over the keys. */
  readonly tailMass: number;
}

/** Ranks summed one by one for a key space. */
export function headRanksFor(keyCount: number, rankCount: number): number {
  return Math.min(rankCount, Math.max(MIN_HEAD_RANKS, HEAD_RANKS_PER_KEY * keyCount));
}

/**
 * Per-key probabilities of the scrambled zipfian over `rankCount` ranks normalised by `zetan`
 * (ζ(rankCount, θ)), hashed onto `keyCount` keys.
 */
export function scrambledZipfianLaw(keyCount: number, theta: number, rankCount: number, zetan: number): ScrambledZipfianLaw {
  const headRanks = headRanksFor(keyCount, rankCount);
  const weights = new Float64Array(keyCount);
  let headWeight = 0;
  for (let rank = 0; rank < headRanks; rank++) {
    const w = Math.exp(-theta * Math.log(rank + 1));
    headWeight += w;
    weights[fnvHash64Mod(rank, keyCount)]! += w;
  }
  const tailMass = Math.max(0, 1 - headWeight / zetan);
  const tailShare = tailMass / keyCount;
  for (let key = 0; key < keyCount; key++) weights[key] = weights[key]! / zetan + tailShare;
  return { keyProbabilities: weights, headRanks, tailMass };
}

/** Built tables, most recent last; a few key spaces at most, so memory stays bounded. */
const tables = new Map<string, AliasTable>();
const TABLES_KEPT = 4;

/**
 * The alias table for (keyCount, θ), built on first use and shared by every distribution of
 * this thread; null when the key space is beyond ALIAS_TABLE_LIMIT (use the formula).
 */
export function scrambledZipfianTable(keyCount: number, theta: number, rankCount: number, zetan: number): AliasTable | null {
  if (keyCount > ALIAS_TABLE_LIMIT) return null;
  const cacheKey = `${keyCount}:${theta}:${rankCount}`;
  const known = tables.get(cacheKey);
  if (known !== undefined) return known;
  const table = new AliasTable(scrambledZipfianLaw(keyCount, theta, rankCount, zetan).keyProbabilities);
  if (tables.size >= TABLES_KEPT) tables.delete(tables.keys().next().value!);
  tables.set(cacheKey, table);
  return table;
}
