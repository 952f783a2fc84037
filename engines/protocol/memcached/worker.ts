/**
 * A memcached-style worker thread: attaches to the shared store and serves its own
 * connections, as a memcached worker thread does. Worker 0 creates the listening socket and
 * reports its file descriptor; every other worker listens on that same descriptor, so each
 * thread's event loop accepts connections from the one socket and the kernel hands each new
 * connection to one of them. A shared counter enforces the connection limit across threads.
 */
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { attachMemcachedStyle, type MemcachedSharedPayload } from '../../memcached/engine.js';
import { McConnection } from './connection.js';

export interface WorkerInit {
  readonly index: number;
  readonly payload: MemcachedSharedPayload;
  /** Int32Array over it: [0] open connections across all workers. */
  readonly counters: SharedArrayBuffer;
  readonly maxConnections: number;
  /** Worker 0: where to listen. Others: the listening descriptor. */
  readonly listen: { readonly port: number; readonly bind: string } | { readonly fd: number };
}

export type WorkerMessage =
  | { readonly kind: 'listening'; readonly fd: number; readonly port: number }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'stopped'; readonly accepted: number };

const init = workerData as WorkerInit;
const engine = attachMemcachedStyle(init.payload);
const open = new Int32Array(init.counters);
const connections = new Set<McConnection>();
let accepted = 0;

const server = net.createServer((socket) => {
  if (Atomics.add(open, 0, 1) >= init.maxConnections) {
    Atomics.sub(open, 0, 1);
    socket.on('error', () => {});
    socket.end('ERROR Too many open connections\r\n');
    return;
  }
  accepted++;
  const c = new McConnection(engine, socket, () => {
    connections.delete(c);
    Atomics.sub(open, 0, 1);
  });
  connections.add(c);
});

function post(m: WorkerMessage): void {
  parentPort!.postMessage(m);
}

server.on('error', (err) => post({ kind: 'error', message: err.message }));
const onListening = (): void => {
  const handle = (server as unknown as { _handle?: { fd?: number } })._handle;
  const address = server.address() as net.AddressInfo;
  post({ kind: 'listening', fd: handle?.fd ?? -1, port: address.port });
};
if ('fd' in init.listen) server.listen({ fd: init.listen.fd }, onListening);
else server.listen(init.listen.port, init.listen.bind, onListening);

parentPort!.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  for (const c of [...connections]) c.kill();
  server.close();
  engine.close();
  post({ kind: 'stopped', accepted });
});
