import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_PING_PROBE, waitUntilAnswering } from '../../../../engines/real/managed/probe.js';

/** A loopback peer that answers PING as a redis-server loading its AOF would, then PONG. */
function loadingPeer(loadingReplies: number): Promise<{ server: net.Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.once('data', () => socket.end(connections <= loadingReplies ? '-LOADING Redis is loading the dataset in memory\r\n' : '+PONG\r\n'));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port, connections: () => connections })));
}

let open: net.Server | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

describe('redis readiness probe', () => {
  it('is not ready while the server answers -LOADING, and ready at the first PONG', async () => {
    const peer = await loadingPeer(3);
    open = peer.server;
    expect(await waitUntilAnswering('127.0.0.1', peer.port, REDIS_PING_PROBE, 5000, () => false, 1)).toBe('+PONG');
    expect(peer.connections()).toBe(4);
  });

  it('gives up at the deadline naming the loading state', async () => {
    const peer = await loadingPeer(Number.POSITIVE_INFINITY);
    open = peer.server;
    await expect(waitUntilAnswering('127.0.0.1', peer.port, REDIS_PING_PROBE, 200, () => false, 5)).rejects.toThrow(/still loading its dataset/);
  });
});
