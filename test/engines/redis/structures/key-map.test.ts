/** The tombstone-deleting keyspace map, checked against a Map model. */
import { describe, expect, it } from 'vitest';
import { KeyMap } from '../../../../engines/redis/structures/key-map.js';
import { Rng } from '../../../../shared/rng.js';

describe('KeyMap (tombstone deletes)', () => {
  it('behaves like a Map through random sets, deletes, re-adds and rebuilds', () => {
    const rng = new Rng(5);
    const km = new KeyMap<number>();
    const model = new Map<string, number>();
    for (let i = 0; i < 30000; i++) {
      const k = 'k' + rng.int(3000);
      if (rng.int(3) === 0) expect(km.delete(k)).toBe(model.delete(k));
      else {
        km.set(k, i);
        model.set(k, i);
      }
    }
    expect(km.size).toBe(model.size);
    expect(new Map(km.entries())).toEqual(model);
    expect(new Set(km.keys())).toEqual(new Set(model.keys()));
    for (const k of ['k1', 'k2', 'k2999', 'nope']) {
      expect(km.get(k)).toBe(model.get(k));
      expect(km.has(k)).toBe(model.has(k));
    }
  });

  it('keeps live keys across a rebuild triggered by many deletes', () => {
    const km = new KeyMap<string>();
    for (let i = 0; i < 5000; i++) km.set('d' + i, 'x');
    km.set('keep', 'me');
    for (let i = 0; i < 5000; i++) km.delete('d' + i);
    expect(km.size).toBe(1);
    expect([...km.entries()]).toEqual([['keep', 'me']]);
    km.put('keep', 'again', true);
    km.put('new', 'one', false);
    expect(km.size).toBe(2);
    km.clear();
    expect(km.size).toBe(0);
    expect(km.get('keep')).toBeUndefined();
  });
});
