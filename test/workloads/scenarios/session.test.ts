import { describe, expect, test } from 'vitest';
import { sessionWorkload } from '../../../workloads/scenarios/session.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { failedChecks, runScenario } from './support/run-scenario.js';

/** How many sessions a check judged, from its detail ("12 sessions checked"). */
function judged(detail: string | undefined): number {
  return Number(/(\d+) sessions checked/.exec(detail ?? '')?.[1] ?? 0);
}

describe('session store', () => {
  for (const target of ENGINE_TARGETS) {
    test.skipIf(!targetReady(target))(`on ${target.name}: live sessions stay, logged-out ones are gone`, async () => {
      const result = await runScenarioCell(target.name, 'session', {});
      expectChecksPassed(result);
      expect(figure(result, 'logins')).toBeGreaterThan(0);
      expect(figure(result, 'views')).toBeGreaterThan(figure(result, 'logins'));
      expect(judged(result.checks.find((c) => c.name === 'live sessions stay')?.detail)).toBeGreaterThan(0);
    });
  }

  // Memcached's clock ticks in seconds, so its sessions need a longer TTL to be judged either way.
  for (const [name, ttlMs, spreadOverMs] of [['redis-style', 1000, 2500], ['memcached-style', 2000, 4000]] as const) {
    test(`on ${name}: abandoned sessions expire, viewed ones slide (TTL ${ttlMs} ms)`, async () => {
      const { engine, close } = await openInProcessEngine(name);
      try {
        const run = await runScenario(engine, sessionWorkload, { params: { ttlMs, meanViews: 2 }, steps: 400, spreadOverMs });
        expect(failedChecks(run)).toEqual([]);
        expect(judged(run.checks.find((c) => c.name === 'expired sessions are gone')?.detail)).toBeGreaterThan(0);
        expect(judged(run.checks.find((c) => c.name === 'live sessions stay')?.detail)).toBeGreaterThan(0);
      } finally {
        await close();
      }
    });
  }

  for (const name of ['redis-style', 'memcached-style'] as const) {
    test(`the checks fail on ${name} when every tenth write is dropped`, async () => {
      const { engine, close } = await openInProcessEngine(name);
      try {
        const bad = await runScenario(new DropEveryTenthWrite(engine), sessionWorkload, { params: { ttlMs: 60_000 }, threads: 2, steps: 300 });
        const failed = failedChecks(bad).join('\n');
        expect(failed).toMatch(/live sessions stay: \d+ of \d+ wrong/);
        expect(failed).toMatch(/no page view lost a live session/);
      } finally {
        await close();
      }
    });
  }

  test('bad parameters are named with what is allowed', () => {
    expect(() => sessionWorkload.resolveParams({ ttlMs: 10 })).toThrow(/ttlMs: must be an integer from 1000/);
    expect(() => sessionWorkload.resolveParams({ loginRatio: 0.5, logoutRatio: 0.6 })).toThrow(/logoutRatio: must be from 0 to 0.5/);
  });
});
