import { describe, expect, it } from 'vitest';
import { ALIAS_TABLE_LIMIT } from '../../../workloads/distributions/alias-table.js';
import { fnvHash64Mod } from '../../../workloads/distributions/fnv.js';
import {
  headRanksFor,
  MIN_HEAD_RANKS,
  scrambledZipfianLaw,
  scrambledZipfianTable,
} from '../../../workloads/distributions/scrambled-zipfian-law.js';
import { SCRAMBLED_ITEM_COUNT, SCRAMBLED_ZETAN, ScrambledZipfianDistribution } from '../../../workloads/distributions/scrambled-zipfian.js';
import { Rng } from '../../../shared/rng.js';
import { chiSquare, chiSquareCritical } from './chi-square.js';

const RANKS = SCRAMBLED_ITEM_COUNT + 1;

/**
 * The exact law of the scrambled zipfian, computed here independently of the sampler: the zipf
 * pmf (r+1)^−θ/ζ of each of the first `head` ranks placed on its hashed key, the rest of the
 * mass spread evenly. `head` is four times the sampler's own, so the comparison also checks
 * that spreading the sampler's tail evenly changes nothing visible.
 */
function exactLaw(keys: number, head: number): Float64Array {
  const p = new Float64Array(keys);
  let headMass = 0;
  for (let r = 0; r < head; r++) {
    const pr = Math.pow(r + 1, -0.99) / SCRAMBLED_ZETAN;
    headMass += pr;
    p[fnvHash64Mod(r, keys)]! += pr;
  }
  for (let k = 0; k < keys; k++) p[k]! += (1 - headMass) / keys;
  return p;
}

function keyCounts(keys: number, draws: number, seed: number): Uint32Array {
  const dist = new ScrambledZipfianDistribution(keys, 0.99, new Rng(seed));
  expect(dist.usesTable).toBe(true);
  const counts = new Uint32Array(keys);
  for (let i = 0; i < draws; i++) counts[dist.next()]!++;
  return counts;
}

describe('scrambled zipfian law and its table sampler', () => {
  it('sums to 1 and gives the hottest key rank 0’s 1/ζ plus the ranks hashed onto it', () => {
    const keys = 1000;
    const law = scrambledZipfianLaw(keys, 0.99, RANKS, SCRAMBLED_ZETAN);
    expect(law.headRanks).toBe(MIN_HEAD_RANKS);
    expect(law.keyProbabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 10);
    // ζ(10^10) ≈ 26.47 and ζ(2^20) ≈ 14.9: a bit under half the mass lies beyond the head.
    expect(law.tailMass).toBeGreaterThan(0.4);
    expect(law.tailMass).toBeLessThan(0.5);
    const hottest = fnvHash64Mod(0, keys);
    const maxKey = law.keyProbabilities.indexOf(Math.max(...law.keyProbabilities));
    expect(maxKey).toBe(hottest);
    expect(law.keyProbabilities[hottest]!).toBeGreaterThan(1 / SCRAMBLED_ZETAN);
  });

  it('draws keys with the exact zipf pmf’s frequencies over 1,000 keys (chi-square)', () => {
    const keys = 1000;
    const counts = keyCounts(keys, 2_000_000, 81);
    const { statistic, df } = chiSquare(counts, exactLaw(keys, 4 * MIN_HEAD_RANKS));
    expect(df).toBe(keys - 1);
    expect(statistic).toBeLessThan(chiSquareCritical(df, 3.29));
  });

  it('draws keys with the exact zipf pmf’s frequencies over 50,000 keys (chi-square)', () => {
    const keys = 50_000;
    const counts = keyCounts(keys, 2_000_000, 82);
    const { statistic, df } = chiSquare(counts, exactLaw(keys, 4 * MIN_HEAD_RANKS));
    expect(statistic).toBeLessThan(chiSquareCritical(df, 3.29));
  });

  it('would notice a plain (unscrambled) zipfian: the test has power', () => {
    const keys = 1000;
    const counts = keyCounts(keys, 2_000_000, 83);
    const law = exactLaw(keys, 4 * MIN_HEAD_RANKS);
    // Same keys, ranked as the exact law ranks them, but with a textbook zipf over 1,000 items.
    let z = 0;
    for (let k = 0; k < keys; k++) z += Math.pow(k + 1, -0.99);
    const order = Array.from(law.keys()).sort((a, b) => law[b]! - law[a]!);
    const unscrambled = new Float64Array(keys);
    order.forEach((key, rank) => (unscrambled[key] = Math.pow(rank + 1, -0.99) / z));
    const { statistic, df } = chiSquare(counts, unscrambled);
    expect(statistic).toBeGreaterThan(chiSquareCritical(df, 3.29));
  });

  it('sums more head ranks as the key space grows, and builds each table once per thread', () => {
    expect(headRanksFor(1000, RANKS)).toBe(MIN_HEAD_RANKS);
    expect(headRanksFor(1_000_000, RANKS)).toBe(8_000_000);
    expect(headRanksFor(1000, 5000)).toBe(5000);
    expect(scrambledZipfianTable(1000, 0.99, RANKS, SCRAMBLED_ZETAN)).toBe(scrambledZipfianTable(1000, 0.99, RANKS, SCRAMBLED_ZETAN));
    expect(scrambledZipfianTable(ALIAS_TABLE_LIMIT + 1, 0.99, RANKS, SCRAMBLED_ZETAN)).toBeNull();
  });

  it('places every rank exactly when the rank space fits in the head (no tail)', () => {
    const keys = 300;
    const ranks = 5000;
    let z = 0;
    for (let r = 0; r < ranks; r++) z += Math.pow(r + 1, -0.5);
    const law = scrambledZipfianLaw(keys, 0.5, ranks, z);
    expect(law.tailMass).toBeLessThan(1e-12);
    const exact = new Float64Array(keys);
    for (let r = 0; r < ranks; r++) exact[fnvHash64Mod(r, keys)]! += Math.pow(r + 1, -0.5) / z;
    const table = scrambledZipfianTable(keys, 0.5, ranks, z)!;
    const rng = new Rng(85);
    const counts = new Uint32Array(keys);
    for (let i = 0; i < 500_000; i++) counts[table.sample(rng)]!++;
    const { statistic, df } = chiSquare(counts, exact);
    expect(statistic).toBeLessThan(chiSquareCritical(df, 3.29));
  });

  it('keeps YCSB’s formula beyond the table limit, with the same hottest key', () => {
    const keys = ALIAS_TABLE_LIMIT + 1;
    const dist = new ScrambledZipfianDistribution(keys, 0.99, new Rng(84));
    expect(dist.usesTable).toBe(false);
    const hottest = fnvHash64Mod(0, keys);
    const draws = 200_000;
    let onHottest = 0;
    let largest = 0;
    for (let i = 0; i < draws; i++) {
      const key = dist.next();
      if (key > largest) largest = key;
      if (key === hottest) onHottest++;
    }
    expect(largest).toBeLessThan(keys);
    const p0 = 1 / SCRAMBLED_ZETAN;
    expect(Math.abs(onHottest / draws - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / draws));
  });
});
