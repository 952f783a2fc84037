import { beforeAll, describe, expect, it } from 'vitest';
import { decodeHistogram, initHistograms } from '../../../shared/histogram.js';
import { Recorder } from '../../../harness/recorder/recorder.js';
import { epochNowMs, nowMs } from '../../../shared/clock.js';
import { runClosedLoop } from '../../../harness/runner/closed-loop.js';
import { runOpenLoop } from '../../../harness/runner/open-loop.js';
import { Rng } from '../../../shared/rng.js';
import { GetOnly, stallingEngine } from './stall-engine.js';

beforeAll(async () => {
  await initHistograms();
});

describe('coordinated omission', () => {
  it('open loop at 1000 ops/s: one 200 ms stall shows in the corrected p99, not in the uncorrected one', async () => {
    const engine = stallingEngine(500, 200);
    const w = new GetOnly();
    const start = nowMs() + 20;
    const recorder = new Recorder(w.opKinds, true, epochNowMs() + 20);
    const outcome = await runOpenLoop(
      engine,
      w,
      recorder,
      { rate: 1000, arrival: 'constant', arrivalRng: new Rng(1), offsetMs: 0, maxInFlight: 1024, drainMs: 1000, graceMs: 100 },
      { endAtMs: start + 2000, requests: Infinity, signal: new AbortController().signal },
      start,
    );
    const snap = recorder.finish(nowMs());
    expect(outcome.attempted).toBeGreaterThanOrEqual(1990);
    const corrected = decodeHistogram(snap.latency[0]!);
    const uncorrected = decodeHistogram(snap.uncorrected![0]!);
    // ~200 of 2000 operations were due during the stall: corrected p99 is near the stall.
    expect(corrected.getValueAtPercentile(99)).toBeGreaterThanOrEqual(100e6);
    expect(corrected.maxValue).toBeGreaterThanOrEqual(195e6);
    // Only one operation itself took 200 ms: the uncorrected p99 hides the stall.
    expect(uncorrected.getValueAtPercentile(99)).toBeLessThan(20e6);
    expect(uncorrected.maxValue).toBeGreaterThanOrEqual(195e6);
    // The schedule slipped (≥ 10% of sends late) and the recorder says so, but charges the slip
    // to the engine: the sends waited for its call on this thread, not for the generator.
    const lag = decodeHistogram(snap.lag!);
    const generatorLag = decodeHistogram(snap.generatorLag!);
    expect(lag.getValueAtPercentile(90)).toBeGreaterThanOrEqual(1e6);
    expect(generatorLag.getValueAtPercentile(90)).toBeLessThan(lag.getValueAtPercentile(90));
    expect(outcome.missed).toBe(0);
    lag.destroy();
    generatorLag.destroy();
    corrected.destroy();
    uncorrected.destroy();
  });

  it('closed loop: the same stall is visible in max while p99 stays at service time', async () => {
    const engine = stallingEngine(500, 200);
    const w = new GetOnly();
    const recorder = new Recorder(w.opKinds, false, epochNowMs());
    await runClosedLoop(engine, w, recorder, 1, { endAtMs: Infinity, requests: 20_000, signal: new AbortController().signal });
    const snap = recorder.finish(nowMs());
    const h = decodeHistogram(snap.latency[0]!);
    expect(snap.counts[0]).toBe(20_000);
    expect(h.maxValue).toBeGreaterThanOrEqual(195e6);
    expect(h.getValueAtPercentile(99)).toBeLessThan(10e6);
    h.destroy();
  });
});
