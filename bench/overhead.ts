/**
 * What the harness costs per operation, beside references measured in the same run:
 *   bare loop          the workload step calling the null engine, nothing else
 *   + clock            one performance.now() per op (what the closed loop reads)
 *   + HDR (JS)         ... and hdr-histogram-js's JS build recording every op
 *   + HDR (WASM)       ... and its WebAssembly build (the one cachebench uses)
 *   runner             the real closed loop (lanes, budget, intervals) with the WASM recorder
 * Target from the spine issue: runner − bare ≤ 100 ns/op.
 *
 *   npm run bench:overhead            (or: node dist/bench/overhead.js [--ops N])
 */
import * as hdr from 'hdr-histogram-js';
import { NullEngine } from '../engines/null/null-engine.js';
import { initHistograms, newHistogram, recordNs } from '../shared/histogram.js';
import { Recorder } from '../harness/recorder/recorder.js';
import { epochNowMs, nowMs as now } from '../shared/clock.js';
import { runClosedLoop } from '../harness/runner/closed-loop.js';
import { NullStep } from '../harness/runner/calibration.js';

const opsArg = process.argv.indexOf('--ops');
const OPS = opsArg > 0 ? Number(process.argv[opsArg + 1]) : 2_000_000;
const ROUNDS = 5;

const engine = new NullEngine('bench');
const w = new NullStep();

function bare(): number {
  let acc = 0;
  const t0 = now();
  for (let i = 0; i < OPS; i++) acc += w.step(engine);
  const t = now() - t0;
  if (acc !== 0) throw new Error('unreachable');
  return t;
}

function withClock(): number {
  let acc = 0;
  const t0 = now();
  let prev = t0;
  for (let i = 0; i < OPS; i++) {
    acc += w.step(engine);
    const t = now();
    acc += t - prev > 1e9 ? 1 : 0;
    prev = t;
  }
  const t = now() - t0;
  if (acc !== 0) throw new Error('unreachable');
  return t;
}

function withHdr(h: hdr.Histogram): number {
  const t0 = now();
  let prev = t0;
  for (let i = 0; i < OPS; i++) {
    w.step(engine);
    const t = now();
    recordNs(h, (t - prev) * 1e6);
    prev = t;
  }
  return now() - t0;
}

async function runner(): Promise<number> {
  const rec = new Recorder(w.opKinds, false, epochNowMs());
  const t0 = now();
  await runClosedLoop(engine, w, rec, 1, { endAtMs: Infinity, requests: OPS, signal: new AbortController().signal });
  const t = now() - t0;
  rec.destroy();
  return t;
}

async function main(): Promise<void> {
  const jsHist = hdr.build({ bitBucketSize: 64, autoResize: false, lowestDiscernibleValue: 1, highestTrackableValue: 3.6e12, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  await initHistograms();
  const wasmHist = newHistogram();
  const cases: [string, () => number | Promise<number>][] = [
    ['bare loop', bare],
    ['+ clock', withClock],
    ['+ clock + HDR (JS build)', () => withHdr(jsHist)],
    ['+ clock + HDR (WASM build)', () => withHdr(wasmHist)],
    ['runner (closed loop, WASM)', runner],
  ];
  const best = new Map<string, number>();
  for (let r = 0; r < ROUNDS + 1; r++) {
    for (const [name, fn] of cases) {
      const ms = await fn();
      if (r > 0) best.set(name, Math.min(best.get(name) ?? Infinity, ms));
    }
  }
  const nsPerOp = (name: string) => (best.get(name)! * 1e6) / OPS;
  const bareNs = nsPerOp('bare loop');
  console.log(`harness overhead, best of ${ROUNDS} rounds × ${OPS} ops (node ${process.version})`);
  console.log('case'.padEnd(30) + 'ns/op'.padStart(9) + '  over bare'.padStart(12));
  for (const [name] of cases) {
    console.log(name.padEnd(30) + nsPerOp(name).toFixed(1).padStart(9) + (nsPerOp(name) - bareNs).toFixed(1).padStart(12));
  }
  const overhead = nsPerOp('runner (closed loop, WASM)') - bareNs;
  console.log(`\nrunner overhead ${overhead.toFixed(1)} ns/op (target ≤ 100): ${overhead <= 100 ? 'met' : 'NOT met'}`);
  console.log(`HDR JS vs WASM record: ${(nsPerOp('+ clock + HDR (JS build)') - nsPerOp('+ clock')).toFixed(1)} vs ${(nsPerOp('+ clock + HDR (WASM build)') - nsPerOp('+ clock')).toFixed(1)} ns`);
  jsHist.destroy();
  wasmHist.destroy();
}

await main();
