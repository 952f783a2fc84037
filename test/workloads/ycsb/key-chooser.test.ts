import { describe, expect, it } from 'vitest';
import { parseKeyDistribution } from '../../../workloads/distributions/spec.js';
import { Rng } from '../../../shared/rng.js';
import { KeyChooser } from '../../../workloads/ycsb/key-chooser.js';

describe('KeyChooser', () => {
  it('zipfian: only picks records that exist, and starts picking inserted ones', () => {
    const chooser = new KeyChooser(parseKeyDistribution('zipfian', 'f'), 100, true, 0, 1, new Rng(1));
    expect(Math.max(...Array.from({ length: 5000 }, () => chooser.next()))).toBeLessThan(100);
    expect(Array.from({ length: 50 }, () => chooser.nextInsert())).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
    const picks = Array.from({ length: 5000 }, () => chooser.next());
    expect(Math.max(...picks)).toBeLessThan(150);
    const inserted = picks.filter((k) => k >= 100).length;
    expect(inserted / 5000).toBeGreaterThan(0.1);
  });

  it('uniform and hotspot stay on the loaded records, as YCSB’s key choosers do', () => {
    for (const spec of ['uniform', 'hotspot']) {
      const chooser = new KeyChooser(parseKeyDistribution(spec, 'f'), 100, true, 0, 1, new Rng(1));
      for (let i = 0; i < 50; i++) chooser.nextInsert();
      const seen = new Set<number>();
      for (let i = 0; i < 5000; i++) seen.add(chooser.next());
      expect(Math.max(...seen)).toBe(99);
      expect(seen.size).toBe(100);
    }
  });

  it('interleaves inserted record numbers across threads', () => {
    const spec = parseKeyDistribution('zipfian', 'f');
    const t0 = new KeyChooser(spec, 1000, true, 0, 3, new Rng(1));
    const t2 = new KeyChooser(spec, 1000, true, 2, 3, new Rng(1));
    expect([t0.nextInsert(), t0.nextInsert(), t0.nextInsert()]).toEqual([1000, 1003, 1006]);
    expect([t2.nextInsert(), t2.nextInsert()]).toEqual([1002, 1005]);
    expect(t0.insertCount).toBe(3);
  });

  it('with latest, reads follow the newest insert', () => {
    const chooser = new KeyChooser(parseKeyDistribution('latest', 'f'), 1000, true, 0, 1, new Rng(2));
    const newest = chooser.nextInsert();
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const k = chooser.next();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]![0];
    expect(top).toBe(newest);
  });

  it('folds a distribution concentrated above the loaded records back into range', () => {
    const chooser = new KeyChooser(parseKeyDistribution('gaussian:0.9:0.01', 'f'), 100, true, 0, 1, new Rng(3));
    expect(Math.max(...Array.from({ length: 1000 }, () => chooser.next()))).toBeLessThan(100);
  });

  it('with several threads, picks only loaded records and the thread’s own inserts', () => {
    const chooser = new KeyChooser(parseKeyDistribution('latest', 'f'), 100, true, 1, 4, new Rng(4));
    const own = new Set<number>();
    for (let i = 0; i < 20; i++) own.add(chooser.nextInsert());
    expect([...own].slice(0, 3)).toEqual([101, 105, 109]);
    const picks = Array.from({ length: 5000 }, () => chooser.next());
    expect(picks.filter((k) => !(k < 100 || own.has(k)))).toEqual([]);
    const ownPicks = picks.filter((k) => own.has(k)).length;
    // Latest over 120 records: the 20 newest (all this thread's) take most of the draws.
    expect(ownPicks / 5000).toBeGreaterThan(0.5);
  });
});

