/**
 * A raw TCP client for protocol tests: send exact bytes, collect exact bytes. `exchange`
 * sends and waits until the bytes received end with an expected tail (or the peer closes),
 * so a test can compare the server's answer byte for byte with another server's.
 */
import net from 'node:net';

export class RawClient {
  private received = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  send(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Resolves once `done(received)` holds, the peer closed, or after `timeoutMs`. */
  async until(done: (text: string) => boolean, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.received.toString('latin1');
      if (done(text) || this.closed || Date.now() > deadline) return text;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Take everything received so far. */
  take(): string {
    const text = this.received.toString('latin1');
    this.received = Buffer.alloc(0);
    return text;
  }

  /** Send, wait until the answer ends with `tail` (or `count` occurrences of it), take it. */
  async exchange(bytes: string, tail: string, count = 1, timeoutMs = 3000): Promise<string> {
    this.send(bytes);
    await this.until((t) => t.split(tail).length - 1 >= count && t.endsWith(tail), timeoutMs);
    return this.take();
  }

  /** Wait a little for anything more (to show that nothing came). */
  async quiet(ms = 100): Promise<string> {
    await new Promise((r) => setTimeout(r, ms));
    return this.take();
  }

  close(): void {
    this.socket.destroy();
  }
}
