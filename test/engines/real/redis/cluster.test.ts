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

/** Whether a CLUSTER NODES line lists `slot` among its ranges. */
function ownsSlot(line: string, slot: number): boolean {
  return line
    .split(' ')
    .slice(8)
    .some((r) => {
      const [a, b] = r.split('-').map(Number);
      return b === undefined ? a === slot : a! <= slot && slot <= b;
    });
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
    const engine = await redisFactory.create({ url, client: 'ioredis', connections: 2, autoPipelining: true }, undefined, THREAD);
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

  it("client 'resp' (the lean driver's slot router) spreads keys, routes calls, keeps stats per node and follows MOVED", async () => {
    const url = `redis+cluster://127.0.0.1:${nodes[0]!.port}`;
    const engine = await redisFactory.create({ url, client: 'resp' }, undefined, THREAD);
    const cli = async (node: ManagedServer, ...args: string[]): Promise<string> =>
      (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(node.port), ...args])).stdout.trim();
    try {
      const before = await Promise.all(nodes.map(dbsize));
      const keys = Array.from({ length: 300 }, (_, i) => `resp:key:${i}`);
      await Promise.all(keys.map((k, i) => engine.kv.set(k, `v${i}`)));
      const added = (await Promise.all(nodes.map(dbsize))).map((n, i) => n - before[i]!);
      for (const n of added) expect(n).toBeGreaterThan(30);
      expect(added.reduce((a, b) => a + b, 0)).toBe(300);
      expect(await engine.kv.mget(keys.slice(0, 50))).toEqual(keys.slice(0, 50).map((_, i) => `v${i}`));
      expect(await engine.redis!.call(['INCRBY', '{resp}:counter', '5'])).toBe(5);
      const stats = await engine.stats();
      expect(stats['cluster_masters']).toBe(3);
      for (const n of nodes) expect(typeof stats[`127.0.0.1:${n.port}/used_memory`]).toBe('number');

      // Move the (empty) slot of a fresh key to another master behind the router's back: the
      // owner then answers MOVED, which the router follows and remembers.
      const key = 'resp:moved:key';
      const slot = Number(await cli(nodes[0]!, 'CLUSTER', 'KEYSLOT', key));
      const ids = await Promise.all(nodes.map((n) => cli(n, 'CLUSTER', 'MYID')));
      const table = (await cli(nodes[0]!, 'CLUSTER', 'NODES')).split('\n');
      const owner = nodes.findIndex((_, i) => table.some((l) => l.startsWith(ids[i]!) && ownsSlot(l, slot)));
      expect(owner).toBeGreaterThanOrEqual(0);
      const target = (owner + 1) % nodes.length;
      await cli(nodes[target]!, 'CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', ids[owner]!);
      await cli(nodes[owner]!, 'CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', ids[target]!);
      for (const n of nodes) await cli(n, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', ids[target]!);
      expect(String(await engine.redis!.call(['SET', key, 'after-move']))).toBe('OK');
      expect(await cli(nodes[target]!, 'GET', key)).toBe('after-move');
      expect(await engine.redis!.call(['GET', key])).toBe('after-move');
    } finally {
      await engine.close();
    }
  });
});
