import { describe, expect, it } from 'vitest';
import {
  createKeyDistribution,
  formatKeyDistribution,
  parseKeyDistribution,
} from '../../../workloads/distributions/spec.js';
import { Rng } from '../../../shared/rng.js';
import { WorkloadParamError } from '../../../workloads/types.js';

describe('key distribution specs', () => {
  it('parses every form, with defaults where arguments are left out', () => {
    expect(parseKeyDistribution('uniform', 'f')).toEqual({ kind: 'uniform' });
    expect(parseKeyDistribution('zipfian', 'f')).toEqual({ kind: 'zipfian', theta: 0.99 });
    expect(parseKeyDistribution('zipfian:0.7', 'f')).toEqual({ kind: 'zipfian', theta: 0.7 });
    expect(parseKeyDistribution('hotspot', 'f')).toEqual({ kind: 'hotspot', hotKeyFraction: 0.2, hotOpFraction: 0.8 });
    expect(parseKeyDistribution('hotspot:0.1:0.9', 'f')).toEqual({ kind: 'hotspot', hotKeyFraction: 0.1, hotOpFraction: 0.9 });
    expect(parseKeyDistribution('sequential', 'f')).toEqual({ kind: 'sequential' });
    expect(parseKeyDistribution('latest', 'f')).toEqual({ kind: 'latest', theta: 0.99 });
    expect(parseKeyDistribution('gaussian:0.5:0.1', 'f')).toEqual({ kind: 'gaussian', mean: 0.5, stddev: 0.1 });
    expect(parseKeyDistribution(' Zipfian:0.9 ', 'f')).toEqual({ kind: 'zipfian', theta: 0.9 });
  });

  it("accepts memtier's letters", () => {
    expect(parseKeyDistribution('R', 'f').kind).toBe('uniform');
    expect(parseKeyDistribution('Z', 'f').kind).toBe('zipfian');
    expect(parseKeyDistribution('G', 'f')).toEqual({ kind: 'gaussian', mean: 0.5, stddev: 1 / 6 });
    expect(parseKeyDistribution('S', 'f').kind).toBe('sequential');
    expect(parseKeyDistribution('P', 'f').kind).toBe('partitioned');
  });

  it('round-trips through its canonical string', () => {
    for (const text of ['uniform', 'zipfian:0.99', 'hotspot:0.2:0.8', 'sequential', 'partitioned', 'latest:0.9', 'gaussian:0.5:0.1']) {
      expect(formatKeyDistribution(parseKeyDistribution(text, 'f'))).toBe(text);
    }
  });

  it.each([
    ['pareto', /unknown key distribution 'pareto'/],
    ['zipfian:1.5', /zipfian theta must be a number in \(0, 1\)/],
    ['zipfian:abc', /zipfian theta/],
    ['zipfian:0.9:1', /at most 1 argument/],
    ['hotspot:0.2', /both fractions/],
    ['hotspot:0:0.5', /key fraction must be above 0/],
    ['hotspot:0.2:1.2', /op fraction must be a number in \[0, 1\]/],
    ['gaussian:0.5:-1', /stddev must be a positive number/],
    ['', /expected a key distribution/],
  ])('refuses %j naming the field and the allowed forms', (spec, why) => {
    let error: unknown;
    try {
      parseKeyDistribution(spec, 'keyPattern');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkloadParamError);
    const message = (error as Error).message;
    expect(message).toMatch(/^keyPattern: /);
    expect(message).toMatch(why);
    expect(message).toContain('uniform');
    expect((error as WorkloadParamError).field).toBe('keyPattern');
  });

  it('refuses a non-string spec', () => {
    expect(() => parseKeyDistribution(5, 'requestdistribution')).toThrow(/^requestdistribution: expected a key distribution/);
  });

  it('builds each distribution over the requested key space', () => {
    for (const text of ['uniform', 'zipfian', 'hotspot', 'sequential', 'latest', 'gaussian']) {
      const dist = createKeyDistribution(text, 50, new Rng(1));
      expect(dist.keyCount).toBe(50);
      const drawn = Array.from({ length: 2000 }, () => dist.next());
      expect(drawn.filter((k) => !(Number.isInteger(k) && k >= 0 && k < 50))).toEqual([]);
    }
  });

  it('gives each thread its own slice for partitioned, covering the space once', () => {
    const seen: number[] = [];
    for (let t = 0; t < 3; t++) {
      const dist = createKeyDistribution('P', 10, new Rng(1), { threadIndex: t, threadCount: 3 });
      const first = dist.next();
      let k = first;
      do {
        seen.push(k);
        k = dist.next();
      } while (k !== first);
    }
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses an empty key space', () => {
    expect(() => createKeyDistribution('uniform', 0, new Rng(1))).toThrow(/^keys: /);
  });
});
