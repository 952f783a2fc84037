import { describe, expect, it } from 'vitest';
import { parseCount, UsageError } from '../../../harness/cli/parse-values.js';

describe('parseCount: rates and counts in any plain notation', () => {
  const cases: [string, number][] = [
    ['50000', 50_000],
    ['50k', 50_000],
    ['2.5k', 2500],
    ['1M', 1e6],
    ['1e6', 1e6],
    ['1e12', 1e12],
    ['2.5e3', 2500],
    ['1E9', 1e9],
    ['3G', 3e9],
  ];
  for (const [text, value] of cases) {
    it(`${text} → ${value}`, () => expect(parseCount('rate', text, { positive: true })).toBe(value));
  }

  it('names the flag and the accepted forms for what is not a number', () => {
    for (const bad of ['fast', '1e', 'e6', '-5', '0', '1e6x', '']) {
      expect(() => parseCount('rate', bad, { positive: true })).toThrow(UsageError);
    }
    expect(() => parseCount('rate', 'fast', { positive: true })).toThrow(/--rate: got 'fast'; expected a number > 0 \(e\.g\. 50000, 50k, 1e6/);
  });

  it('integers stay integers: 1.5k clients is refused, 1e3 accepted', () => {
    expect(parseCount('clients', '1e3', { integer: true })).toBe(1000);
    expect(() => parseCount('clients', '1.5', { integer: true })).toThrow(/--clients/);
  });
});
