import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMemcached, startRedisServer, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { runCell } from '../../../../harness/cell/run-cell.js';
import { serverAvailable } from '../../../support/servers.js';
import { expectChecksPassed } from './engines.js';

/**
 * A server outlives a run: the same scenario run again with the same seed against the same server
 * must not trip over what the first run left (scores, jobs, friend sets, timelines, cached rows).
 */
describe.skipIf(!serverAvailable('redis-server'))('a rerun against the same redis server', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const [workload, params] of [
    ['leaderboard', { players: 200 }],
    ['queue', { blockMs: 20, produceRatio: 0.9 }],
    ['social-graph', { users: 300 }],
    ['timeline', { users: 200 }],
  ] as const) {
    test(`${workload} passes its checks twice in a row`, async () => {
      for (let run = 0; run < 2; run++) {
        const result = await runCellOn(server.url, workload, params);
        expectChecksPassed(result);
      }
    });
  }

  test("the sliding rate limiter's second run is allowed as much as the first", async () => {
    const allowed: number[] = [];
    for (let run = 0; run < 2; run++) {
      const result = await runCellOn(server.url, 'rate-limiter', { algorithm: 'sliding', clients: 3, windowMs: 60_000 });
      expectChecksPassed(result);
      allowed.push(result.ops['allowed']?.count ?? 0);
    }
    expect(allowed).toEqual([15, 15]);
  });
});

describe.skipIf(!serverAvailable('memcached'))('a rerun against the same memcached', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('the leaderboard board and timelines start empty again', async () => {
    for (const workload of ['leaderboard', 'timeline'] as const) {
      for (let run = 0; run < 2; run++) expectChecksPassed(await runCellOn(server.url, workload, { [workload === 'leaderboard' ? 'players' : 'users']: 200 }, 'memcached'));
    }
  });
});

/** A brief cell on the remote-server engine (`redis` / `memcached` with a URL): the server stays between runs. */
function runCellOn(url: string, workload: string, params: Record<string, unknown>, engine: 'redis' | 'memcached' = 'redis', durationMs = 300) {
  return runCell({ engine: { name: engine, options: { url } }, workload: { name: workload, params }, config: { durationMs, warmupMs: 0, concurrency: 4, seed: 7 } });
}
