/** The set type API: membership, random picks, memory accounting. */
import { describe, expect, it } from 'vitest';
import { MemoryCounter } from '../../../../engines/redis/types/kinds.js';
import { RedisSet } from '../../../../engines/redis/types/set.js';
import { Rng } from '../../../../shared/rng.js';

describe('RedisSet', () => {
  it('adds and removes members once, accounting memory both ways', () => {
    const mem = new MemoryCounter();
    const s = new RedisSet(mem);
    const empty = mem.used;
    expect(s.add('a')).toBe(true);
    expect(s.add('a')).toBe(false);
    expect(s.add('bb')).toBe(true);
    expect(s.size).toBe(2);
    expect(s.delete('zz')).toBe(false);
    s.delete('a');
    s.delete('bb');
    expect(mem.used).toBe(empty);
  });

  it('random picks cover every member', () => {
    const s = new RedisSet(new MemoryCounter());
    for (const m of ['a', 'b', 'c', 'd']) s.add(m);
    const rng = new Rng(3);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(s.random(() => rng.next())!);
    expect(seen).toEqual(new Set(['a', 'b', 'c', 'd']));
  });
});
