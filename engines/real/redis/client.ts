/**
 * The two Redis clients behind one shape: the lean RESP client (`resp`) and ioredis
 * (`ioredis`), chosen by the `client` option. Both offer the kv fast paths, generic `call` with
 * RESP2 reply shapes, readiness and close.
 */
import type { Bytes, KvOps, Reply } from '../../types.js';
import { RespClient } from '../resp/client.js';
import { RespClusterClient } from '../resp/cluster-client.js';
import { IoredisClient } from './ioredis-client.js';
import type { RedisAdapterOptions } from './options.js';
import type { RedisTarget } from './url.js';

/** What both clients offer: the kv fast paths, generic calls, lifecycle. */
export interface RedisClientLike extends KvOps {
  call(args: readonly Bytes[]): Promise<Reply>;
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

export function newClient(target: RedisTarget, adapter: RedisAdapterOptions): RedisClientLike {
  if (adapter.client === 'ioredis') return new IoredisClient(target, adapter);
  if (target.mode === 'cluster') {
    return new RespClusterClient({
      seeds: target.nodes,
      connections: adapter.connections,
      timeoutMs: adapter.timeoutMs,
      ...(target.username !== undefined ? { username: target.username } : {}),
      ...(target.password !== undefined ? { password: target.password } : {}),
      ...(target.tls ? { tls: { ...(adapter.tls ?? {}) } } : {}),
    });
  }
  const node = target.nodes[0]!;
  return new RespClient({
    host: node.host,
    port: node.port,
    connections: adapter.connections,
    timeoutMs: adapter.timeoutMs,
    db: target.db,
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    ...(target.tls ? { tls: { servername: node.host, ...(adapter.tls ?? {}) } } : {}),
  });
}
