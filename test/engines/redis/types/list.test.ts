/** The list type API: Redis index rules, trimming, memory accounting. */
import { describe, expect, it } from 'vitest';
import { MemoryCounter } from '../../../../engines/redis/types/kinds.js';
import { RedisList } from '../../../../engines/redis/types/list.js';

function list(...items: string[]): [RedisList, MemoryCounter] {
  const mem = new MemoryCounter();
  const l = new RedisList(mem);
  for (const i of items) l.push(i, false);
  return [l, mem];
}

describe('RedisList', () => {
  it('ranges follow Redis index rules (negative from the tail, clamped, empty when crossed)', () => {
    const [l] = list('a', 'b', 'c', 'd');
    expect(l.range(0, -1)).toEqual(['a', 'b', 'c', 'd']);
    expect(l.range(-2, 100)).toEqual(['c', 'd']);
    expect(l.range(-100, 1)).toEqual(['a', 'b']);
    expect(l.range(3, 1)).toEqual([]);
    expect(l.range(5, 10)).toEqual([]);
    expect(l.index(-1)).toBe(3);
    expect(l.index(4)).toBe(-1);
  });

  it('trim keeps the requested window or nothing', () => {
    const [l] = list('a', 'b', 'c', 'd', 'e');
    l.trim(1, -2);
    expect(l.range(0, -1)).toEqual(['b', 'c', 'd']);
    l.trim(5, 10);
    expect(l.length).toBe(0);
  });

  it('memory estimate follows pushes, sets, inserts and pops back to the empty container', () => {
    const [l, mem] = list();
    const empty = mem.used;
    l.push('xx', true);
    l.push('yyyy', false);
    l.insert(1, 'z');
    l.set(0, 'longer value');
    expect(mem.used).toBeGreaterThan(empty);
    l.filter((v) => v !== 'z');
    l.pop(true);
    l.pop(false);
    expect(mem.used).toBe(empty);
    expect(l.bytes).toBe(empty);
  });
});
