/** The sorted-set skiplist: order, ranks, spans and ranges against a sorted model. */
import { describe, expect, it } from 'vitest';
import { SkipList } from '../../../../engines/redis/structures/skiplist.js';
import { Rng } from '../../../../shared/rng.js';
import { EngineRandom } from '../../../../engines/redis/random.js';

type Entry = [number, string];
const order = (a: Entry, b: Entry): number => (a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

function walk(l: SkipList): Entry[] {
  const out: Entry[] = [];
  for (let n = l.first(); n; n = n.forward[0]!) out.push([n.score, n.member]);
  return out;
}

describe('SkipList', () => {
  it('keeps (score, member) order, ranks and spans exact under random inserts, moves and deletes', () => {
    const rng = new Rng(11);
    const l = new SkipList(new EngineRandom().next);
    const model = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const member = 'm' + rng.int(300);
      const score = rng.int(4) === 0 ? [-Infinity, Infinity, 0][rng.int(3)]! : rng.int(50);
      const cur = model.get(member);
      if (cur === undefined) {
        l.insert(score, member);
        model.set(member, score);
      } else if (rng.int(3) === 0) {
        expect(l.delete(cur, member)).toBe(true);
        model.delete(member);
      } else {
        l.updateScore(cur, member, score);
        model.set(member, score);
      }
    }
    const sorted = [...model].map(([m, s]) => [s, m] as Entry).sort(order);
    expect(walk(l)).toEqual(sorted);
    expect(l.length).toBe(sorted.length);
    for (let r = 0; r < sorted.length; r += 7) {
      const [s, m] = sorted[r]!;
      expect(l.getRank(s, m)).toBe(r + 1);
      const node = l.byRank(r + 1)!;
      expect([node.score, node.member]).toEqual(sorted[r]);
    }
    // Backward links mirror the forward order.
    const back: Entry[] = [];
    for (let n = l.tail; n; n = n.backward) back.push([n.score, n.member]);
    expect(back.reverse()).toEqual(sorted);
  });

  it('finds the first and last node of inclusive and exclusive score ranges', () => {
    const l = new SkipList(new EngineRandom().next);
    for (const [s, m] of [[1, 'a'], [2, 'b'], [2, 'c'], [3, 'd']] as Entry[]) l.insert(s, m);
    expect(l.firstInRange({ min: 2, max: 3, minEx: false, maxEx: false })!.member).toBe('b');
    expect(l.firstInRange({ min: 2, max: 3, minEx: true, maxEx: false })!.member).toBe('d');
    expect(l.lastInRange({ min: 1, max: 3, minEx: false, maxEx: true })!.member).toBe('c');
    expect(l.firstInRange({ min: 4, max: 9, minEx: false, maxEx: false })).toBeNull();
    expect(l.firstInRange({ min: 2, max: 2, minEx: true, maxEx: false })).toBeNull();
  });

  it('finds lexicographic ranges with - and + bounds', () => {
    const l = new SkipList(new EngineRandom().next);
    for (const m of ['a', 'b', 'c', 'd']) l.insert(0, m);
    const r = { min: 'b', max: '', minEx: true, maxEx: false, minInf: 0 as const, maxInf: 1 as const };
    expect(l.firstInLexRange(r)!.member).toBe('c');
    expect(l.lastInLexRange(r)!.member).toBe('d');
    expect(l.firstInLexRange({ ...r, min: 'z' })).toBeNull();
  });
});
