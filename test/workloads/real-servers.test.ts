/**
 * kv and YCSB A–F through the harness against real servers cachebench starts itself
 * (redis-server and memcached from the OS packages, on free loopback ports, stopped after):
 * the async engine paths of the workloads, preload over the network, and every correctness
 * check, as `cachebench run -e redis-server -w …` runs them.
 */
import { describe, expect, it } from 'vitest';
import { runCell } from '../../harness/cell/run-cell.js';
import type { RunResult } from '../../shared/result-types.js';
import { targetReady } from './scenarios/support/engines.js';

const TARGETS = [
  { engine: 'redis-server', binary: 'redis-server', family: 'redis' },
  { engine: 'memcached-server', binary: 'memcached', family: 'memcached' },
] as const;

function brief(engine: string, workload: string, params: Record<string, unknown>): Promise<RunResult> {
  return runCell({
    engine: { name: engine },
    workload: { name: workload, params },
    config: { durationMs: 300, warmupMs: 50, concurrency: 8, seed: 11 },
  });
}

function figure(result: RunResult, name: string): unknown {
  return result.domain?.figures[name];
}

function expectClean(result: RunResult): void {
  expect(result.checks.filter((c) => !c.passed)).toEqual([]);
  expect(result.status).toBe('ok');
}

for (const target of TARGETS) {
  // Loud when the binary is missing or the engine unregistered, an error under CACHEBENCH_REQUIRE_SERVERS=1.
  const ready = targetReady({ name: target.engine, family: target.family, binary: target.binary });
  describe.skipIf(!ready)(`workloads on a managed ${target.binary}`, () => {
    it('kv: preloaded GETs all hit, guaranteed-hit check passes, SETs and GETs both measured', async () => {
      const result = await brief(target.engine, 'kv', { keys: 2000, ratio: '1:4', guaranteedHit: true, dataSize: '16-256' });
      expectClean(result);
      expect(result.checks.map((c) => c.name)).toEqual(['value lengths', 'guaranteed hits']);
      expect(figure(result, 'hitRatio')).toBe(1);
      expect(Number(figure(result, 'hits'))).toBeGreaterThan(100);
      const ops = result.ops as Record<string, { count: number }>;
      expect(ops['set']!.count).toBeGreaterThan(20);
      expect(ops['get']!.count).toBeGreaterThan(ops['set']!.count);
    });

    it('kv with two worker threads: each preloads its slice, together every key, so every GET hits', async () => {
      // Worker threads load the compiled workload from dist/ (npm test builds first).
      const result = await runCell({
        engine: { name: target.engine },
        workload: { name: 'kv', params: { keys: 3000, ratio: '0:1' } },
        config: { durationMs: 300, warmupMs: 0, concurrency: 4, seed: 3, threads: 2 },
      });
      expect(result.status).toBe('ok');
      expect(figure(result, 'misses')).toBe(0);
      expect(Number(figure(result, 'hits'))).toBeGreaterThan(100);
    });

    for (const workload of ['ycsb-a', 'ycsb-b', 'ycsb-c', 'ycsb-d', 'ycsb-f']) {
      it(`${workload}: every record found, records intact`, async () => {
        const result = await brief(target.engine, workload, { recordcount: 300 });
        expectClean(result);
        expect(figure(result, 'notFound')).toBe(0);
        expect(figure(result, 'storage')).toBe(target.family === 'redis' ? 'hash' : 'record');
        expect(result.workload.mode).toEqual(target.family === 'redis' ? 'native' : expect.stringMatching(/^emulated: records as JSON/));
      });
    }

    if (target.family === 'redis') {
      it('ycsb-e: scans through the sorted-set index return records, index complete', async () => {
        const result = await brief(target.engine, 'ycsb-e', { recordcount: 300 });
        expectClean(result);
        expect(result.checks.map((c) => c.name)).toEqual(['records intact', 'scan index complete']);
        expect(Number(figure(result, 'scannedRecords'))).toBeGreaterThan(0);
      });
    } else {
      it('ycsb-e: refused, naming the missing capability', async () => {
        await expect(brief(target.engine, 'ycsb-e', {})).rejects.toThrow(/ycsb-e' needs .*sortedSets/);
      });
    }
  });
}
