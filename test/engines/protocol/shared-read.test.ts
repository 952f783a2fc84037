/**
 * Served sockets read into one buffer per thread (`readShared`): the fast path is live on this
 * Node, pause/resume still stop and restart reads, and a request that spans reads survives other
 * connections' reads overwriting the shared buffer in between — for RESP (a partial command, a
 * pipeline held behind a blocked BLPOP) and memcached (a data block split across reads).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readShared } from '../../../engines/protocol/shared-read.js';
import { RawClient } from './support/raw-client.js';
import { startServedPair, type ServedPair } from './support/served-pair.js';

const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Enough traffic on another connection to overwrite the shared buffer many times. */
async function churn(port: number, request: (i: number) => string, reply: string, n = 200): Promise<void> {
  const other = await RawClient.connect(port);
  let batch = '';
  for (let i = 0; i < n; i++) batch += request(i);
  await other.exchange(batch, reply, n);
  other.close();
}

describe('readShared', () => {
  it('reads an accepted socket into the shared buffer; pause stops the reads, resume restarts them', async () => {
    const chunks: string[] = [];
    let fast: boolean | null = null;
    let accepted: net.Socket | null = null;
    const server = net.createServer((s) => {
      accepted = s;
      fast = readShared(s, (chunk, transient) => {
        expect(transient).toBe(true);
        chunks.push(chunk.toString('latin1'));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const client = await RawClient.connect((server.address() as net.AddressInfo).port);
    client.send('one');
    for (let i = 0; i < 100 && chunks.length === 0; i++) await tick(5);
    expect(fast).toBe(true);
    expect(chunks.join('')).toBe('one');
    accepted!.pause();
    client.send('two');
    await tick(50);
    expect(chunks.join('')).toBe('one');
    accepted!.resume();
    for (let i = 0; i < 100 && chunks.join('') !== 'onetwo'; i++) await tick(5);
    expect(chunks.join('')).toBe('onetwo');
    client.close();
    await new Promise((r) => server.close(r));
  });
});

describe('requests spanning reads, with other connections reading in between', () => {
  let served: ServedPair;
  beforeAll(async () => {
    served = await startServedPair();
  });
  afterAll(async () => {
    await served?.close();
  });

  it('RESP: a command cut inside its key and inside its value', async () => {
    const a = await RawClient.connect(served.resp.port);
    a.send('*3\r\n$3\r\nSET\r\n$16\r\nkey:0000');
    await tick();
    await churn(served.resp.port, (i) => `*3\r\n$3\r\nSET\r\n$16\r\nkey:${String(i).padStart(12, '9')}\r\n$5\r\nzzzzz\r\n`, '+OK\r\n');
    a.send('00012345\r\n$10\r\nhello');
    await tick();
    await churn(served.resp.port, (i) => `GET key:${String(i).padStart(12, '9')}\r\n`, 'zzzzz\r\n');
    expect(await a.exchange('world\r\n*2\r\n$3\r\nGET\r\n$16\r\nkey:000000012345\r\n', '\r\n', 3)).toBe('+OK\r\n$10\r\nhelloworld\r\n');
    a.close();
  });

  it('RESP: a pipeline held behind a blocked BLPOP runs intact once another connection pushes', async () => {
    const a = await RawClient.connect(served.resp.port);
    a.send('BLPOP q 0\r\nSET after "held value"\r\nGET after\r\nPING\r\n');
    await tick();
    await churn(served.resp.port, (i) => `SET other${i} ${'y'.repeat(40)}\r\n`, '+OK\r\n');
    expect(await a.quiet(30)).toBe('');
    const b = await RawClient.connect(served.resp.port);
    await b.exchange('LPUSH q x\r\n', '\r\n');
    b.close();
    expect(await a.exchange('', '+PONG\r\n')).toBe('*2\r\n$1\r\nq\r\n$1\r\nx\r\n+OK\r\n$10\r\nheld value\r\n+PONG\r\n');
    a.close();
  });

  it('memcached: a storage line and its data block cut across reads', async () => {
    const a = await RawClient.connect(served.mcPort);
    a.send('set k 0 0 10\r\nhel');
    await tick();
    await churn(served.mcPort, (i) => `set o${i} 0 0 5\r\nzzzzz\r\n`, 'STORED\r\n');
    a.send('lowo');
    await tick();
    await churn(served.mcPort, (i) => `get o${i}\r\n`, 'END\r\n');
    expect(await a.exchange('rld\r\nget k\r\n', 'END\r\n')).toBe('STORED\r\nVALUE k 0 10\r\nhelloworld\r\nEND\r\n');
    a.close();
  });
});
