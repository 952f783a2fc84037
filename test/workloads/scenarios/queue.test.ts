import { describe, expect, test } from 'vitest';
import { queueWorkload } from '../../../workloads/scenarios/queue.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { failedChecks, runScenario } from './support/run-scenario.js';

describe('job queue', () => {
  for (const target of ENGINE_TARGETS.filter((t) => t.family === 'redis')) {
    for (const variant of ['simple', 'reliable']) {
      test.skipIf(!targetReady(target))(`${variant} on ${target.name}: every job processed exactly once`, async () => {
        const result = await runScenarioCell(target.name, 'queue', { variant, blockMs: 20 });
        expectChecksPassed(result);
        const dequeues = figure(result, 'dequeues');
        expect(dequeues).toBeGreaterThan(0);
        expect(result.domain!.latencies!['enqueueToDequeue']!.count).toBe(dequeues);
        expect(result.domain!.series!['queue depth']!.points.length).toBeGreaterThan(0);
      });
    }
  }

  test('two worker threads share the queue and still process each job once', async () => {
    const result = await runScenarioCell('redis-style', 'queue', { variant: 'reliable', blockMs: 20 }, { threads: 2 });
    expectChecksPassed(result);
    expect(result.checks.some((c) => /exactly once/.test(c.name) && /jobs produced/.test(c.detail))).toBe(true);
  });

  for (const target of ENGINE_TARGETS.filter((t) => t.family === 'memcached')) {
    test.skipIf(!targetReady(target))(`${target.name} is refused: no lists and no emulation`, async () => {
      await expect(runScenarioCell(target.name, 'queue')).rejects.toThrow(/workload 'queue' needs lists/);
    });
  }

  for (const variant of ['simple', 'reliable']) {
    test(`the exactly-once check fails (${variant}) when every tenth write is dropped`, async () => {
      const { engine, close } = await openInProcessEngine('redis-style');
      try {
        const bad = await runScenario(new DropEveryTenthWrite(engine), queueWorkload, { params: { variant, blockMs: 20 }, threads: 2, steps: 200 });
        expect(failedChecks(bad).join('\n')).toMatch(variant === 'simple' ? /every job processed exactly once: .* lost/ : /no job left unacknowledged|exactly once/);
      } finally {
        await close();
      }
    });
  }
});
