/**
 * Drives a scenario the way the harness does — per-thread instances built from split seeds,
 * preload in every thread, `onMeasureStart`, a budget of steps with several in flight, then every
 * instance's checks and `summarizeDomain` (the figure table and the factory's `summarize`) — inside one test process, so "threads" are
 * instances interleaved round by round against one engine. Used until a test needs real worker
 * threads, which `runCell` provides.
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../../../../engines/types.js';
import type { CheckResult, WorkloadFactory, WorkloadInstance, WorkloadParams } from '../../../../workloads/types.js';
import type { DomainFigures } from '../../../../shared/result-types.js';
import { Rng } from '../../../../shared/rng.js';
import { requirePairing } from '../../../../workloads/pairing.js';
import { summarizeDomain } from '../../../../workloads/summarize-domain.js';

export interface ScenarioRun {
  readonly parts: DomainFigures[];
  readonly domain: DomainFigures;
  readonly checks: CheckResult[];
  /** Completed steps by op kind name. */
  readonly kinds: Map<string, number>;
  /** Steps that returned a Promise although the engine is synchronous (the contract forbids it). */
  readonly promisesFromSyncEngine: number;
}

export interface ScenarioRunOptions {
  params?: WorkloadParams;
  seed?: number;
  threads?: number;
  /** Steps per simulated thread. */
  steps: number;
  /** Spread the steps evenly over this long (sleeping between rounds), e.g. to let TTLs pass. */
  spreadOverMs?: number;
  /** Steps in flight per simulated thread. */
  concurrency?: number;
}

export async function runScenario(engine: Engine, workload: WorkloadFactory, options: ScenarioRunOptions): Promise<ScenarioRun> {
  const seed = options.seed ?? 42;
  const threads = options.threads ?? 1;
  const concurrency = options.concurrency ?? 1;
  const params = workload.resolveParams(options.params ?? {});
  const root = new Rng(seed);
  const instances: WorkloadInstance[] = [];
  for (let i = 0; i < threads; i++) {
    instances.push(
      workload.create(params, {
        rng: root.fork(i),
        seed,
        threadIndex: i,
        threadCount: threads,
        family: engine.info.family,
        capabilities: engine.info.capabilities,
        mode: requirePairing(workload, engine.info),
      }),
    );
  }
  const kinds = new Map<string, number>();
  let promisesFromSyncEngine = 0;
  try {
    // As runCell does: every thread's preload runs, and all finish before anything is measured.
    await Promise.all(instances.map((instance) => instance.preload?.(engine)));
    for (const instance of instances) instance.onMeasureStart?.();
    const rounds = Math.ceil(options.steps / concurrency);
    const started = performance.now();
    const spread = options.spreadOverMs ?? 0;
    for (let round = 0; round < rounds; round++) {
      const due = started + (spread * round) / rounds;
      if (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      // Let timers and sockets run between rounds of a synchronous engine.
      else if (round % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
      const pending: Promise<void>[] = [];
      for (const instance of instances) {
        for (let slot = 0; slot < concurrency; slot++) {
          const result = instance.step(engine);
          if (typeof result === 'number') {
            const name = instance.opKinds[result]!;
            kinds.set(name, (kinds.get(name) ?? 0) + 1);
          } else {
            if (engine.sync) promisesFromSyncEngine++;
            pending.push(
              result.then((kind) => {
                const name = instance.opKinds[kind]!;
                kinds.set(name, (kinds.get(name) ?? 0) + 1);
              }),
            );
          }
        }
      }
      await Promise.all(pending);
    }
    // As runCell does: figures first, then every thread's checks at once (they may wait on each other).
    const parts = instances.map((i) => i.domain?.() ?? { figures: {} });
    const checks: CheckResult[] = (await Promise.all(instances.map(async (i) => (await i.check?.(engine)) ?? []))).flat();
    const summary = summarizeDomain(workload, parts, params);
    const domain = summary.domain ?? { figures: {} };
    checks.push(...summary.checks);
    return { parts, domain, checks, kinds, promisesFromSyncEngine };
  } finally {
    for (const instance of instances) await instance.close?.();
  }
}

/** The checks that failed, as text for assertion messages. */
export function failedChecks(run: ScenarioRun): string[] {
  return run.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
}
