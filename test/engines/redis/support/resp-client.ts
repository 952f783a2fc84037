/**
 * A raw RESP2 client for the differential tests: a net.Socket, a streaming reply parser that
 * yields exactly the Reply shapes the engine contract uses (bulk strings as latin1 byte
 * strings, integers as number or bigint, StatusReply, ErrorReply, arrays, null), and a FIFO of
 * waiting callers. No client library, so no library quirks between us and redis-server.
 */
import net from 'node:net';
import { ErrorReply, intReply, type Reply, StatusReply } from '../../../../engines/types.js';

type Parsed = { value: Reply; end: number } | null;

/** Parse one reply starting at `pos`; null when the buffer does not hold it all yet. */
export function parseReply(buf: Buffer, pos: number): Parsed {
  if (pos >= buf.length) return null;
  const lineEnd = buf.indexOf('\r\n', pos, 'latin1');
  if (lineEnd < 0) return null;
  const type = buf[pos]!;
  const line = buf.toString('latin1', pos + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case 43: // '+'
      return { value: new StatusReply(line), end: next };
    case 45: // '-'
      return { value: new ErrorReply(line), end: next };
    case 58: // ':'
      return { value: intReply(BigInt(line)), end: next };
    case 36: {
      // '$'
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString('latin1', next, next + len), end: next + len + 2 };
    }
    case 42: {
      // '*'
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: Reply[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, at);
        if (item === null) return null;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new Error(`RESP: unexpected type byte ${type} at ${pos}`);
  }
}

export function encodeCommand(argv: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`, 'latin1')];
  for (const a of argv) {
    parts.push(Buffer.from(`$${a.length}\r\n`, 'latin1'), Buffer.from(a, 'latin1'), Buffer.from('\r\n', 'latin1'));
  }
  return Buffer.concat(parts);
}

export class RespClient {
  private buffer = Buffer.alloc(0);
  private readonly waiting: ((r: Reply) => void)[] = [];
  /** Replies nobody asked for yet (pub/sub pushes). */
  private readonly unsolicited: Reply[] = [];
  private pushWaiter: (() => void) | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host }, () => resolve(new RespClient(socket)));
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      const parsed = parseReply(this.buffer, pos);
      if (parsed === null) break;
      pos = parsed.end;
      const waiter = this.waiting.shift();
      if (waiter) waiter(parsed.value);
      else {
        this.unsolicited.push(parsed.value);
        const w = this.pushWaiter;
        this.pushWaiter = null;
        w?.();
      }
    }
    this.buffer = pos === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(pos);
  }

  /** Send a command and wait for `replies` replies (SUBSCRIBE a b answers twice). */
  async command(argv: readonly string[], replies = 1): Promise<Reply> {
    const promises: Promise<Reply>[] = [];
    for (let i = 0; i < replies; i++) promises.push(new Promise<Reply>((resolve) => this.waiting.push(resolve)));
    this.socket.write(encodeCommand(argv));
    const all = await Promise.all(promises);
    return replies === 1 ? all[0]! : all;
  }

  /** Send without waiting (for a blocking command whose reply comes later). */
  send(argv: readonly string[]): Promise<Reply> {
    const p = new Promise<Reply>((resolve) => this.waiting.push(resolve));
    this.socket.write(encodeCommand(argv));
    return p;
  }

  /** Wait until `n` pushes arrived (or `timeoutMs` passed); returns and clears them. */
  async pushes(n: number, timeoutMs = 2000): Promise<Reply[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.unsolicited.length < n && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.pushWaiter = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
    return this.unsolicited.splice(0, this.unsolicited.length);
  }

  close(): void {
    this.socket.destroy();
  }
}
