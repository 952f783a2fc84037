import { describe, expect, test } from 'vitest';
import { rateLimiterWorkload } from '../../../workloads/scenarios/rate-limiter.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { failedChecks, runScenario } from './support/run-scenario.js';

describe('rate-limiter', () => {
  for (const target of ENGINE_TARGETS) {
    test.skipIf(!targetReady(target))(`fixed window on ${target.name}: never more than the limit, exactly the limit when asked`, async () => {
      const result = await runScenarioCell(target.name, 'rate-limiter', { clients: 10, limit: 5, windowMs: 200 });
      expectChecksPassed(result);
      expect(result.workload.mode).toBe('native');
      expect(figure(result, 'blocked')).toBeGreaterThan(0);
      expect(figure(result, 'maxAllowedInWindow')).toBe(5);
    });
  }

  for (const target of ENGINE_TARGETS) {
    test.skipIf(!targetReady(target))(`sliding window log on ${target.name}`, async () => {
      const result = await runScenarioCell(target.name, 'rate-limiter', { algorithm: 'sliding', clients: 10, limit: 5, windowMs: 200 });
      expectChecksPassed(result);
      expect(figure(result, 'maxAllowedInWindow')).toBeLessThanOrEqual(5);
      expect(figure(result, 'blocked')).toBeGreaterThan(0);
      expect(result.domain!.notes!.join()).toMatch(target.family === 'redis' ? /on a sorted set/ : /JSON log per client under a CAS loop/);
    });
  }

  test("the seed's exercise: spam 10, see 5 allowed and 5 blocked", async () => {
    for (const algorithm of ['fixed', 'sliding']) {
      const result = await runScenarioCell('redis-style', 'rate-limiter', { algorithm, clients: 1, limit: 5, windowMs: 60_000 }, { durationMs: null, requests: 10, concurrency: 1 });
      expect(result.ops['allowed']?.count, algorithm).toBe(5);
      expect(result.ops['blocked']?.count, algorithm).toBe(5);
      expectChecksPassed(result);
    }
    for (const algorithm of ['fixed', 'sliding']) {
      const memcached = await runScenarioCell('memcached-style', 'rate-limiter', { algorithm, clients: 1, limit: 5, windowMs: 60_000 }, { durationMs: null, requests: 10, concurrency: 1 });
      expect([memcached.ops['allowed']?.count, memcached.ops['blocked']?.count], algorithm).toEqual([5, 5]);
    }
  });

  test('many clients over two worker threads share one limit per client per window', async () => {
    const result = await runScenarioCell('memcached-style', 'rate-limiter', { clients: 4, limit: 5, windowMs: 100 }, { threads: 2, durationMs: 500 });
    expectChecksPassed(result);
    expect(figure(result, 'clientWindows')).toBeGreaterThan(4);
    expect(figure(result, 'maxAllowedInWindow')).toBe(5);
  });

  test('the sliding log on memcached: two worker threads contend for one CAS per client, retries counted', async () => {
    // One client with a generous limit: nearly every request appends to the same log, as the leaderboard's incr does.
    const result = await runScenarioCell('memcached-style', 'rate-limiter', { algorithm: 'sliding', clients: 1, limit: 2000, windowMs: 100 }, { threads: 2, durationMs: 500 });
    expectChecksPassed(result);
    expect(figure(result, 'casRetries')).toBeGreaterThan(0);
    expect(figure(result, 'maxAllowedInWindow')).toBeLessThanOrEqual(2000);
  });

  test('bad parameters are named with what is allowed', () => {
    expect(() => rateLimiterWorkload.resolveParams({ algorithm: 'leaky' })).toThrow(/algorithm: must be one of fixed, sliding/);
    expect(() => rateLimiterWorkload.resolveParams({ limit: 0 })).toThrow(/limit: must be an integer from 1/);
    expect(() => rateLimiterWorkload.resolveParams({ burst: 3 })).toThrow(/burst: unknown parameter; allowed: algorithm, limit, windowMs, clients/);
  });

  for (const name of ['redis-style', 'memcached-style'] as const) {
    for (const algorithm of ['fixed', 'sliding']) {
      test(`the ${algorithm} check fails on ${name} when every tenth write is dropped`, async () => {
        const { engine, close } = await openInProcessEngine(name);
        try {
          const params = { algorithm, clients: 3, limit: 5, windowMs: 60_000 };
          const good = await runScenario(engine, rateLimiterWorkload, { params, threads: 2, steps: 60 });
          expect(failedChecks(good)).toEqual([]);
          await engine.flush();
          const bad = await runScenario(new DropEveryTenthWrite(engine), rateLimiterWorkload, { params, threads: 2, steps: 60 });
          expect(failedChecks(bad).join('\n')).toMatch(/never more than 5 allowed/);
        } finally {
          await close();
        }
      });
    }
  }
});
