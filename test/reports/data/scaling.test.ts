import { describe, expect, it } from 'vitest';
import { parseScalingReport } from '../../../reports/data/scaling.js';

const valid = {
  schemaVersion: 1,
  kind: 'cachebench.scaling',
  points: [
    { engine: 'memcached-style', threads: 1, opsPerSec: 900_000 },
    { engine: 'memcached-style', threads: 2, opsPerSec: 1_700_000 },
  ],
  env: { cpu: 'x' },
};

describe('parseScalingReport', () => {
  it('accepts a scaling document', () => {
    expect(parseScalingReport(valid).points).toHaveLength(2);
  });
  it('names the offending field and what is allowed', () => {
    expect(() => parseScalingReport([])).toThrow(/\(document\): expected a JSON object/);
    expect(() => parseScalingReport({ ...valid, kind: 'cachebench.run' })).toThrow('kind: expected "cachebench.scaling", got "cachebench.run"');
    expect(() => parseScalingReport({ ...valid, schemaVersion: 2 })).toThrow('schemaVersion: expected 1, got 2');
    expect(() => parseScalingReport({ ...valid, points: {} })).toThrow(/^points: expected an array/);
    expect(() => parseScalingReport({ ...valid, points: [{ engine: 'x', threads: 0, opsPerSec: 1 }] })).toThrow('points[0].threads: expected an integer ≥ 1, got 0');
    expect(() => parseScalingReport({ ...valid, points: [{ engine: 'x', threads: 1, opsPerSec: -1 }] })).toThrow('points[0].opsPerSec: expected a finite number ≥ 0, got -1');
    expect(() => parseScalingReport({ ...valid, points: [{ engine: '', threads: 1, opsPerSec: 1 }] })).toThrow('points[0].engine: expected a non-empty string');
    expect(() => parseScalingReport({ ...valid, goals: { twoThreadsVsOne: 'fast' } })).toThrow('goals.twoThreadsVsOne: expected a finite number or null, got "fast"');
    expect(() => parseScalingReport({ ...valid, unavailable: 'redis-style' })).toThrow('unavailable: expected an array of engine names');
  });
});
