import { describe, expect, it } from 'vitest';
import { roundRate, searchRate, type ProbeVerdict } from '../../../harness/slo/search.js';

/** A server whose SLO holds below `capacity`, limited by `side` above it. */
function threshold(capacity: number, side: 'server' | 'generator' = 'server') {
  const calls: number[] = [];
  const probe = async (rate: number): Promise<ProbeVerdict> => {
    calls.push(rate);
    return rate <= capacity ? { meets: true, limit: null } : { meets: false, limit: side };
  };
  return { probe, calls };
}

describe('searchRate', () => {
  it('finds a boundary within the resolution, coarse steps first, confirmed by a repeat', async () => {
    const { probe, calls } = threshold(84_200);
    const { answer, steps } = await searchRate({ rateMin: 1000, rateMax: 1e7, resolution: 0.05 }, probe);
    expect(answer.bound).toBe('exact');
    expect(answer.limitedBy).toBe('server');
    expect(answer.confirmed).toBe(true);
    expect(answer.rate).toBeLessThanOrEqual(84_200);
    expect(answer.rate!).toBeGreaterThan(84_200 / 1.05);
    expect(answer.firstFailingRate! / answer.rate!).toBeLessThanOrEqual(1.05);
    // Coarse doubling up to the first failure, then bisection, then one repeat of the answer.
    expect(calls.slice(0, 8)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000]);
    expect(steps.at(-1)).toMatchObject({ phase: 'confirm', rate: answer.rate });
    expect(steps.filter((s) => s.phase === 'bisect').length).toBeGreaterThan(0);
  });

  it('says "at least" when the generator limited the first failing step', async () => {
    const { probe } = threshold(50_000, 'generator');
    const { answer } = await searchRate({ rateMin: 1000, rateMax: 1e6 }, probe);
    expect(answer).toMatchObject({ bound: 'at-least', limitedBy: 'generator' });
  });

  it('reports the range as the limit when rateMax still passes', async () => {
    const { probe, calls } = threshold(1e9);
    const { answer } = await searchRate({ rateMin: 1000, rateMax: 5000 }, probe);
    expect(calls).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(answer).toMatchObject({ rate: 5000, bound: 'at-least', limitedBy: 'range', confirmed: true });
  });

  it('answers none when rateMin already fails', async () => {
    const { probe } = threshold(10);
    const { answer, steps } = await searchRate({ rateMin: 1000, rateMax: 1e6 }, probe);
    expect(steps).toHaveLength(1);
    expect(answer).toMatchObject({ rate: null, bound: 'none', limitedBy: 'server' });
  });

  it('never answers with a lucky step: a failed repeat moves the answer down', async () => {
    // 64k passes once, then fails on every later run; the true boundary is 40k.
    let luck = 1;
    const probe = async (rate: number): Promise<ProbeVerdict> => {
      if (rate === 64_000 && luck-- > 0) return { meets: true, limit: null };
      return rate <= 40_000 ? { meets: true, limit: null } : { meets: false, limit: 'server' };
    };
    const { answer } = await searchRate({ rateMin: 1000, rateMax: 1e6, resolution: 0.05 }, probe);
    expect(answer.confirmed).toBe(true);
    expect(answer.rate).toBeLessThanOrEqual(40_000);
    expect(answer.rate!).toBeGreaterThan(40_000 / 1.05);
  });

  it('stops when asked and says it was interrupted', async () => {
    const { probe, calls } = threshold(84_200);
    const { answer } = await searchRate({ rateMin: 1000, rateMax: 1e7 }, probe, () => calls.length >= 3);
    expect(calls).toHaveLength(3);
    expect(answer).toMatchObject({ interrupted: true, confirmed: false, rate: 4000 });
  });

  it('rejects bounds that cannot be searched', async () => {
    const { probe } = threshold(1);
    await expect(searchRate({ rateMin: 10, rateMax: 5 }, probe)).rejects.toThrow(/rateMax/);
    await expect(searchRate({ rateMin: 10, rateMax: 50, resolution: 0 }, probe)).rejects.toThrow(/resolution/);
  });

  it('rounds rates to whole ops/s with 4 significant digits', () => {
    expect(roundRate(84_213.7)).toBe(84_210);
    expect(roundRate(999.6)).toBe(1000);
    expect(roundRate(0.2)).toBe(1);
  });
});
