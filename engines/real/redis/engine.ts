/**
 * `RemoteRedisEngine`: the engine contract over a real Redis (standalone, TLS or Cluster),
 * through either the lean RESP client or ioredis. The kv facet is the client itself; `call`
 * returns RESP2 replies shaped exactly like the in-process engine's; pub/sub and blocking
 * commands get their own ioredis connections; `stats()` flattens INFO (every master's, for a
 * cluster, prefixed by `host:port/`).
 */
import type { Cluster } from 'ioredis';
import {
  EngineError,
  ErrorReply,
  type Capability,
  type Engine,
  type EngineInfo,
  type EngineLocation,
  type EngineStats,
  type KvLanes,
  type KvOps,
  type RedisCommands,
  type Subscriber,
} from '../../types.js';
import { RespClient } from '../resp/client.js';
import { RespClusterClient } from '../resp/cluster-client.js';
import { newClient, type RedisClientLike } from './client.js';
import { IoredisClient, newIoredis } from './ioredis-client.js';
import { INFO_SECTIONS, parseInfo } from './info.js';
import { IoredisSubscriber } from './subscriber.js';
import type { RedisAdapterOptions } from './options.js';
import type { RedisTarget } from './url.js';

export class RemoteRedisEngine implements Engine {
  readonly sync = false;
  readonly kv: KvOps;
  readonly redis: RedisCommands;
  readonly lanes?: KvLanes;
  readonly clientCounters?: () => Readonly<Record<string, number>>;
  private readonly extra: { close(): Promise<void> }[] = [];

  private constructor(
    readonly info: EngineInfo,
    private readonly client: RedisClientLike,
    private readonly target: RedisTarget,
    private readonly adapter: RedisAdapterOptions,
  ) {
    this.kv = client;
    const commands: RedisCommands = {
      call: (args) => client.call(args),
      subscriber: () => this.newSubscriber(),
      blockingClient: () => this.newBlockingClient(),
    };
    this.redis = commands;
    if (client instanceof RespClient) {
      this.lanes = {
        connections: client.connectionCount,
        getLength: (conn, key, onLength, onError) => client.getLengthWith(conn, key, onLength, onError),
        set: (conn, key, value, ttlMs, onDone, onError) => client.setTtlWith(conn, key, value, ttlMs, onDone, onError),
        getLengthAt: (conn, prefix, index, onLength, onError) => client.getLengthAtWith(conn, prefix, index, onLength, onError),
        setAt: (conn, prefix, index, value, ttlMs, onDone, onError) => client.setAtWith(conn, prefix, index, value, ttlMs, onDone, onError),
      };
    } else if (client instanceof RespClusterClient) {
      this.lanes = client.lanes;
      const redirects = client.redirects;
      this.clientCounters = () => ({ movedRedirects: redirects.moved, askRedirects: redirects.ask, tryAgainRetries: redirects.tryagain });
    }
  }

  /** Connect, check the server answers, read its version. */
  static async connect(
    name: string,
    location: EngineLocation,
    capabilities: ReadonlySet<Capability>,
    target: RedisTarget,
    adapter: RedisAdapterOptions,
  ): Promise<RemoteRedisEngine> {
    const client = newClient(target, adapter);
    try {
      await client.whenReady();
      const reply = await client.call(['INFO', 'server']);
      if (typeof reply !== 'string') throw new EngineError('protocol', `INFO server answered ${String(reply)}`);
      const version = String(parseInfo(reply)['redis_version'] ?? 'unknown');
      const cluster = target.mode === 'cluster';
      return new RemoteRedisEngine({ name, family: 'redis', location, version, capabilities, ...(cluster ? { cluster } : {}) }, client, target, adapter);
    } catch (err) {
      await client.close();
      const where = target.nodes.map((n) => `${n.host}:${n.port}`).join(',');
      throw new Error(`${name}: cannot use Redis at ${where}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async newSubscriber(): Promise<Subscriber> {
    const cluster = this.target.mode === 'cluster';
    const client = newIoredis(this.target, { ...this.adapter, autoPipelining: false }, () => undefined, false, cluster);
    const sub = new IoredisSubscriber(client, cluster);
    this.extra.push(sub);
    return sub;
  }

  /**
   * One ioredis connection without a request timeout (BLPOP may wait longer than it); on a
   * cluster driven by the lean router, a blocking router of its own (`forBlocking`).
   */
  private async newBlockingClient(): Promise<RedisCommands & { close(): Promise<void> }> {
    if (this.client instanceof RespClusterClient) {
      const router = this.client.forBlocking();
      this.extra.push(router);
      return { call: (args) => router.call(args), close: () => router.close() };
    }
    const client = new IoredisClient(this.target, { ...this.adapter, connections: 1, pipeline: 1, autoPipelining: false }, false);
    await client.whenReady();
    this.extra.push(client);
    return { call: (args) => client.call(args), close: () => client.close() };
  }

  async stats(): Promise<EngineStats> {
    const sections = [...INFO_SECTIONS];
    if (this.target.mode === 'cluster' && this.client instanceof IoredisClient) {
      const cluster = this.client.ioredisClients[0] as Cluster;
      const stats: EngineStats = {};
      const masters = cluster.nodes('master');
      stats['cluster_masters'] = masters.length;
      for (const node of masters) {
        const text = (await node.call('INFO', ...sections)) as string;
        Object.assign(stats, parseInfo(text, `${node.options.host}:${node.options.port}/`));
      }
      return stats;
    }
    if (this.client instanceof RespClusterClient) {
      const masters = this.client.masters();
      const stats: EngineStats = { cluster_masters: masters.length };
      for (const node of masters) {
        const reply = await node.client.call(['INFO', ...sections]);
        if (typeof reply !== 'string') throw new EngineError('protocol', `INFO answered ${String(reply)}`);
        Object.assign(stats, parseInfo(reply, `${node.host}:${node.port}/`));
      }
      return stats;
    }
    const reply = await this.client.call(['INFO', ...sections]);
    if (typeof reply !== 'string') throw new EngineError('protocol', `INFO answered ${String(reply)}`);
    return parseInfo(reply);
  }

  async flush(): Promise<void> {
    if (this.target.mode === 'cluster' && this.client instanceof IoredisClient) {
      const cluster = this.client.ioredisClients[0] as Cluster;
      await Promise.all(cluster.nodes('master').map((n) => n.flushall()));
      return;
    }
    const reply = await this.client.call(['FLUSHALL']);
    if (reply instanceof ErrorReply) throw new EngineError('reply', reply.message);
  }

  async close(): Promise<void> {
    await Promise.all(this.extra.splice(0).map((e) => e.close()));
    await this.client.close();
  }
}
