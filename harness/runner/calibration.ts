/**
 * Calibration: what the harness itself costs per operation, measured in this process with the
 * null engine, so every result can be read against it. Two loops over the same trivial step:
 * a bare loop (just the calls) and the real closed-loop runner with clock reads and HDR
 * recording. The difference is the harness's overhead per operation. Measured once per process
 * and reused by every cell of a suite.
 */
import { NullEngine } from '../../engines/null/null-engine.js';
import type { Engine } from '../../engines/types.js';
import type { WorkloadInstance } from '../../workloads/types.js';
import { initHistograms } from '../../shared/histogram.js';
import { Recorder } from '../recorder/recorder.js';
import type { Calibration } from '../../shared/result-types.js';
import { epochNowMs, nowMs } from '../../shared/clock.js';
import { runClosedLoop } from './closed-loop.js';

const OPS = 300_000;
const ROUNDS = 3;

/** The cheapest meaningful step: one engine call, no allocation. Also used by bench/overhead. */
export class NullStep implements WorkloadInstance {
  readonly opKinds = ['get'];
  lastKind = 0;
  step(engine: Engine): number {
    engine.kv.get('calibration');
    return 0;
  }
}

function bareLoopNsPerOp(engine: Engine, w: NullStep): number {
  let acc = 0;
  const t0 = nowMs();
  for (let i = 0; i < OPS; i++) acc += w.step(engine);
  const t1 = nowMs();
  if (acc !== 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return ((t1 - t0) * 1e6) / OPS;
}

async function harnessNsPerOp(engine: Engine, w: NullStep): Promise<number> {
  const recorder = new Recorder(w.opKinds, false, epochNowMs());
  const t0 = nowMs();
  await runClosedLoop(engine, w, recorder, 1, { endAtMs: Infinity, requests: OPS, signal: new AbortController().signal });
  const t1 = nowMs();
  recorder.destroy();
  return ((t1 - t0) * 1e6) / OPS;
}

let cached: Calibration | null = null;

/** Best of a few rounds (the least disturbed), after one round of JIT warm-up. */
export async function calibrate(): Promise<Calibration> {
  if (cached) return cached;
  await initHistograms();
  const engine = new NullEngine('calibration');
  const w = new NullStep();
  let bare = Infinity;
  let harnessed = Infinity;
  bareLoopNsPerOp(engine, w);
  await harnessNsPerOp(engine, w);
  for (let r = 0; r < ROUNDS; r++) {
    bare = Math.min(bare, bareLoopNsPerOp(engine, w));
    harnessed = Math.min(harnessed, await harnessNsPerOp(engine, w));
  }
  cached = {
    harnessOverheadNsPerOp: Math.max(0, harnessed - bare),
    bareLoopNsPerOp: bare,
    method: `null engine, closed loop c=1, best of ${ROUNDS}×${OPS} ops: (runner with clock + HDR recording) − (bare call loop)`,
  };
  return cached;
}
