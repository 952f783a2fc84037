/**
 * memtier's load shape, checked from the server's side: with `--clients C --pipeline P -t T`
 * the server sees C connections per thread (redis `CLIENT LIST`, memcached `stats conns`), never
 * more than P requests outstanding on one of them (a counting proxy in front of redis-server
 * parses both directions), and every operation is counted exactly once across threads and
 * connections (result counts = the server's own command counters over the run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import { runCell, type CellSpec } from '../../../harness/cell/run-cell.js';
import type { RunResult } from '../../../shared/result-types.js';
import { serverAvailable } from '../../support/servers.js';
import { ask, CountingProxy, redisClientCount, redisCommandCalls } from '../../support/resp-counting-proxy.js';

async function memcachedStats(port: number, what = ''): Promise<string> {
  return ask(port, `stats${what ? ` ${what}` : ''}\r\n`, (r) => r.endsWith('END\r\n'));
}

const THREADS = 2;
const CLIENTS = 3;
const PIPELINE = 5;
const KEYS = 500;
const REQUESTS = 6000;

function spec(engine: 'redis' | 'memcached', url: string): CellSpec {
  return {
    engine: { name: engine, options: { url, connections: CLIENTS } },
    workload: { name: 'kv', params: { keys: KEYS, ratio: '1:3', dataSize: '16-64' } },
    config: { threads: THREADS, clients: CLIENTS, pipeline: PIPELINE, requests: REQUESTS, warmupMs: 0, seed: 3 },
  };
}

function expectShape(result: RunResult): void {
  expect(result.config.clients).toBe(CLIENTS);
  expect(result.config.pipeline).toBe(PIPELINE);
  expect(result.config.threads).toBe(THREADS);
  expect(result.config.concurrency).toBe(CLIENTS * PIPELINE);
  expect(result.summary.errors).toBe(0);
  expect(result.summary.ops).toBe(REQUESTS);
}

describe.skipIf(!serverAvailable('redis-server'))('--clients/--pipeline against redis-server', () => {
  let server: ManagedServer;
  let proxy: CountingProxy;
  beforeAll(async () => {
    server = await startRedisServer();
    proxy = new CountingProxy(server.port);
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it('C connections per thread, ≤ P outstanding per connection, every operation counted once', async () => {
    const before = await redisCommandCalls(server.port);
    let seenClients = -1;
    const result = await runCell(spec('redis', `redis://127.0.0.1:${proxy.port}`), {
      onPhase: (phase) => {
        if (phase === 'measure') {
          proxy.measuring = true;
          void redisClientCount(server.port).then((n) => (seenClients = n));
        }
        if (phase === 'check') proxy.measuring = false;
      },
    });
    const after = await redisCommandCalls(server.port);
    expectShape(result);
    // The proxy's connections are the server's clients: C per thread, plus the one the
    // server-side series samples INFO on.
    expect(seenClients).toBe(THREADS * CLIENTS + 1);
    expect(proxy.connections).toBe(THREADS * CLIENTS + 1);
    expect(proxy.maxOutstanding).toBeGreaterThan(1);
    expect(proxy.maxOutstanding).toBeLessThanOrEqual(PIPELINE);
    const delta = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta('get')).toBe(result.ops['get']!.count);
    // Preload wrote every key once; the rest of the SETs are the measured ones.
    expect(delta('set')).toBe(KEYS + result.ops['set']!.count);
  });
});

describe.skipIf(!serverAvailable('memcached'))('--clients/--pipeline against memcached', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startMemcached({});
  });
  afterAll(async () => {
    await server?.stop();
  });

  const stat = (text: string, name: string): number => Number(new RegExp(`^STAT ${name} (\\d+)`, 'm').exec(text)![1]);

  it('C connections per thread (stats conns), every operation counted once (cmd_get, cmd_set)', async () => {
    const before = await memcachedStats(server.port);
    let seenClients = -1;
    const result = await runCell(spec('memcached', server.url), {
      onPhase: (phase) => {
        if (phase !== 'measure') return;
        // Connections with a listen_addr are client connections; one of them is the asker.
        void memcachedStats(server.port, 'conns').then((t) => (seenClients = (t.match(/:listen_addr /g) ?? []).length - 1));
      },
    });
    const after = await memcachedStats(server.port);
    expectShape(result);
    expect(seenClients).toBe(THREADS * CLIENTS + 1); // + the stats sampler's connection
    expect(stat(after, 'cmd_get') - stat(before, 'cmd_get')).toBe(result.ops['get']!.count);
    expect(stat(after, 'cmd_set') - stat(before, 'cmd_set')).toBe(KEYS + result.ops['set']!.count);
  });
});
