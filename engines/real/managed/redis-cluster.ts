/**
 * A Redis Cluster on loopback for one run: N redis-server masters with `--cluster-enabled`,
 * joined by `redis-cli --cluster create` (every slot assigned, no replicas), waited for until
 * every node says `cluster_state:ok`, and stopped together after — each node is a managed server,
 * so the exit hooks and watchdog that stop one redis-server stop these too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requireBinary } from './binaries.js';
import type { ManagedServer } from './managed-server.js';
import { startRedisServer, type RedisServerOptions } from './redis-server.js';

const run = promisify(execFile);

/** redis-cli --cluster create needs three masters at least. */
export const MIN_CLUSTER_MASTERS = 3;
export const MAX_CLUSTER_MASTERS = 16;
const READY_TIMEOUT_MS = 20_000;

export interface ManagedCluster {
  readonly nodes: readonly ManagedServer[];
  /** `redis+cluster://` URL naming every node. */
  readonly url: string;
  readonly version: string;
  stop(): Promise<void>;
}

export async function startRedisCluster(masters: number, options: Omit<RedisServerOptions, 'extraArgs'> = {}): Promise<ManagedCluster> {
  if (!Number.isInteger(masters) || masters < MIN_CLUSTER_MASTERS || masters > MAX_CLUSTER_MASTERS) {
    throw new Error(`masters: must be an integer from ${MIN_CLUSTER_MASTERS} to ${MAX_CLUSTER_MASTERS} (got ${masters})`);
  }
  const cli = requireBinary('redis-cli');
  const nodes: ManagedServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(nodes.map((n) => n.stop()));
  };
  try {
    const started = await Promise.allSettled(
      Array.from({ length: masters }, () =>
        startRedisServer({
          ...options,
          extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000'],
        }),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const auth = options.requirepass !== undefined ? ['-a', options.requirepass, '--no-auth-warning'] : [];
    await run(cli, [...auth, '--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: READY_TIMEOUT_MS,
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (const n of nodes) {
      while ((await clusterState(cli, auth, n)) !== 'ok') {
        if (Date.now() > deadline) throw new Error(`redis cluster: node ${n.host}:${n.port} not ok after ${READY_TIMEOUT_MS} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    // cluster_state:ok on every node is not agreement: right after `create` a node can still send
    // MOVED for a slot it just gave away, and a redirected command overtakes later ones.
    const first = nodes[0]!;
    while (!(await slotsAgreed(cli, auth, first))) {
      if (Date.now() > deadline) throw new Error(`redis cluster: nodes do not agree about slots after ${READY_TIMEOUT_MS} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const userinfo = options.requirepass !== undefined ? `:${encodeURIComponent(options.requirepass)}@` : '';
    return { nodes, url: `redis+cluster://${userinfo}${nodes.map((n) => `${n.host}:${n.port}`).join(',')}`, version: nodes[0]!.version, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function slotsAgreed(cli: string, auth: readonly string[], node: ManagedServer): Promise<boolean> {
  try {
    const { stdout } = await run(cli, [...auth, '--cluster', 'check', `${node.host}:${node.port}`], { timeout: 5000 });
    return stdout.includes('All nodes agree about slots configuration') && stdout.includes('All 16384 slots covered');
  } catch {
    return false;
  }
}

async function clusterState(cli: string, auth: readonly string[], node: ManagedServer): Promise<string> {
  try {
    const { stdout } = await run(cli, [...auth, '-h', node.host, '-p', String(node.port), 'CLUSTER', 'INFO'], { timeout: 2000 });
    return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? 'unknown';
  } catch {
    return 'unreachable';
  }
}
