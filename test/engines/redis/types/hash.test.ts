/** The hash type API and its memory accounting. */
import { describe, expect, it } from 'vitest';
import { RedisHash } from '../../../../engines/redis/types/hash.js';
import { MemoryCounter } from '../../../../engines/redis/types/kinds.js';

describe('RedisHash', () => {
  it('tells new fields from updates and accounts value growth', () => {
    const mem = new MemoryCounter();
    const h = new RedisHash(mem);
    const empty = mem.used;
    expect(h.set('f', 'v')).toBe(true);
    expect(h.set('f', 'a longer value')).toBe(false);
    expect(h.get('f')).toBe('a longer value');
    const afterUpdate = mem.used;
    expect(afterUpdate - empty).toBeGreaterThan('a longer value'.length);
    expect(h.delete('f')).toBe(true);
    expect(h.delete('f')).toBe(false);
    expect(mem.used).toBe(empty);
  });
});
