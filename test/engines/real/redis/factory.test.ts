import { describe, expect, it } from 'vitest';
import { runCell } from '../../../../harness/cell/run-cell.js';
import { serverAvailable } from '../../../support/servers.js';

describe.runIf(serverAvailable('redis-server'))('redis-server engine through the harness', () => {
  it('a run records the server version, its facts and INFO deltas beside the client figures', async () => {
    const result = await runCell({
      engine: { name: 'redis-server', options: { persistence: 'aof-always', connections: 2 } },
      workload: { name: 'kv', params: { keys: 500 } },
      config: { durationMs: 500, warmupMs: 0, concurrency: 8 },
    });
    expect(result.errors).toEqual({});
    expect(result.engine).toMatchObject({ name: 'redis-server', location: 'managed', family: 'redis' });
    expect(result.engine.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.engine.facts).toMatchObject({ persistence: 'aof', appendfsync: 'always', version: result.engine.version });
    const { before, after, delta } = result.engine.stats!;
    expect(before['aof_enabled']).toBe(1);
    const gets = result.ops['get']!.count;
    const sets = result.ops['set']!.count;
    // The server counted what the client did (the kv preload ran before `before`); at most the
    // 8 operations in flight at the end can be on the server's side but not the client's.
    expect(delta['keyspace_hits']).toBeGreaterThanOrEqual(gets);
    expect(delta['keyspace_hits']).toBeLessThanOrEqual(gets + 8);
    expect(delta['total_commands_processed']).toBeGreaterThanOrEqual(gets + sets);
    expect(typeof after['used_cpu_sys']).toBe('number');
    expect((delta['used_cpu_sys'] ?? 0) + (delta['used_cpu_user'] ?? 0)).toBeGreaterThan(0);
  });

  it('--threads 2: both worker threads drive the one managed server', async () => {
    const result = await runCell({
      engine: { name: 'redis-server', options: { client: 'resp' } },
      workload: { name: 'kv', params: { keys: 500 } },
      config: { durationMs: 500, warmupMs: 0, concurrency: 4, threads: 2 },
    });
    expect(result.errors).toEqual({});
    expect(result.config.threads).toBe(2);
    const gets = result.ops['get']!.count;
    expect(gets).toBeGreaterThan(0);
    // Two threads' connections: the server saw every thread's GETs, not just one thread's.
    expect(result.engine.stats!.delta['keyspace_hits']).toBeGreaterThanOrEqual(gets);
    expect(result.engine.stats!.delta['keyspace_hits']).toBeLessThanOrEqual(gets + 8);
  });

  it('open loop: a real server is driven at a Poisson 2000 ops/s without errors', async () => {
    const result = await runCell({
      engine: { name: 'redis-server', options: { client: 'resp', connections: 2 } },
      workload: { name: 'kv', params: { keys: 500 } },
      config: { rate: 2000, arrival: 'poisson', durationMs: 1000, warmupMs: 0 },
    });
    // Whether the schedule counts as kept (p99 send lag ≤ 1 ms) depends on the machine's load;
    // that every request was served at the planned rate does not.
    expect(result.errors).toEqual({});
    expect(result.openLoop!.targetRate).toBe(2000);
    expect(result.openLoop!.achievedRate).toBeGreaterThan(1700);
    expect(result.openLoop!.achievedRate).toBeLessThan(2300);
  });
});
