/**
 * Looking at a redis-server from its own side, for tests of the load shape: one-shot requests
 * on a fresh socket (`INFO commandstats`, `CLIENT LIST`), and a loopback proxy that parses RESP
 * in both directions and keeps the most requests ever outstanding on one connection.
 */
import net from 'node:net';
import { ReplyParser } from '../../engines/real/resp/parser.js';

/** One request/reply exchange on a fresh socket; resolves with the text once `complete` says so. */
export function ask(port: number, text: string, complete: (reply: string) => boolean): Promise<string> {
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

export const redisBulk = (r: string): boolean => {
  const m = /^\$(\d+)\r\n/.exec(r);
  return m !== null && r.length >= m[0].length + Number(m[1]) + 2;
};

export async function redisCommandCalls(port: number): Promise<Map<string, number>> {
  const info = await ask(port, 'INFO commandstats\r\n', redisBulk);
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) calls.set(m[1]!, Number(m[2]));
  return calls;
}

/** Connections the server has besides the one asking (CLIENT LIST lists the asker too). */
export async function redisClientCount(port: number): Promise<number> {
  const list = await ask(port, 'CLIENT LIST\r\n', redisBulk);
  return list.split('\n').filter((l) => l.startsWith('id=')).length - 1;
}

/**
 * A loopback proxy that parses RESP in both directions and keeps, per connection, the largest
 * number of requests that had passed towards the server without their reply having come back.
 */
export class CountingProxy {
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

