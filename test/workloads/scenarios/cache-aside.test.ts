import { describe, expect, test } from 'vitest';
import { CLAIMED_MEMORY_OVER_DATABASE, cacheAsideWorkload } from '../../../workloads/scenarios/cache-aside.js';
import { startRedisServer } from '../../../engines/real/managed/index.js';
import { runCell } from '../../../harness/cell/run-cell.js';
import { serverAvailable } from '../../support/servers.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { postgresAvailable, startPostgres } from './support/postgres.js';
import { failedChecks, runScenario } from './support/run-scenario.js';

describe('cache-aside over PGlite', () => {
  for (const target of ENGINE_TARGETS) {
    test.skipIf(!targetReady(target))(`on ${target.name}: cold start warms up, and the cache matches the database`, async () => {
      const result = await runScenarioCell(target.name, 'cache-aside', { rows: 400, writeRatio: 0.1 }, { durationMs: 600 });
      expectChecksPassed(result);
      expect(result.workload.mode).toBe('native');
      const hits = figure(result, 'hits');
      const misses = figure(result, 'misses');
      expect(hits).toBeGreaterThan(0);
      expect(misses).toBeGreaterThan(0);
      expect(figure(result, 'hitRatio')).toBeCloseTo(hits / (hits + misses), 10);
      // Every miss and every write is a database query; every hit is one saved.
      expect(figure(result, 'dbQueries')).toBe(misses + figure(result, 'writes'));
      expect(figure(result, 'dbQueriesSaved')).toBe(hits);
      // The measured ratio is reported beside the folklore figure, computed from the two latencies.
      const dbRead = result.domain!.latencies!['dbRead']!;
      const cacheHit = result.domain!.latencies!['cacheHit']!;
      expect(dbRead.count).toBe(misses);
      expect(cacheHit.count).toBe(hits);
      expect(figure(result, 'dbOverCacheLatency')).toBeCloseTo(dbRead.mean / cacheHit.mean, 6);
      expect(figure(result, 'claimedMemoryOverDatabase')).toBe(CLAIMED_MEMORY_OVER_DATABASE);
      // Hit ratio over time: starts cold (the first second has the misses of an empty cache).
      const curve = result.domain!.series!['hit ratio']!.points;
      expect(curve.length).toBeGreaterThan(0);
      expect(curve[0]!.y).toBeLessThan(1);
      expect(result.ops['hit']!.count).toBe(hits);
      expect(result.ops['miss']!.count).toBe(misses);
    });
  }

  test('a database read is slower than an in-process cache hit', async () => {
    // A fixed number of operations, one at a time: the hit ratio is a function of the seed.
    const result = await runScenarioCell('memcached-style', 'cache-aside', { rows: 200 }, { durationMs: null, requests: 2000, concurrency: 1 });
    expectChecksPassed(result);
    // Medians, so a GC pause or a busy machine cannot tip the comparison.
    expect(figure(result, 'dbOverCacheLatencyP50')).toBeGreaterThan(1);
    expect(figure(result, 'hitRatio')).toBeGreaterThan(0.5);
  });

  test.skipIf(!postgresAvailable())('against a Postgres server (db=postgres://…) shared by two worker threads', async () => {
    const server = await startPostgres();
    try {
      const result = await runScenarioCell('memcached-style', 'cache-aside', { db: server.url, rows: 300, writeRatio: 0.1, writePolicy: 'update' }, { threads: 2, durationMs: 600 });
      expectChecksPassed(result);
      expect(result.domain!.notes).toContain('database: Postgres server');
      expect(figure(result, 'misses')).toBeGreaterThan(0);
      expect(figure(result, 'writes')).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });

  test.skipIf(!serverAvailable('redis-server'))('a rerun against the same server starts cold again (old cached rows would not match a fresh database)', async () => {
    const server = await startRedisServer();
    try {
      for (let run = 0; run < 2; run++) {
        const result = await runCell({
          engine: { name: 'redis', options: { url: server.url } },
          workload: { name: 'cache-aside', params: { rows: 30, writeRatio: 0.5, writePolicy: 'update' } },
          config: { durationMs: 800, warmupMs: 0, concurrency: 4, seed: 7 },
        });
        expectChecksPassed(result);
        expect(figure(result, 'misses')).toBeGreaterThan(0);
      }
    } finally {
      await server.stop();
    }
  });

  for (const writePolicy of ['invalidate', 'update']) {
    test(`the consistency check fails when every tenth write is dropped (${writePolicy})`, async () => {
      const { engine, close } = await openInProcessEngine('memcached-style');
      try {
        const params = { rows: 100, writeRatio: 0.3, writePolicy };
        const good = await runScenario(engine, cacheAsideWorkload, { params, steps: 600, concurrency: 4 });
        expect(failedChecks(good)).toEqual([]);
        await engine.flush();
        const bad = await runScenario(new DropEveryTenthWrite(engine), cacheAsideWorkload, { params, steps: 600, concurrency: 4 });
        expect(failedChecks(bad).join('\n')).toMatch(/cache matches database: \d+ of \d+ cached rows are stale/);
      } finally {
        await close();
      }
    });
  }

  test('bad parameters are named with what is allowed', () => {
    expect(() => cacheAsideWorkload.resolveParams({ writePolicy: 'write-behind' })).toThrow(/writePolicy: must be one of invalidate, update/);
    expect(() => cacheAsideWorkload.resolveParams({ db: 'mysql://x' })).toThrow(/db: must be '' \(embedded PGlite\) or a postgres:\/\/ URL/);
    expect(() => cacheAsideWorkload.resolveParams({ writeRatio: 2 })).toThrow(/writeRatio: must be from 0 to 1/);
  });
});
