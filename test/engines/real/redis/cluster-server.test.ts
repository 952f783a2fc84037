/**
 * The managed `redis-cluster-server` engine: a real three-master Redis Cluster on loopback,
 * started for the run and torn down after. kv spreads over every master (per-node stats in the
 * result); social-graph keeps SINTER native with hash tags; pubsub runs on sharded pub/sub; all
 * pass their checks, and no node outlives the run.
 */
import { describe, expect, it } from 'vitest';
import { liveServerCount } from '../../../../engines/real/managed/index.js';
import { runCell } from '../../../../harness/cell/run-cell.js';
import { serverAvailable } from '../../../support/servers.js';

const available = serverAvailable('redis-server') && serverAvailable('redis-cli');

describe.runIf(available)('redis-cluster-server: a managed Redis Cluster', () => {
  it('kv spreads over every master; stats per node; every node stopped after', async () => {
    const r = await runCell({
      engine: { name: 'redis-cluster-server', options: { masters: 3 } },
      workload: { name: 'kv', params: { keys: 3000 } },
      config: { requests: 3000, warmupMs: 0, seed: 11, concurrency: 8 },
    });
    expect(r.status, r.statusReasons.join('; ')).toBe('ok');
    expect(r.engine.facts).toMatchObject({ masters: 3, server: 'redis-server (cluster)' });
    const after = r.engine.stats!.after;
    expect(after['cluster_masters']).toBe(3);
    // Every master served its share of the 3000 measured operations (per-node stats, prefixed by node).
    const served = Object.entries(r.engine.stats!.delta).filter(([k]) => /^127\.0\.0\.1:\d+\/total_commands_processed$/.test(k));
    expect(served).toHaveLength(3);
    for (const [, n] of served) expect(n).toBeGreaterThan(500);
    expect(liveServerCount()).toBe(0);
  }, 60_000);

  it('social-graph keeps SINTER native with hash tags and passes its checks', async () => {
    const r = await runCell({
      engine: { name: 'redis-cluster-server' },
      workload: { name: 'social-graph', params: { users: 500 } },
      config: { requests: 2000, warmupMs: 0, seed: 12, concurrency: 8 },
    });
    expect(r.status, r.statusReasons.join('; ')).toBe('ok');
    expect(r.errors).toEqual({});
    expect(r.ops['mutual']!.count).toBeGreaterThan(0);
    expect(r.domain!.notes!.join(' ')).toMatch(/hash-tagged into 64 groups/);
  }, 60_000);

  it('pubsub runs on sharded pub/sub and delivers every message once, in order', async () => {
    const r = await runCell({
      engine: { name: 'redis-cluster-server' },
      workload: { name: 'pubsub', params: { channels: 6, subscribers: 2 } },
      config: { requests: 600, warmupMs: 0, seed: 13, concurrency: 1 },
    });
    expect(r.status, r.statusReasons.join('; ')).toBe('ok');
    expect(r.checks.every((c) => c.passed)).toBe(true);
    expect(r.domain!.notes!.join(' ')).toMatch(/sharded pub\/sub \(SSUBSCRIBE\/SPUBLISH\)/);
  }, 60_000);
});
