import { describe, expect, test } from 'vitest';
import { pubsubWorkload } from '../../../workloads/scenarios/pubsub.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { failedChecks, runScenario } from './support/run-scenario.js';

describe('pub/sub chat', () => {
  for (const target of ENGINE_TARGETS.filter((t) => t.family === 'redis')) {
    test.skipIf(!targetReady(target))(`on ${target.name}: every message reaches every subscriber once`, async () => {
      const result = await runScenarioCell(target.name, 'pubsub', { channels: 4, subscribers: 3 });
      expectChecksPassed(result);
      const publishes = figure(result, 'publishes');
      expect(publishes).toBeGreaterThan(0);
      // Fan-out: three listeners per room, so three deliveries per message, each timed. The figures
      // are taken as the measured phase ends, when the last few messages may still be on their way
      // (the exactly-once check waits for them).
      const deliveries = figure(result, 'deliveries');
      expect(deliveries).toBeLessThanOrEqual(publishes * 3);
      expect(deliveries).toBeGreaterThan(publishes * 3 * 0.9);
      expect(figure(result, 'fanOut')).toBeCloseTo(deliveries / publishes, 10);
      expect(result.domain!.latencies!['delivery']!.count).toBe(deliveries);
      expect(figure(result, 'deliveryP99Ns')).toBeGreaterThan(0);
    });
  }

  for (const target of ENGINE_TARGETS.filter((t) => t.family === 'memcached')) {
    test.skipIf(!targetReady(target))(`${target.name} is reported as not capable`, async () => {
      await expect(runScenarioCell(target.name, 'pubsub')).rejects.toThrow(/workload 'pubsub' needs pubsub/);
    });
  }

  test('the delivery check fails when every tenth PUBLISH is dropped', async () => {
    const { engine, close } = await openInProcessEngine('redis-style');
    try {
      const bad = await runScenario(new DropEveryTenthWrite(engine), pubsubWorkload, { params: { channels: 2, subscribers: 2 }, steps: 50 });
      const failed = failedChecks(bad).join('\n');
      expect(failed).toMatch(/every message delivered exactly once to every subscriber: \d+ expected, \d+ received: \d+ missing/);
      expect(failed).toMatch(/PUBLISH reached every live subscriber: 5 publishes reached fewer/);
    } finally {
      await close();
    }
  });
});
