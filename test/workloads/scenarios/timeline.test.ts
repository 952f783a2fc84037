import { describe, expect, test } from 'vitest';
import { timelineWorkload } from '../../../workloads/scenarios/timeline.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { failedChecks, runScenario } from './support/run-scenario.js';

describe('timeline fan-out', () => {
  for (const target of ENGINE_TARGETS) {
    test.skipIf(!targetReady(target))(`on ${target.name}: every post reaches every follower, timelines stay trimmed`, async () => {
      const result = await runScenarioCell(target.name, 'timeline', { users: 300, maxLen: 50, celebrityPostRatio: 0.2 });
      expectChecksPassed(result);
      expect(result.workload.mode).toEqual(target.family === 'redis' ? 'native' : expect.stringMatching(/^emulated: timelines as JSON lists/));
      expect(result.ops['post-celebrity']!.count).toBeGreaterThan(0);
      expect(figure(result, 'celebrityFollowers')).toBe(149);
      // Fan-out cost per post grows with the author's following: the celebrity's posts cost most.
      const curve = result.domain!.series!['fan-out cost by followers']!.points;
      const celebrity = curve.find((p) => p.x === 128)!;
      const smallest = curve[0]!;
      expect(curve.length).toBeGreaterThan(1);
      expect(celebrity.y).toBeGreaterThan(smallest.y);
    });
  }

  for (const name of ['redis-style', 'memcached-style'] as const) {
    test(`the delivery check fails on ${name} when every tenth write is dropped`, async () => {
      const { engine, close } = await openInProcessEngine(name);
      try {
        const bad = await runScenario(new DropEveryTenthWrite(engine), timelineWorkload, { params: { users: 200 }, threads: 2, steps: 200 });
        expect(failedChecks(bad).join('\n')).toMatch(/every post reached every follower: \d+ of \d+ deliveries missing/);
      } finally {
        await close();
      }
    });
  }

  test('an engine that loses its trims shows over-long timelines', async () => {
    const { engine, close } = await openInProcessEngine('redis-style');
    try {
      // A later LTRIM repairs one dropped trim, so this engine drops them all (and nothing else).
      const params = { users: 20, maxLen: 50, postRatio: 1, celebrityShare: 0.9, celebrityPostRatio: 0.5 };
      const good = await runScenario(engine, timelineWorkload, { params, steps: 500 });
      expect(failedChecks(good)).toEqual([]);
      await engine.flush();
      const bad = await runScenario(new DropEveryTenthWrite(engine, 1, new Set(['LTRIM'])), timelineWorkload, { params, steps: 500 });
      expect(failedChecks(bad).join('\n')).toMatch(/timelines are trimmed.*: \d+ timelines wrong: timeline \d+: \d+ entries, more than 50/);
    } finally {
      await close();
    }
  });
});
