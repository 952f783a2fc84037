import { describe, expect, test } from 'vitest';
import { JobTally } from '../../../../workloads/scenarios/support/job-tally.js';

describe('job tally', () => {
  test('counts jobs per producer, growing as sequence numbers grow', () => {
    const tally = new JobTally();
    tally.count(0, 0);
    tally.count(0, 5000);
    tally.count(2, 7);
    tally.count(2, 7);
    expect(tally.get(0, 0)).toBe(1);
    expect(tally.get(0, 5000)).toBe(1);
    expect(tally.get(0, 1)).toBe(0);
    expect(tally.get(2, 7)).toBe(2);
    expect(tally.get(1, 0)).toBe(0);
    expect(tally.extent(0)).toBe(5001);
    expect(tally.producers).toBe(3);
    expect(tally.total).toBe(4);
  });

  test('crosses threads as text and merges, keeping the exact total past 255 per job', () => {
    const a = new JobTally();
    const b = new JobTally();
    for (let i = 0; i < 300; i++) a.count(1, 3);
    b.count(0, 9);
    b.count(1, 4);
    const merged = JobTally.decode(b.encode());
    merged.addAll(JobTally.decode(a.encode()));
    expect(merged.get(1, 3)).toBe(255);
    expect(merged.get(1, 4)).toBe(1);
    expect(merged.get(0, 9)).toBe(1);
    expect(merged.total).toBe(302);
    expect(JobTally.decode(new JobTally().encode()).total).toBe(0);
  });
});
