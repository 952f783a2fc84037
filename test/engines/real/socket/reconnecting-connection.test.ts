/**
 * The shared connection machinery, driven through a small line protocol ("text\n" is answered
 * "TEXT\n") against a real loopback TCP server the test controls: replies settle requests in
 * order, the server vanishing rejects what was pending as `connection` and the socket comes back
 * by itself, a silent server times requests out and their late replies are dropped, garbage is
 * a `protocol` failure, and `close()` rejects what is pending as `closed`.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReconnectingConnection, type ReconnectingConnectionOptions } from '../../../../engines/real/socket/reconnecting-connection.js';
import { EngineError } from '../../../../engines/types.js';

/** Upper-cases each line; lines starting with "hold" are answered only when `release()` runs. */
class LineServer {
  readonly sockets = new Set<net.Socket>();
  readonly held: { socket: net.Socket; line: string }[] = [];
  connections = 0;
  private readonly server: net.Server;

  private constructor(server: net.Server) {
    this.server = server;
  }

  static async start(port = 0): Promise<LineServer> {
    const server = net.createServer();
    const ls = new LineServer(server);
    server.on('connection', (socket) => {
      ls.connections++;
      ls.sockets.add(socket);
      socket.on('close', () => ls.sockets.delete(socket));
      socket.on('error', () => {});
      let pending = '';
      socket.on('data', (chunk) => {
        pending += chunk.toString('latin1');
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (line.startsWith('hold')) ls.held.push({ socket, line });
          else if (line === 'garbage') socket.write('\x00\x01\n');
          else socket.write(`${line.toUpperCase()}\n`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return ls;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  release(): void {
    for (const { socket, line } of this.held.splice(0)) socket.write(`${line.toUpperCase()}\n`);
  }

  /** Stops listening and drops every connection. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The protocol half: requests are lines, replies are upper-case lines, anything else is garbage. */
class LineConnection extends ReconnectingConnection {
  private out = '';
  private partial = '';
  writes = 0;

  constructor(options: ReconnectingConnectionOptions) {
    super(options);
    this.start();
  }

  send(line: string): Promise<unknown> {
    if (this.closed) return this.rejectClosed();
    this.out += `${line}\n`;
    return this.track(0, line);
  }

  protected onOpen(): void {}

  protected onData(chunk: Buffer, borrowed: boolean): void {
    expect(borrowed).toBe(true); // plain TCP reads into the shared buffer
    this.partial += chunk.toString('latin1');
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, nl);
      this.partial = this.partial.slice(nl + 1);
      if (!/^[A-Z0-9 ]*$/.test(line)) throw new Error(`not a reply line: ${JSON.stringify(line)}`);
      if (this.count === 0) throw new Error('a reply with no request');
      if (!this.takeOldest()) continue;
      if (line !== (this.takenContext as string).toUpperCase()) this.takenReject!(new Error(`out of order: ${line}`));
      else this.takenResolve!(line);
    }
  }

  protected writeOut(socket: net.Socket): void {
    if (this.out.length === 0) return;
    this.writes++;
    socket.write(this.out, 'latin1');
    this.out = '';
  }

  protected resetProtocol(): void {
    this.out = '';
    this.partial = '';
  }
}

function kindOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (err: unknown) => (err instanceof EngineError ? err.kind : `not an EngineError: ${String(err)}`),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${withinMs} ms`);
    await sleep(20);
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: Partial<ReconnectingConnectionOptions> = {}): Promise<{ server: LineServer; conn: LineConnection }> {
  const server = await LineServer.start();
  const conn = new LineConnection({ host: '127.0.0.1', port: server.port, backoffInitialMs: 20, backoffMaxMs: 100, ...options });
  cleanups.push(() => server.stop().catch(() => {}), () => conn.close());
  return { server, conn };
}

describe('ReconnectingConnection', () => {
  it('settles many requests in flight in order, sent in one write per flush', async () => {
    const { conn } = await setup();
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`); // past the first ring size
    const replies = await Promise.all(lines.map((l) => conn.send(l)));
    expect(replies).toEqual(lines.map((l) => l.toUpperCase()));
    expect(conn.writes).toBe(1);
    expect(conn.inFlight).toBe(0);
  });

  it('fails pending requests as `connection` when the server goes away, and reconnects by itself', async () => {
    const { server, conn } = await setup();
    expect(await conn.send('first')).toBe('FIRST');
    const held = kindOf(conn.send('hold me'));
    await eventually(async () => server.held.length === 1, 2000);
    for (const s of server.sockets) s.destroy();
    expect(await held).toBe('connection');
    // Issued while reconnecting: waits for the next attempt instead of failing.
    expect(await conn.send('again')).toBe('AGAIN');
    expect(server.connections).toBe(2);
  });

  it('keeps retrying with backoff while the server is down and recovers when it is back', async () => {
    const first = await LineServer.start();
    const port = first.port;
    const conn = new LineConnection({ host: '127.0.0.1', port, backoffInitialMs: 20, backoffMaxMs: 80 });
    cleanups.push(() => conn.close());
    expect(await conn.send('up')).toBe('UP');
    await first.stop();
    // Refused attempts reject as `connection`; none hangs.
    expect(await kindOf(conn.send('down'))).toBe('connection');
    const second = await LineServer.start(port);
    cleanups.push(() => second.stop());
    await eventually(async () => (await kindOf(conn.send('back'))) === 'ok', 3000);
    expect(second.connections).toBeGreaterThanOrEqual(1);
  });

  it('times out a request the server never answers and drops its late reply', async () => {
    const { server, conn } = await setup({ timeoutMs: 200 });
    const started = Date.now();
    const held = kindOf(conn.send('hold this'));
    expect(await held).toBe('timeout');
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(1500);
    server.release(); // the late reply arrives before the next one …
    expect(await conn.send('next')).toBe('NEXT'); // … and does not settle it
  });

  it('treats bytes the protocol cannot parse as a `protocol` failure and reconnects', async () => {
    const { server, conn } = await setup();
    expect(await kindOf(conn.send('garbage'))).toBe('protocol');
    expect(await conn.send('fine')).toBe('FINE');
    expect(server.connections).toBe(2);
  });

  it('rejects pending and later requests as `closed` after close()', async () => {
    const { server, conn } = await setup();
    const held = kindOf(conn.send('hold forever'));
    await eventually(async () => server.held.length === 1, 2000);
    await conn.close();
    expect(await held).toBe('closed');
    expect(await kindOf(conn.send('after'))).toBe('closed');
  });

  it('rejects a non-positive timeout naming the field', () => {
    expect(() => new LineConnection({ host: '127.0.0.1', port: 1, timeoutMs: 0 })).toThrow(/timeoutMs: must be a positive number/);
  });
});
