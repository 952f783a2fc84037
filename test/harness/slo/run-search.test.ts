/**
 * The rate search against a synthetic engine with a known capacity: the null engine with
 * `serviceNs=20ms serviceModel=queue` is a one-worker FIFO server taking S = 20 ms per
 * operation, so it completes at most c = 50 ops/s. Op i cannot complete before (i + 1)·S after
 * the first arrival, so with constant arrivals at r > c and no warm-up its latency from the
 * intended send is at least S + i·(1/c − 1/r): the median of a T-second step is at least
 * S + (T/2)(r/c − 1), and p50 < L fails for every rate above r* = c·(1 + 2(L − S)/T) = 88 ops/s —
 * the known boundary, which no noise can lift (noise only adds latency). Below it a busy machine
 * (this one is shared) can fail a step early, but not below c, where the model median is 20 ms
 * against a 400 ms SLO.
 */
import { describe, expect, it } from 'vitest';
import { runSloSearch, runSweep } from '../../../harness/slo/run-search.js';
import { parseSlos } from '../../../harness/slo/slo.js';
import type { CellSpec } from '../../../harness/cell/run-cell.js';

const SERVICE_US = 20_000;
const CAPACITY = 1e6 / SERVICE_US;
const STEP_MS = 1000;
const SLO_NS = 400e6;
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
    const { record, results } = await runSloSearch(nullCell(SERVICE_US), parseSlos('p50<400ms'), { rateMin: 20, rateMax: 320, resolution });
    const a = record.answer!;
    const steps = record.steps.map((s) => `${s.phase} ${s.rate}: ${s.meets ? 'met' : s.reasons.join(', ')}`).join('\n');
    expect(a, steps).toMatchObject({ bound: 'exact', limitedBy: 'server', confirmed: true });
    // The bracket [answer, first failing rate] is within the resolution and holds the boundary
    // (the harness's own µs per op lowers the real one by well under 1%).
    expect(a.firstFailingRate! / a.rate!, steps).toBeLessThanOrEqual(1 + resolution);
    expect(a.rate!, steps).toBeLessThanOrEqual(BOUNDARY * 1.01);
    expect(a.firstFailingRate!, steps).toBeGreaterThan(CAPACITY);
    // Every step is an ordinary open-loop result at its own rate.
    expect(results).toHaveLength(record.steps.length);
    for (const [i, r] of results.entries()) {
      expect(r.config.loop).toBe('open');
      expect(r.config.rate).toBe(record.steps[i]!.rate);
      expect(r.config.seed).toBe(7);
      expect(record.steps[i]!.resultId).toBe(r.id);
    }
    // The first step that missed is far above capacity: the engine answered late while the sends
    // kept their schedule. On a machine so busy that this process's timers fired late (the step
    // records the disturbance) the generator really fell behind, and saying so is right too.
    const failing = record.steps.find((s) => s.meets === false)!;
    if (failing.disturbed && failing.limit === 'generator') {
      expect(failing.limitReason, steps).toMatch(/machine was disturbed/);
    } else {
      expect(failing.limit, steps).toBe('server');
      expect(failing.limitReason).toMatch(/kept its schedule.*the engine answered late/);
    }
    expect(record.steps.at(-1)!.phase).toBe('confirm');
  }, 60_000);

  it('says the generator was the limit when the load generator is the bottleneck', async () => {
    // No service time: the null engine answers at once, so only the harness limits the rate.
    const cell = { ...nullCell(0), config: { durationMs: 300, warmupMs: 0, seed: 7 } };
    const { record } = await runSloSearch(cell, parseSlos('p50<1ms'), { rateMin: 2e6, rateMax: 64e6, resolution: 0.5, factor: 4 });
    const a = record.answer!;
    const steps = record.steps.map((s) => `${s.phase} ${s.rate}: ${s.meets ? 'met' : `${s.reasons.join(', ')} — ${s.limit}: ${s.limitReason}`}`).join('\n');
    expect(a.limitedBy, steps).toBe('generator');
    expect(a.bound, steps).not.toBe('exact');
    const failing = record.steps.find((s) => s.meets === false)!;
    expect(failing.limit, steps).toBe('generator');
  }, 60_000);
});

describe('runSweep', () => {
  it('runs the given rates in order and answers among them', async () => {
    // 2 s steps: a stall of the (shared) machine is a smaller share of each step's schedule.
    const cell = { ...nullCell(SERVICE_US), config: { durationMs: 2000, warmupMs: 0, seed: 7, timeoutMs: 2000 } };
    const { record, results } = await runSweep(cell, [20, 40, 160], parseSlos('p50<600ms'));
    expect(results.map((r) => r.config.rate)).toEqual([20, 40, 160]);
    expect(record.steps.map((s) => s.meets)).toEqual([true, true, false]);
    expect(record.answer).toMatchObject({ rate: 40, bound: 'exact', limitedBy: 'server', confirmed: false });
    expect(record.mode).toBe('sweep');
  }, 60_000);
});
