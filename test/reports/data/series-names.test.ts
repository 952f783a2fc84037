import { describe, expect, it } from 'vitest';
import { seriesNames } from '../../../reports/data/series-names.js';
import { buildFixtureResult } from '../../fixtures/build-fixture.js';

function result(label: string, seed: number) {
  return buildFixtureResult({ seed, label, engine: { name: 'null', family: 'null' }, workload: { name: 'kv' }, kinds: [{ name: 'get', count: 10, medianNs: 100 }] });
}

describe('seriesNames', () => {
  it('keeps distinct labels and numbers repeated ones so two runs never merge into one line', () => {
    const names = seriesNames([result('a', 1), result('b', 2), result('a', 3), result('a #2', 4), result('a', 5)]);
    expect(names).toEqual(['a', 'b', 'a #2', 'a #2 #2', 'a #3']);
    expect(new Set(names).size).toBe(names.length);
  });
  it('falls back to the id for an empty label', () => {
    const r = result('  ', 7);
    expect(seriesNames([r])).toEqual([r.id]);
  });
});
