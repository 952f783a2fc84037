import { describe, expect, it } from 'vitest';
import { SequentialDistribution } from '../../../workloads/distributions/sequential.js';

describe('SequentialDistribution', () => {
  it('walks the key space in order and wraps', () => {
    const dist = new SequentialDistribution(4);
    expect(Array.from({ length: 9 }, () => dist.next())).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0]);
  });

  it('walks only its slice when given one', () => {
    const dist = new SequentialDistribution(10, 6, 3);
    expect(Array.from({ length: 7 }, () => dist.next())).toEqual([6, 7, 8, 6, 7, 8, 6]);
  });

  it('refuses a slice outside the key space', () => {
    expect(() => new SequentialDistribution(10, 8, 5)).toThrow(/outside/);
  });
});
