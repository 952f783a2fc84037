/**
 * The law of YCSB's scrambled zipfian over a key space, computed once so keys can be drawn from
 * it directly (alias-table.ts) instead of drawing a rank with Gray's formula and hashing it —
 * about a tenth of the cost per draw.
 *
 * The law: rank r in [0, 10^10] has the exact zipf probability (r+1)^−θ / ζ(10^10+1, θ) and
 * lands on key fnvHash64(r) mod keyCount. A key's probability is the sum over the ranks that
 * land on it. The first `headRanks` ranks are summed one by one; the remaining ranks (each
 * below headRanks^−θ/ζ, and about 10^10/keyCount of them per key) are spread evenly — their
 * total mass divided by keyCount. That even spread is the only approximation: it drops the
 * tail's own per-key scatter, ~0.1 % of a key's share at 1,000 keys and ~1.5 % at 10^5 … 2·10^6
 * keys with headRanks = max(2^20, 8·keyCount) — and hot keys are all head. Gray's formula, which
 * the formula path uses, is further off: it over-draws rank 2 by ~20 % (see the README).
 *
 * Memory bound: key spaces up to ALIAS_TABLE_LIMIT (2^21) keys get a table (8 bytes a key,
 * 16 MiB at the limit); bigger ones keep YCSB's formula. Building costs ~50 ms up to 10^5
 * keys and ~1–2 s a million keys beyond (the scatter-add misses the cache), so each table is
 * built once per (keyCount, θ) per thread and kept (at most four).
 */
import { ALIAS_TABLE_LIMIT, AliasTable } from './alias-table.js';
import { fnvHash64Mod } from './fnv.js';

/** Fewest ranks summed one by one, whatever the key space. */
export const MIN_HEAD_RANKS = 2 ** 20;
/** Head ranks per key: keeps the evenly spread tail's dropped per-key scatter near 1.5 % of a key's share. */
export const HEAD_RANKS_PER_KEY = 8;

/** Ranks below this get their weight from exp/log; above, from the step series (y ≤ 2^-10). */
const SERIES_FROM = 1024;
/** The step series restarts from an exact exp/log this often (a power of two). */
const ANCHOR_EVERY = 1024;

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
  let w = 1;
  for (let rank = 0; rank < headRanks; rank++) {
    // w = (rank+1)^−θ. exp/log cost more than the hash, so past the first ranks w steps from its
    // neighbour, (rank+1)^−θ = rank^−θ · (1 − y)^θ with y = 1/(rank+1), through third-order series
    // for ln and exp (each dropped term below y^4 ≈ 10^-12), re-anchored exactly every
    // ANCHOR_EVERY ranks so the error cannot build up beyond 10^-9 relative.
    if (rank < SERIES_FROM || (rank & (ANCHOR_EVERY - 1)) === 0) {
      w = Math.exp(-theta * Math.log(rank + 1));
    } else {
      const y = 1 / (rank + 1);
      const l = theta * -(y + y * y * (0.5 + y * (1 / 3)));
      w *= 1 + l * (1 + l * (0.5 + l * (1 / 6)));
    }
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
