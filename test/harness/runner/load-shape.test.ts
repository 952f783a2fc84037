/**
 * memtier's load shape, checked from the server's side: with `--clients C --pipeline P -t T`
 * the server sees C connections per thread (redis `CLIENT LIST`, memcached `stats conns`), never
 * more than P requests outstanding on one of them (a counting proxy in front of redis-server
 * parses both directions), and every operation is counted exactly once across threads and
 * connections (result counts = the server's own command counters over the run).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import { ReplyParser } from '../../../engines/real/resp/parser.js';
import { runCell, type CellSpec } from '../../../harness/cell/run-cell.js';
import type { RunResult } from '../../../shared/result-types.js';
import { serverAvailable } from '../../support/servers.js';

/** One request/reply exchange on a fresh socket; resolves with the text once `complete` says so. */
function ask(port: number, text: string, complete: (reply: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (complete(reply)) {
        socket.destroy();
        resolve(reply);
      }
    });
    socket.on('error', reject);
    socket.write(text);
  });
}

const redisBulk = (r: string): boolean => {
  const m = /^\$(\d+)\r\n/.exec(r);
  return m !== null && r.length >= m[0].length + Number(m[1]) + 2;
};

async function redisCommandCalls(port: number): Promise<Map<string, number>> {
  const info = await ask(port, 'INFO commandstats\r\n', redisBulk);
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) calls.set(m[1]!, Number(m[2]));
  return calls;
}

/** Connections the server has besides the one asking (CLIENT LIST lists the asker too). */
async function redisClientCount(port: number): Promise<number> {
  const list = await ask(port, 'CLIENT LIST\r\n', redisBulk);
  return list.split('\n').filter((l) => l.startsWith('id=')).length - 1;
}

async function memcachedStats(port: number, what = ''): Promise<string> {
  return ask(port, `stats${what ? ` ${what}` : ''}\r\n`, (r) => r.endsWith('END\r\n'));
}

/**
 * A loopback proxy that parses RESP in both directions and keeps, per connection, the largest
 * number of requests that had passed towards the server without their reply having come back.
 */
class CountingProxy {
  maxOutstanding = 0;
  /** Only the measured phase has the shape; preload is a bulk load (a window of writes) before it. */
  measuring = false;
  connections = 0;
  private readonly server: net.Server;
  port = 0;
  constructor(private readonly target: number) {
    this.server = net.createServer((client) => this.pair(client));
  }
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
  private pair(client: net.Socket): void {
    this.connections++;
    const upstream = net.connect(this.target, '127.0.0.1');
    let outstanding = 0;
    const requests = new RequestCounter(() => {
      outstanding++;
      if (this.measuring && outstanding > this.maxOutstanding) this.maxOutstanding = outstanding;
    });
    const replies = new ReplyParser(() => outstanding--);
    client.on('data', (d: Buffer) => {
      requests.feed(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      replies.feed(d);
      client.write(d);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}

/** Counts RESP commands (arrays of bulk strings) in a byte stream split anywhere. */
class RequestCounter {
  private pending = Buffer.alloc(0);
  constructor(private readonly onCommand: () => void) {}
  feed(chunk: Buffer): void {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const used = commandLength(buf);
      if (used < 0) break;
      this.onCommand();
      buf = buf.subarray(used);
    }
    this.pending = Buffer.from(buf);
  }
}

function commandLength(buf: Buffer): number {
  const line = (from: number): number => {
    const cr = buf.indexOf(13, from);
    return cr < 0 || cr + 1 >= buf.length ? -1 : cr;
  };
  let cr = line(0);
  if (cr < 0) return -1;
  const args = Number(buf.toString('latin1', 1, cr));
  let pos = cr + 2;
  for (let i = 0; i < args; i++) {
    cr = line(pos);
    if (cr < 0) return -1;
    const len = Number(buf.toString('latin1', pos + 1, cr));
    pos = cr + 2 + len + 2;
    if (pos > buf.length) return -1;
  }
  return pos;
}

const THREADS = 2;
const CLIENTS = 3;
const PIPELINE = 5;
const KEYS = 500;
const REQUESTS = 6000;

function spec(engine: 'redis' | 'memcached', url: string): CellSpec {
  return {
    engine: { name: engine, options: { url, connections: CLIENTS } },
    workload: { name: 'kv', params: { keys: KEYS, ratio: '1:3', dataSize: '16-64' } },
    config: { threads: THREADS, clients: CLIENTS, pipeline: PIPELINE, requests: REQUESTS, warmupMs: 0, seed: 3 },
  };
}

function expectShape(result: RunResult): void {
  expect(result.config.clients).toBe(CLIENTS);
  expect(result.config.pipeline).toBe(PIPELINE);
  expect(result.config.threads).toBe(THREADS);
  expect(result.config.concurrency).toBe(CLIENTS * PIPELINE);
  expect(result.summary.errors).toBe(0);
  expect(result.summary.ops).toBe(REQUESTS);
}

describe.skipIf(!serverAvailable('redis-server'))('--clients/--pipeline against redis-server', () => {
  let server: ManagedServer;
  let proxy: CountingProxy;
  beforeAll(async () => {
    server = await startRedisServer();
    proxy = new CountingProxy(server.port);
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it('C connections per thread, ≤ P outstanding per connection, every operation counted once', async () => {
    const before = await redisCommandCalls(server.port);
    let seenClients = -1;
    const result = await runCell(spec('redis', `redis://127.0.0.1:${proxy.port}`), {
      onPhase: (phase) => {
        if (phase === 'measure') {
          proxy.measuring = true;
          void redisClientCount(server.port).then((n) => (seenClients = n));
        }
        if (phase === 'check') proxy.measuring = false;
      },
    });
    const after = await redisCommandCalls(server.port);
    expectShape(result);
    // The proxy's connections are the server's clients: C per thread, plus the one the
    // server-side series samples INFO on.
    expect(seenClients).toBe(THREADS * CLIENTS + 1);
    expect(proxy.connections).toBe(THREADS * CLIENTS + 1);
    expect(proxy.maxOutstanding).toBeGreaterThan(1);
    expect(proxy.maxOutstanding).toBeLessThanOrEqual(PIPELINE);
    const delta = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta('get')).toBe(result.ops['get']!.count);
    // Preload wrote every key once; the rest of the SETs are the measured ones.
    expect(delta('set')).toBe(KEYS + result.ops['set']!.count);
  });
});

describe.skipIf(!serverAvailable('memcached'))('--clients/--pipeline against memcached', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startMemcached({});
  });
  afterAll(async () => {
    await server?.stop();
  });

  const stat = (text: string, name: string): number => Number(new RegExp(`^STAT ${name} (\\d+)`, 'm').exec(text)![1]);

  it('C connections per thread (stats conns), every operation counted once (cmd_get, cmd_set)', async () => {
    const before = await memcachedStats(server.port);
    let seenClients = -1;
    const result = await runCell(spec('memcached', server.url), {
      onPhase: (phase) => {
        if (phase !== 'measure') return;
        // Connections with a listen_addr are client connections; one of them is the asker.
        void memcachedStats(server.port, 'conns').then((t) => (seenClients = (t.match(/:listen_addr /g) ?? []).length - 1));
      },
    });
    const after = await memcachedStats(server.port);
    expectShape(result);
    expect(seenClients).toBe(THREADS * CLIENTS + 1); // + the stats sampler's connection
    expect(stat(after, 'cmd_get') - stat(before, 'cmd_get')).toBe(result.ops['get']!.count);
    expect(stat(after, 'cmd_set') - stat(before, 'cmd_set')).toBe(KEYS + result.ops['set']!.count);
  });
});
