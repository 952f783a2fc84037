import { describe, expect, it } from 'vitest';
import { ALIAS_TABLE_LIMIT, AliasTable } from '../../../workloads/distributions/alias-table.js';
import { Rng } from '../../../shared/rng.js';
import { chiSquare, chiSquareCritical } from './chi-square.js';

function normalised(weights: number[]): Float64Array {
  const total = weights.reduce((s, w) => s + w, 0);
  return Float64Array.from(weights, (w) => w / total);
}

describe('AliasTable', () => {
  it('stores exactly the law it was given', () => {
    const rng = new Rng(71);
    const weights = Array.from({ length: 997 }, (_, i) => (i % 7 === 0 ? 0 : rng.next() * (i % 13 === 0 ? 50 : 1)));
    const table = new AliasTable(Float64Array.from(weights));
    const p = normalised(weights);
    for (let i = 0; i < weights.length; i++) expect(Math.abs(table.probability(i) - p[i]!)).toBeLessThan(1e-9);
  });

  it('draws outcomes with their probabilities (chi-square) and never a zero-weight one', () => {
    const weights = Array.from({ length: 500 }, (_, i) => (i === 17 ? 0 : 1 / Math.pow(i + 1, 0.8)));
    const table = new AliasTable(Float64Array.from(weights));
    const rng = new Rng(72);
    const counts = new Uint32Array(weights.length);
    for (let i = 0; i < 1_000_000; i++) counts[table.sample(rng)]!++;
    expect(counts[17]).toBe(0);
    const { statistic, df } = chiSquare(counts, normalised(weights));
    expect(statistic).toBeLessThan(chiSquareCritical(df, 3.29));
  });

  it('handles one outcome and a single non-zero weight', () => {
    const rng = new Rng(73);
    const one = new AliasTable(Float64Array.of(3));
    const spike = new AliasTable(Float64Array.of(0, 0, 5, 0));
    for (let i = 0; i < 1000; i++) {
      expect(one.sample(rng)).toBe(0);
      expect(spike.sample(rng)).toBe(2);
    }
  });

  it('refuses weights it cannot sample, naming the problem', () => {
    expect(() => new AliasTable(new Float64Array(0))).toThrow(/size must be in \[1, 2097152\]/);
    expect(() => new AliasTable(new Float64Array(ALIAS_TABLE_LIMIT + 1))).toThrow(/size/);
    expect(() => new AliasTable(Float64Array.of(1, -1))).toThrow(/weight 1 must be finite and non-negative/);
    expect(() => new AliasTable(Float64Array.of(1, Number.NaN))).toThrow(/weight 1/);
    expect(() => new AliasTable(Float64Array.of(0, 0))).toThrow(/not all be zero/);
  });
});
