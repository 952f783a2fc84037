/**
 * `cachebench micro`: the per-command cost of an in-process engine, measured by tinybench. Each
 * tinybench sample is one batch of `batch` calls timed as a whole and divided (a 100 ns command
 * is below what one clock read per call could time honestly), reported through
 * `overriddenDuration`, so tinybench's statistics — mean, p99, margin of error, sample count —
 * are per call. Every batch also lands in the harness recorder under the command's op kind, so
 * the result is an ordinary `RunResult`: `report` draws it and `compare` compares it. The
 * per-command ops/s is 1 ÷ tinybench's mean latency for that command alone — calls sustained, so
 * a stall counts (the mean of per-sample throughputs would let fast samples hide it); commands run
 * one after another, and the run's overall ops/s is their total over the whole time.
 */
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { engineFactory } from '../../engines/registry.js';
import type { Engine } from '../../engines/types.js';
import { epochNowMs } from '../../shared/clock.js';
import { distUrl } from '../../shared/dist-url.js';
import { initHistograms } from '../../shared/histogram.js';
import type { OpStats, RunResult } from '../../shared/result-types.js';
import { collectEnvironment, collectToolInfo } from '../env.js';
import { Recorder } from '../recorder/recorder.js';
import { buildRunResult } from '../results/build-result.js';
import { sharedEngineSeed } from '../runner/seeds.js';
import { commandsFor } from './commands.js';

export interface MicroSpec {
  /** An in-process engine: redis-style or memcached-style. */
  readonly engine: string;
  /** tinybench's time budget per command (ms). */
  readonly timeMs: number;
  readonly warmupMs: number;
  /** Calls per sample. */
  readonly batch: number;
  readonly seed: number;
}

export interface MicroFigure {
  readonly command: string;
  readonly meanNs: number;
  readonly p99Ns: number;
  /** Relative margin of error of the mean, percent (95%). */
  readonly rmePercent: number;
  readonly samples: number;
  readonly opsPerSec: number;
}

async function openEngine(name: string, seed: number): Promise<{ engine: Engine; close(): Promise<void> }> {
  const ef = engineFactory(name)!;
  const shared = ef.prepareShared ? await ef.prepareShared({}, { seed: sharedEngineSeed(seed), workerUrl: distUrl }) : undefined;
  const engine = await ef.create({}, shared, { index: 0, count: 1, isWorker: false });
  if (!engine.sync) throw new Error(`micro measures in-process engines; ${name} is not synchronous`);
  return {
    engine,
    async close() {
      await engine.close();
      await shared?.release?.();
    },
  };
}

export async function runMicro(spec: MicroSpec): Promise<RunResult> {
  await initHistograms();
  const startedAt = new Date();
  const { engine, close } = await openEngine(spec.engine, spec.seed);
  try {
    const commands = commandsFor(engine.info.family);
    const kinds = commands.map((c) => c.name);
    const startEpoch = epochNowMs();
    const recorder = new Recorder(kinds, false, startEpoch);
    const bench = new Bench({ time: spec.timeMs, warmupTime: spec.warmupMs, retainSamples: false });
    const batch = spec.batch;
    let measuring = false;
    commands.forEach((command, kind) => {
      let i = 0;
      bench.add(
        command.name,
        () => {
          const t0 = performance.now();
          for (let n = 0; n < batch; n++) command.call(engine, i++);
          const t1 = performance.now();
          const ms = t1 - t0;
          const ns = (ms * 1e6) / batch;
          if (measuring) for (let n = 0; n < batch; n++) recorder.record(kind, ns, t1);
          return { overriddenDuration: ms / batch, overriddenIterationCost: ms };
        },
        {
          beforeAll: (mode) => {
            measuring = mode === 'run';
            command.setup(engine);
          },
        },
      );
    });
    await bench.run();
    const endNow = performance.now();
    const figures: MicroFigure[] = bench.tasks.map((task) => {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`micro: ${task.name} ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
      return { command: task.name, meanNs: r.latency.mean * 1e6, p99Ns: r.latency.p99 * 1e6, rmePercent: r.latency.rme, samples: r.latency.samplesCount, opsPerSec: 1e3 / r.latency.mean };
    });
    const snapshot = recorder.finish(endNow);
    const built = buildRunResult({
      label: `${spec.engine} micro batch=${batch}`,
      tool: collectToolInfo(),
      env: collectEnvironment(),
      engine: { name: engine.info.name, family: engine.info.family, location: engine.info.location, version: engine.info.version, capabilities: [...engine.info.capabilities], options: {} },
      workload: { name: 'micro', params: { commands: kinds.join(','), batch, timeMs: spec.timeMs, warmupMs: spec.warmupMs }, mode: 'native' },
      config: {
        loop: 'closed',
        concurrency: 1,
        rate: null,
        arrival: null,
        threads: 1,
        durationMs: spec.timeMs * commands.length,
        requests: null,
        warmupMs: spec.warmupMs,
        seed: spec.seed,
        // Synchronous calls cannot time out; the longest one can run is its command's phase.
        timeoutMs: spec.timeMs + spec.warmupMs,
        extra: { micro: { generator: 'tinybench', batch, sampleIs: `the mean of ${batch} calls` } },
      },
      startedAt,
      endedAt: new Date(),
      preloadMs: 0,
      parts: [{ snapshot, domain: null, attempted: snapshot.counts.reduce((a, b) => a + b, 0), abandoned: 0, missed: 0 }],
      domain: {
        figures: Object.fromEntries(
          figures.flatMap((f) => [
            [`${f.command} mean ns`, f.meanNs],
            [`${f.command} p99 ns`, f.p99Ns],
            [`${f.command} ± % (95%)`, f.rmePercent],
            [`${f.command} samples`, f.samples],
          ]),
        ),
        notes: [`tinybench ${spec.timeMs} ms per command after ${spec.warmupMs} ms warm-up; one sample = the mean of ${batch} calls, so p99 is of batch means`],
      },
      checks: [],
      calibration: { harnessOverheadNsPerOp: 0, bareLoopNsPerOp: 0, method: 'tinybench: one clock pair per batch, not per call' },
      extraReasons: [],
    });
    // Per command, ops/s is what that command sustained in its own phase, not over the whole run.
    const ops: Record<string, OpStats> = {};
    for (const [kind, stats] of Object.entries(built.ops)) {
      const f = figures.find((x) => x.command === kind);
      ops[kind] = f ? { ...stats, opsPerSec: f.opsPerSec } : stats;
    }
    return { ...built, ops };
  } finally {
    await close();
  }
}
