/**
 * The rate search against a synthetic engine with a known capacity: the null engine with
 * `serviceNs=5000000 serviceModel=queue` is a one-worker FIFO server taking 5 ms per operation, so it completes at
 * most c = 200 ops/s. Past c, with constant arrivals and no warm-up, op i waits i·(1/c − 1/r),
 * so the median of a T-second step is S + (T/2)(r/c − 1): the SLO p50 < L fails for every rate
 * above r* = c·(1 + 2(L − S)/T) = 238 ops/s — the known boundary, which no noise can lift.
 * Below it a busy machine (this one is shared) bunches sends and can fail a step early, so the
 * lower tolerance is wider: at least 90% of c. Milliseconds of service and SLO keep scheduler
 * slices of a few ms from deciding the answer.
 */
import { describe, expect, it } from 'vitest';
import { runSloSearch, runSweep } from '../../../harness/slo/run-search.js';
import { parseSlos } from '../../../harness/slo/slo.js';
import type { CellSpec } from '../../../harness/cell/run-cell.js';

const SERVICE_US = 5000;
const CAPACITY = 1e6 / SERVICE_US;
const STEP_MS = 1000;
const SLO_NS = 100e6;
const BOUNDARY = CAPACITY * (1 + (2 * (SLO_NS - SERVICE_US * 1000)) / (STEP_MS * 1e6));

function nullCell(serviceUs: number): CellSpec {
  return {
    engine: { name: 'null', options: serviceUs > 0 ? { serviceNs: serviceUs * 1000, serviceModel: 'queue' } : {} },
    workload: { name: 'kv', params: { keys: 1000, preload: 'none' } },
    config: { durationMs: STEP_MS, warmupMs: 0, seed: 7, timeoutMs: 2000 },
  };
}

describe('runSloSearch', () => {
  it('finds the capacity of an engine with a known service time within the stated resolution', async () => {
    const resolution = 0.1;
    const { record, results } = await runSloSearch(nullCell(SERVICE_US), parseSlos('p50<100ms'), { rateMin: 50, rateMax: 800, resolution });
    const a = record.answer!;
    expect(a).toMatchObject({ bound: 'exact', limitedBy: 'server', confirmed: true });
    // The bracket [answer, first failing rate] is within the resolution and holds the boundary
    // (the harness's own µs per op lowers the real one by well under 1%).
    expect(a.firstFailingRate! / a.rate!).toBeLessThanOrEqual(1 + resolution);
    expect(a.rate!).toBeLessThanOrEqual(BOUNDARY * 1.01);
    expect(a.firstFailingRate!).toBeGreaterThan(CAPACITY * 0.9);
    // Every step is an ordinary open-loop result at its own rate.
    expect(results).toHaveLength(record.steps.length);
    for (const [i, r] of results.entries()) {
      expect(r.config.loop).toBe('open');
      expect(r.config.rate).toBe(record.steps[i]!.rate);
      expect(r.config.seed).toBe(7);
      expect(record.steps[i]!.resultId).toBe(r.id);
    }
    const failing = record.steps.find((s) => s.meets === false)!;
    expect(failing.limit).toBe('server');
    expect(failing.limitReason).toMatch(/time inside the engine/);
    expect(record.steps.at(-1)!.phase).toBe('confirm');
  }, 60_000);

  it('says the generator was the limit when the load generator is the bottleneck', async () => {
    // No service time: the null engine answers at once, so only the harness limits the rate.
    const cell = { ...nullCell(0), config: { durationMs: 300, warmupMs: 0, seed: 7 } };
    const { record } = await runSloSearch(cell, parseSlos('p50<1ms'), { rateMin: 2e6, rateMax: 64e6, resolution: 0.5, factor: 4 });
    const a = record.answer!;
    expect(a.limitedBy).toBe('generator');
    expect(a.bound).not.toBe('exact');
    const failing = record.steps.find((s) => s.meets === false)!;
    expect(failing.limit).toBe('generator');
  }, 60_000);
});

describe('runSweep', () => {
  it('runs the given rates in order and answers among them', async () => {
    const { record, results } = await runSweep(nullCell(SERVICE_US), [50, 100, 400], parseSlos('p50<100ms'));
    expect(results.map((r) => r.config.rate)).toEqual([50, 100, 400]);
    expect(record.steps.map((s) => s.meets)).toEqual([true, true, false]);
    expect(record.answer).toMatchObject({ rate: 100, bound: 'exact', limitedBy: 'server', confirmed: false });
    expect(record.mode).toBe('sweep');
  }, 60_000);
});
