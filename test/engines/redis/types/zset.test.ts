/** The sorted-set type API: map and skiplist in step, ranges, memory accounting. */
import { describe, expect, it } from 'vitest';
import { MemoryCounter } from '../../../../engines/redis/types/kinds.js';
import { RedisZset } from '../../../../engines/redis/types/zset.js';
import { EngineRandom } from '../../../../engines/redis/random.js';

function zset(pairs: [number, string][]): [RedisZset, MemoryCounter] {
  const mem = new MemoryCounter();
  const z = new RedisZset(mem, new EngineRandom().next);
  for (const [s, m] of pairs) z.set(m, s);
  return [z, mem];
}

const members = (nodes: { member: string }[]): string[] => nodes.map((n) => n.member);

describe('RedisZset', () => {
  it('keeps the map and the skiplist in step on updates', () => {
    const [z] = zset([[3, 'c'], [1, 'a'], [2, 'b']]);
    expect(z.set('a', 5)).toBe(false);
    expect(z.score('a')).toBe(5);
    expect(z.rank('a', false)).toBe(2);
    expect(z.rank('a', true)).toBe(0);
    expect(members(z.byRankRange(0, 2, false))).toEqual(['b', 'c', 'a']);
    expect(members(z.byRankRange(0, 1, true))).toEqual(['a', 'c']);
  });

  it('score ranges honour exclusivity, direction, offset and count', () => {
    const [z] = zset([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']]);
    const r = { min: 2, max: 5, minEx: true, maxEx: false };
    expect(members(z.byScore(r, false, 0, -1))).toEqual(['c', 'd', 'e']);
    expect(members(z.byScore(r, true, 1, 1))).toEqual(['d']);
    expect(members(z.byScore({ min: -Infinity, max: Infinity, minEx: false, maxEx: false }, false, 3, -1))).toEqual(['d', 'e']);
  });

  it('memory estimate returns to the empty container after deletes', () => {
    const [z, mem] = zset([]);
    const empty = mem.used;
    z.set('m1', 1);
    z.set('m2', 2);
    z.set('m1', 3);
    z.delete('m1');
    z.delete('m2');
    expect(mem.used).toBe(empty);
  });
});
