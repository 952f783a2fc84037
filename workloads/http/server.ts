/**
 * The API on a loopback node:http server. Keep-alive on (autocannon and wrk reuse connections);
 * `close` ends event streams, the server and its idle and busy connections, then the API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Api } from './api.js';

export interface RunningApi {
  readonly api: Api;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startApiServer(api: Api, host = '127.0.0.1'): Promise<RunningApi> {
  const server: Server = createServer({ keepAlive: true }, api.handle);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    api,
    port,
    url: `http://${host}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
