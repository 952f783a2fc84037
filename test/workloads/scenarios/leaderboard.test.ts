import { describe, expect, test } from 'vitest';
import { leaderboardWorkload } from '../../../workloads/scenarios/leaderboard.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { failedChecks, runScenario } from './support/run-scenario.js';

describe('leaderboard', () => {
  for (const target of ENGINE_TARGETS) {
    test.skipIf(!targetReady(target))(`on ${target.name}: the final top 10 equals the ground truth`, async () => {
      const result = await runScenarioCell(target.name, 'leaderboard', { players: 300 });
      expectChecksPassed(result);
      expect(result.workload.mode).toBe(target.family === 'redis' ? 'native' : 'emulated: CAS read-modify-write loop over a JSON board in one item');
      expect(result.ops['incr']!.count).toBeGreaterThan(0);
      expect(result.ops['top10']!.count).toBeGreaterThan(0);
      expect(result.ops['rank']!.count).toBeGreaterThan(0);
      if (target.family === 'redis') expect(figure(result, 'casRetries')).toBe(0);
      else expect(figure(result, 'boardBytes')).toBeGreaterThan(100); // the serialized board every incr rewrites
    });
  }

  test('on memcached, contention shows as counted CAS retries (two worker threads)', async () => {
    const result = await runScenarioCell('memcached-style', 'leaderboard', { players: 200, incrRatio: 1, topRatio: 0 }, { threads: 2, durationMs: 500 });
    expectChecksPassed(result);
    expect(figure(result, 'casRetries')).toBeGreaterThan(0);
    expect(figure(result, 'casRetriesPerIncr')).toBeCloseTo(figure(result, 'casRetries') / figure(result, 'incrs'), 10);
  });

  for (const name of ['redis-style', 'memcached-style'] as const) {
    test(`the ground-truth checks fail on ${name} when every tenth write is dropped`, async () => {
      const { engine, close } = await openInProcessEngine(name);
      try {
        const good = await runScenario(engine, leaderboardWorkload, { params: { players: 100 }, threads: 2, steps: 200 });
        expect(failedChecks(good)).toEqual([]);
        await engine.flush();
        const bad = await runScenario(new DropEveryTenthWrite(engine), leaderboardWorkload, { params: { players: 100 }, threads: 2, steps: 200 });
        const failed = failedChecks(bad).join('\n');
        expect(failed).toMatch(/every score equals the sum of its increments/);
        expect(failed).toMatch(/top 10 equals the ground truth/);
      } finally {
        await close();
      }
    });
  }

  test('bad parameters are named with what is allowed', () => {
    expect(() => leaderboardWorkload.resolveParams({ players: 50_000 })).toThrow(/players: must be an integer from 1 to 20000/);
    expect(() => leaderboardWorkload.resolveParams({ incrRatio: 0.9, topRatio: 0.5 })).toThrow(/topRatio: must be from 0 to 0.1/);
  });
});
