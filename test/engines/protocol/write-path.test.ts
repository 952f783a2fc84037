/**
 * Replies leave straight through the TCP handle while nothing is queued and through the socket
 * stream once the kernel holds bytes back (`SocketLife.send`). A client that stops reading
 * while 48 MB of replies pile up — past the 16 MB at which the server stops reading it — gets
 * every reply, whole and in request order, once it reads again, and the server kept serving
 * others meanwhile.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RespServer } from '../../../engines/protocol/resp/server.js';
import { RawClient } from './support/raw-client.js';

const VALUE_BYTES = 1024 * 1024;
const GETS = 48;

describe('served replies to a reader that stalls', () => {
  let resp: RespServer;
  beforeAll(async () => {
    resp = await RespServer.start({ port: 0 });
  });
  afterAll(async () => {
    await resp?.shutdown();
  });

  it('delivers every reply in order after the stall; other connections are served meanwhile', async () => {
    const setup = await RawClient.connect(resp.port);
    for (let i = 0; i < 4; i++) {
      const value = String.fromCharCode(97 + i).repeat(VALUE_BYTES);
      expect(await setup.exchange(`*3\r\n$3\r\nSET\r\n$2\r\nv${i}\r\n$${VALUE_BYTES}\r\n${value}\r\n`, '\r\n')).toBe('+OK\r\n');
    }
    setup.close();

    const slow = net.connect(resp.port, '127.0.0.1');
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.pause();
    let request = '';
    for (let i = 0; i < GETS; i++) request += `GET v${i % 4}\r\nPING\r\n`;
    slow.write(request);
    await new Promise((r) => setTimeout(r, 300));

    const other = await RawClient.connect(resp.port);
    expect(await other.exchange('PING\r\n', '\r\n')).toBe('+PONG\r\n');
    other.close();

    const chunks: Buffer[] = [];
    let received = 0;
    const header = `$${VALUE_BYTES}\r\n`;
    const expected = GETS * (header.length + VALUE_BYTES + 2 + '+PONG\r\n'.length);
    const done = new Promise<void>((resolve) => {
      slow.on('data', (d: Buffer) => {
        chunks.push(d);
        received += d.length;
        if (received >= expected) resolve();
      });
    });
    slow.resume();
    await done;
    slow.destroy();
    const all = Buffer.concat(chunks);
    expect(all.length).toBe(expected);
    const values = [0, 1, 2, 3].map((i) => Buffer.alloc(VALUE_BYTES, 97 + i));
    let at = 0;
    for (let i = 0; i < GETS; i++) {
      expect(all.toString('latin1', at, at + header.length)).toBe(header);
      at += header.length;
      expect(all.subarray(at, at + VALUE_BYTES).equals(values[i % 4]!), `reply ${i}`).toBe(true);
      at += VALUE_BYTES;
      expect(all.toString('latin1', at, at + 9)).toBe('\r\n+PONG\r\n');
      at += 9;
    }
  }, 30_000);
});
