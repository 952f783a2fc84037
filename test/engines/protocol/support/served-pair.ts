/**
 * Both served engines in this process on free loopback ports, for protocol tests: a RespServer
 * (redis-style) and a net.Server whose connections are McConnections over one memcached-style
 * engine (the worker-thread server's connection class, without the threads).
 */
import net from 'node:net';
import { openMemcachedStyle, type MemcachedStyleEngine } from '../../../../engines/memcached/engine.js';
import { McConnection } from '../../../../engines/protocol/memcached/connection.js';
import { RespServer, type RespServerOptions } from '../../../../engines/protocol/resp/server.js';

export interface ServedPair {
  readonly resp: RespServer;
  readonly mcEngine: MemcachedStyleEngine;
  readonly mcPort: number;
  close(): Promise<void>;
}

export async function startServedPair(respOptions: RespServerOptions = {}, mcMemoryMb = 8): Promise<ServedPair> {
  const resp = await RespServer.start({ port: 0, ...respOptions });
  const mcEngine = openMemcachedStyle({ memoryMb: mcMemoryMb });
  const mcServer = net.createServer((s) => new McConnection(mcEngine, s, () => {}));
  await new Promise<void>((r) => mcServer.listen(0, '127.0.0.1', () => r()));
  return {
    resp,
    mcEngine,
    mcPort: (mcServer.address() as net.AddressInfo).port,
    close: async () => {
      await resp.shutdown();
      await new Promise((r) => mcServer.close(r));
      mcEngine.close();
    },
  };
}
