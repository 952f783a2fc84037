/**
 * A raw memcached text-protocol client over one loopback TCP socket, for the differential
 * test: it sends bytes exactly as given and returns every byte of the reply. Each request is
 * followed by the meta no-op `mn`, whose `MN\r\n` marks the end of everything the server said
 * about the request — including the extra replies a rejected data block provokes.
 */
import net from 'node:net';

const SENTINEL = 'MN\r\n';

export class TextClient {
  private buffered = '';
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      this.waiter?.();
    });
    socket.on('error', (err) => {
      this.failure = err;
      this.waiter?.();
    });
    socket.on('close', () => {
      this.failure ??= new Error('memcached closed the connection');
      this.waiter?.();
    });
  }

  static connect(host: string, port: number): Promise<TextClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => {
        socket.off('error', reject);
        resolve(new TextClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Send `line` (and `data` as its block), return the complete reply (without the sentinel). */
  async request(line: string, data?: string, timeoutMs = 5000): Promise<string> {
    let out = line + '\r\n';
    if (data !== undefined) out += data + '\r\n';
    out += 'mn\r\n';
    this.socket.write(out, 'latin1');
    const deadline = Date.now() + timeoutMs;
    while (!this.buffered.endsWith(SENTINEL)) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline) throw new Error(`no reply to ${JSON.stringify(line.slice(0, 80))} within ${timeoutMs} ms (have ${JSON.stringify(this.buffered.slice(0, 200))})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    const reply = this.buffered.slice(0, -SENTINEL.length);
    this.buffered = '';
    return reply;
  }

  close(): void {
    this.socket.destroy();
  }
}
