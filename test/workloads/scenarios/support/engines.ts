/**
 * The engines every scenario test runs on: the two in-process engines and the real servers,
 * managed (started on a free loopback port by the engine factory and stopped after). A real
 * server whose binary is missing is announced loudly and its tests skipped (an error under
 * CACHEBENCH_REQUIRE_SERVERS=1, via serverAvailable); so is an engine not registered yet.
 */
import { expect } from 'vitest';
import { engineFactory } from '../../../../engines/registry.js';
import type { Engine, EngineFamily } from '../../../../engines/types.js';
import { runCell, type CellSpec } from '../../../../harness/cell/run-cell.js';
import type { RunResult } from '../../../../shared/result-types.js';
import { serverAvailable, serversRequired } from '../../../support/servers.js';
import { distUrl } from '../../../../shared/dist-url.js';

export interface EngineTarget {
  readonly name: string;
  readonly family: EngineFamily;
  readonly binary?: 'redis-server' | 'memcached';
}

export const ENGINE_TARGETS: readonly EngineTarget[] = [
  { name: 'redis-style', family: 'redis' },
  { name: 'memcached-style', family: 'memcached' },
  { name: 'redis-server', family: 'redis', binary: 'redis-server' },
  { name: 'memcached-server', family: 'memcached', binary: 'memcached' },
];

const warned = new Set<string>();

/** Whether the target can run here; says so loudly when it cannot. */
export function targetReady(target: EngineTarget): boolean {
  if (!engineFactory(target.name)) {
    const message = `engine '${target.name}' is not registered in engines/registry.ts`;
    if (serversRequired()) throw new Error(`CACHEBENCH_REQUIRE_SERVERS=1 but ${message}`);
    if (!warned.has(target.name)) {
      warned.add(target.name);
      console.warn(`\n!!! SKIPPING scenario tests on ${target.name}: ${message}\n`);
    }
    return false;
  }
  return target.binary === undefined || serverAvailable(target.binary);
}

/** A brief measured cell through the harness, as `cachebench run` would run it. */
export async function runScenarioCell(
  engine: string,
  workload: string,
  params: Record<string, unknown> = {},
  config: CellSpec['config'] = {},
): Promise<RunResult> {
  return runCell({
    engine: { name: engine },
    workload: { name: workload, params },
    config: { durationMs: 400, warmupMs: 0, concurrency: 4, seed: 7, ...config },
  });
}

/** The run finished cleanly and every correctness check passed (failures listed on error). */
export function expectChecksPassed(result: RunResult): void {
  const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
  expect(failed).toEqual([]);
  expect(result.checks.length).toBeGreaterThan(0);
  expect(result.statusReasons).toEqual([]);
  expect(result.status).toBe('ok');
}

/** Figures of the run's domain section, by name. */
export function figure(result: RunResult, name: string): number {
  const value = result.domain?.figures[name];
  if (typeof value !== 'number') throw new Error(`figure ${name} missing from ${JSON.stringify(result.domain?.figures)}`);
  return value;
}

/**
 * One in-process engine for tests that wrap it (drop-writes) or drive instances directly.
 * Single-threaded use, so redis-style needs no engine thread.
 */
export async function openInProcessEngine(name: 'redis-style' | 'memcached-style'): Promise<{ engine: Engine; close(): Promise<void> }> {
  const factory = engineFactory(name)!;
  const shared = name === 'memcached-style' && factory.prepareShared ? await factory.prepareShared({}, { seed: 1, workerUrl: distUrl }) : undefined;
  const engine = await factory.create({}, shared, { index: 0, count: 1, isWorker: false });
  return {
    engine,
    async close() {
      await engine.close();
      await shared?.release?.();
    },
  };
}
