import { describe, expect, test } from 'vitest';
import { socialGraphWorkload } from '../../../workloads/scenarios/social-graph.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { failedChecks, runScenario } from './support/run-scenario.js';

describe('social graph', () => {
  for (const target of ENGINE_TARGETS) {
    test.skipIf(!targetReady(target))(`on ${target.name}: mutual friends match the ground truth`, async () => {
      const result = await runScenarioCell(target.name, 'social-graph', { users: 500 });
      expectChecksPassed(result);
      expect(result.workload.mode).toEqual(target.family === 'redis' ? 'native' : expect.stringMatching(/^emulated: .*intersect in the client/));
      expect(result.ops['mutual']!.count).toBeGreaterThan(0);
      expect(figure(result, 'answersJudged')).toBeGreaterThan(0);
      expect(figure(result, 'answersWrong')).toBe(0);
      // A power law: someone has far more friends than the minimum of 5.
      expect(figure(result, 'largestFriendList')).toBeGreaterThan(50);
    });
  }

  test('without befriending, every answer of every thread is judged', async () => {
    const { engine, close } = await openInProcessEngine('memcached-style');
    try {
      const run = await runScenario(engine, socialGraphWorkload, { params: { users: 300, befriendRatio: 0 }, threads: 2, steps: 300 });
      expect(failedChecks(run)).toEqual([]);
      const f = run.domain.figures;
      expect(f['answersJudged']).toBe(600);
      expect(f['answersJudged']).toBe((f['mutuals'] as number) + (f['friendLists'] as number));
    } finally {
      await close();
    }
  });

  for (const name of ['redis-style', 'memcached-style'] as const) {
    test(`the ground-truth checks fail on ${name} when every tenth write is dropped`, async () => {
      const { engine, close } = await openInProcessEngine(name);
      try {
        const bad = await runScenario(new DropEveryTenthWrite(engine), socialGraphWorkload, { params: { users: 300 }, threads: 2, steps: 200 });
        const failed = failedChecks(bad).join('\n');
        expect(failed).toMatch(/every friend set equals the ground truth: \d+ of \d+ sets differ/);
        expect(failed).toMatch(/mutual friends and friend lists match the ground truth: \d+ of \d+ answers wrong/);
      } finally {
        await close();
      }
    });
  }
});
