import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { redisFactory } from '../../../../engines/real/redis/factory.js';
import { probeOnce } from '../../../../engines/real/managed/probe.js';
import { serverAvailable } from '../../../support/servers.js';

const run = promisify(execFile);
const THREAD = { index: 0, count: 1, isWorker: false };

/** DBSIZE of one node, asked directly over a plain socket. */
async function dbsize(node: ManagedServer): Promise<number> {
  const line = await probeOnce('127.0.0.1', node.port, 'DBSIZE\r\n', 2000);
  return Number(line.slice(1));
}

async function clusterState(node: ManagedServer): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(node.port), 'CLUSTER', 'INFO']);
  return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? 'unknown';
}

describe.runIf(serverAvailable('redis-server') && serverAvailable('redis-cli'))('redis engine: three-node Redis Cluster (redis+cluster://)', () => {
  const nodes: ManagedServer[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      nodes.push(
        await startRedisServer({
          extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'],
        }),
      );
    }
    await run('redis-cli', [
      '--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes',
    ]);
    // Slots are assigned at once; the state turns ok once the nodes have gossiped.
    for (let i = 0; i < 100 && (await clusterState(nodes[0]!)) !== 'ok'; i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it('spreads keys over every node and reads them back', async () => {
    expect(await clusterState(nodes[0]!)).toBe('ok');
    const url = `redis+cluster://127.0.0.1:${nodes[0]!.port},127.0.0.1:${nodes[1]!.port}`;
    const engine = await redisFactory.create({ url, connections: 2, autoPipelining: true }, undefined, THREAD);
    try {
      expect(engine.info.name).toBe('redis');
      const keys = Array.from({ length: 300 }, (_, i) => `cluster:key:${i}`);
      await Promise.all(keys.map((k, i) => engine.kv.set(k, `value-${i}`)));
      const sizes = await Promise.all(nodes.map(dbsize));
      for (const size of sizes) expect(size).toBeGreaterThan(30); // ~100 each
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
      const values = await Promise.all(keys.map((k) => engine.kv.get(k)));
      expect(values).toEqual(keys.map((_, i) => `value-${i}`));
      // Generic commands are routed by key too.
      expect(await engine.redis!.call(['INCRBY', 'cluster:counter', '7'])).toBe(7);
      // Stats come from every master, prefixed by node.
      const stats = await engine.stats();
      expect(stats['cluster_masters']).toBe(3);
      for (const n of nodes) expect(typeof stats[`127.0.0.1:${n.port}/used_memory`]).toBe('number');
    } finally {
      await engine.close();
    }
  });

  it("rejects client 'resp' for a cluster URL, naming the alternative", async () => {
    const url = `redis+cluster://127.0.0.1:${nodes[0]!.port}`;
    await expect(redisFactory.create({ url, client: 'resp' }, undefined, THREAD)).rejects.toThrow(
      /client: 'resp' drives redis:\/\/ and rediss:\/\/ only; use client 'ioredis'/,
    );
  });
});
