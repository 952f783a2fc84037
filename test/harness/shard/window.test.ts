import { describe, expect, it } from 'vitest';
import { planWindow } from '../../../harness/shard/window.js';

const base = { slackMs: 50, warmupMs: 1000, durationMs: 10_000, intervalMs: 1000 };

describe('planWindow', () => {
  it('without a shared start: warm-up after the slack, then measure (one process, as before)', () => {
    const w = planWindow({ ...base, readyEpochMs: 5000, startAtEpochMs: null });
    expect(w).toMatchObject({ warmupStartEpochMs: 5050, measureStartEpochMs: 6050, measureEndEpochMs: 16_050, startSkewMs: 0, warmupRunMs: 1000 });
  });

  it('an early shard waits, warms up right before the start and measures the planned window', () => {
    const w = planWindow({ ...base, readyEpochMs: 1000, startAtEpochMs: 60_000 });
    expect(w).toMatchObject({ warmupStartEpochMs: 59_000, measureStartEpochMs: 60_000, measureEndEpochMs: 70_000, startSkewMs: 0, warmupRunMs: 1000 });
  });

  it('a shard ready during its warm-up warms up for what is left and still starts on time', () => {
    const w = planWindow({ ...base, readyEpochMs: 59_500, startAtEpochMs: 60_000 });
    expect(w).toMatchObject({ warmupStartEpochMs: 59_550, measureStartEpochMs: 60_000, startSkewMs: 0, warmupRunMs: 450 });
  });

  it('a late shard starts at the next interval boundary of the shared grid and still ends at the planned end', () => {
    const w = planWindow({ ...base, readyEpochMs: 62_300, startAtEpochMs: 60_000 });
    expect(w).toMatchObject({ measureStartEpochMs: 63_000, measureEndEpochMs: 70_000, startSkewMs: 3000 });
    expect(w.warmupStartEpochMs).toBe(62_350);
  });

  it('a shard ready after its whole window is refused naming --start-at', () => {
    expect(() => planWindow({ ...base, readyEpochMs: 75_000, startAtEpochMs: 60_000 })).toThrow(/invalid start-at: .*window .* is over/);
  });
});
