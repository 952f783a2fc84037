/**
 * A loopback TCP proxy in front of a real server, for fault tests: it can stall (stop
 * forwarding replies while keeping connections open), cut every connection and refuse new
 * ones, and come back — so tests can show timeouts, reconnects and backoff against the real
 * server without killing it. It can also dribble replies back a few bytes per event-loop turn,
 * so clients must parse real replies split at arbitrary points.
 */
import net from 'node:net';

export class TcpProxy {
  private server: net.Server;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private refusing = false;
  private stalled = false;
  private dribbling = false;
  /** Connections accepted so far (reconnect attempts show up here). */
  accepted = 0;
  port = 0;

  private constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => this.onClient(client));
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', () => resolve()));
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    return proxy;
  }

  private onClient(client: net.Socket): void {
    this.accepted++;
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.createConnection({ host: '127.0.0.1', port: this.targetPort });
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    client.on('data', (d) => upstream.write(d));
    let backlog: Buffer[] = [];
    let pumping = false;
    let piece = 0;
    const pump = (): void => {
      const next = backlog[0];
      if (!next || client.destroyed) {
        pumping = false;
        return;
      }
      // 1..7 bytes per turn, cycling, so split points fall everywhere.
      const size = (piece++ % 7) + 1;
      client.write(next.subarray(0, size));
      if (next.length <= size) backlog.shift();
      else backlog[0] = next.subarray(size);
      setImmediate(pump);
    };
    upstream.on('data', (d: Buffer) => {
      if (this.stalled) return;
      if (!this.dribbling) {
        client.write(d);
        return;
      }
      backlog.push(d);
      if (!pumping) {
        pumping = true;
        setImmediate(pump);
      }
    });
    client.on('close', () => {
      backlog = [];
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }

  /** Replies are swallowed from now on (the server "stops answering"). */
  stall(): void {
    this.stalled = true;
  }

  /** Every connection is cut and new ones are closed at once (the server "died"). */
  cut(): void {
    this.refusing = true;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  /** Replies go back a few bytes per event-loop turn. */
  dribble(): void {
    this.dribbling = true;
  }

  /** Back to normal forwarding. */
  restore(): void {
    this.refusing = false;
    this.stalled = false;
    this.dribbling = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
