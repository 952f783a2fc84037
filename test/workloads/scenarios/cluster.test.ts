/**
 * Every scenario on a managed three-master Redis Cluster: each passes its checks with no error,
 * or is refused or emulated with a reason `list` shows for cluster targets. One cluster for the
 * file (startRedisCluster, what `redis-cluster-server` starts per run), driven as
 * `redis+cluster://` through the lean slot router — the `redis-cluster-server` engine is that
 * cluster plus this same engine over its URL — at 16 in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type ManagedCluster } from '../../../engines/real/managed/index.js';
import { redisClusterServerFactory } from '../../../engines/real/redis/cluster-factory.js';
import { runCell } from '../../../harness/cell/run-cell.js';
import { renderPairingDetail } from '../../../harness/cli/list/pairings.js';
import { pairing } from '../../../workloads/pairing.js';
import { WORKLOAD_FACTORIES } from '../../../workloads/registry.js';
import { serverAvailable } from '../../support/servers.js';

const available = serverAvailable('redis-server') && serverAvailable('redis-cli');

/** Small parameters: the run is about correctness on a cluster, not load. */
const SMALL: Record<string, Record<string, unknown>> = {
  'cache-aside': { rows: 200 },
  'hash-objects': { objects: 100 },
  'social-graph': { users: 200 },
  timeline: { users: 100 },
  pubsub: { channels: 2, subscribers: 2 },
};

/**
 * Every scenario (kv and YCSB are single-key and covered by the redirect tests), and the queue's
 * reliable variant; the queue on two load threads (its ledger crosses threads; its blocking pops
 * open one connection each, which made short runs on a cluster fail).
 */
const CELLS: { name: string; params: Record<string, unknown>; threads: number }[] = [
  ...[...WORKLOAD_FACTORIES.keys()]
    .filter((n) => n !== 'kv' && !n.startsWith('ycsb'))
    .map((name) => ({ name, params: SMALL[name] ?? {}, threads: name === 'queue' ? 2 : 1 })),
  { name: 'queue', params: { variant: 'reliable' }, threads: 2 },
];

describe.runIf(available)('every scenario on a managed Redis Cluster', () => {
  let cluster: ManagedCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it.each(CELLS)('$name $params: passes its checks, or list says why not', async ({ name, params, threads }) => {
    const p = pairing(WORKLOAD_FACTORIES.get(name)!, redisClusterServerFactory);
    const listed = renderPairingDetail(['redis-cluster-server'], name);
    if (p.kind !== 'native') {
      // Not native: list must say how it runs (emulation, or the missing capabilities).
      expect(listed).toMatch(p.kind === 'refused' ? /not capable: needs/ : /emulated/);
      if (p.kind === 'refused') return;
    }
    const r = await runCell({
      engine: { name: 'redis', options: { url: cluster.url } },
      workload: { name, params },
      config: { durationMs: 500, warmupMs: 0, seed: 31, concurrency: 16, threads },
    });
    expect(r.status, `${r.statusReasons.join('; ')} ${JSON.stringify(r.checks.filter((c) => !c.passed))}`).toBe('ok');
    expect(r.errors).toEqual({});
    expect(r.summary.ops).toBeGreaterThan(0);
    expect(r.checks.every((c) => c.passed)).toBe(true);
    // What a workload does differently on a cluster is both in the result and in `list`.
    const onCluster = WORKLOAD_FACTORIES.get(name)!.onCluster;
    if (onCluster !== undefined) {
      expect(listed).toContain(`(on a cluster: ${onCluster})`);
      expect((r.domain?.notes ?? []).join(' ')).toMatch(/cluster/);
    }
  }, 90_000); // cache-aside starts PGlite (WebAssembly Postgres): ~20 s on the loaded 2-core machine
});
