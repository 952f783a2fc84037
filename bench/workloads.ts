/**
 * What the workload generators cost per draw, beside a bare loop and a bare PRNG draw measured
 * in the same run: every key distribution, a weighted value size, a value-pool slice, and a
 * whole `kv` step on the null engine. A distribution that costs more than the engine it feeds
 * would distort every figure it produces, so this is the place to look first.
 *
 *   npm run build && node dist/bench/workloads.js [--draws N]
 */
import { NullEngine } from '../engines/null/null-engine.js';
import { nowMs } from '../shared/clock.js';
import { createKeyDistribution } from '../workloads/distributions/spec.js';
import { kvWorkloadFactory } from '../workloads/kv.js';
import { Rng } from '../shared/rng.js';
import { ValuePool } from '../workloads/values/pool.js';
import { createValueSize } from '../workloads/values/spec.js';
import { requirePairing } from '../workloads/pairing.js';
import { positiveInt } from './args.js';

const DRAWS = positiveInt('draws', 3_000_000);
const WARMUP = 200_000;

/**
 * A fresh timing loop per case (`new Function`), so each call site stays monomorphic and one
 * case's callback does not deoptimise the next case's loop.
 */
const LOOP_BODY = `let sink = 0;
  for (let i = 0; i < warmup; i++) sink += fn();
  const t0 = now();
  for (let i = 0; i < draws; i++) sink += fn();
  return [((now() - t0) * 1e6) / draws, sink];`;

function nsPerCall(fn: () => number): number {
  const loop = new Function('fn', 'draws', 'warmup', 'now', LOOP_BODY) as (
    fn: () => number,
    draws: number,
    warmup: number,
    now: () => number,
  ) => [number, number];
  return loop(fn, DRAWS, WARMUP, nowMs)[0];
}

const rows: [string, number][] = [];
let x = 0;
rows.push(['bare loop', nsPerCall(() => ++x & 1)]);
const rng = new Rng(1);
rows.push(['rng.nextFast()', nsPerCall(() => rng.nextFast())]);
rows.push(['rng.next()', nsPerCall(() => rng.next())]);
for (const spec of ['uniform', 'zipfian', 'hotspot', 'sequential', 'latest', 'gaussian']) {
  const d = createKeyDistribution(spec, 100_000, new Rng(2));
  rows.push([`${spec}.next() over 100k keys`, nsPerCall(() => d.next())]);
}
const sizes = createValueSize('100:7,1000:2,10000:1', new Rng(3));
rows.push(['weighted value size', nsPerCall(() => sizes.next())]);
const pool = new ValuePool(10_000, new Rng(4));
rows.push(['value pool slice (100 B)', nsPerCall(() => pool.value(100).length)]);
const engine = new NullEngine('bench');
for (const keyPattern of ['uniform', 'zipfian']) {
  const w = kvWorkloadFactory.create(kvWorkloadFactory.resolveParams({ keyPattern }), {
    rng: new Rng(5),
    seed: 5,
    threadIndex: 0,
    threadCount: 1,
    family: 'null',
    capabilities: engine.info.capabilities,
    mode: requirePairing(kvWorkloadFactory, engine.info),
  });
  rows.push([`kv step (${keyPattern}, null engine)`, nsPerCall(() => w.step(engine) as number)]);
}

const bare = rows[0]![1];
console.log(`workload generator cost, ${DRAWS} draws per case (node ${process.version})`);
for (const [label, ns] of rows) {
  console.log(`${label.padEnd(36)} ${ns.toFixed(1).padStart(7)} ns  ${(ns / bare).toFixed(1).padStart(6)}× bare loop`);
}
