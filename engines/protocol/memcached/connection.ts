/**
 * One memcached connection in a worker thread: lines (and the data blocks that follow
 * storage commands) are cut from the byte stream as memcached's conn state machine cuts them,
 * executed against this thread's attachment to the shared store, and every reply of one read
 * leaves in one `socket.write`. The text protocol is `TextProtocol` (the engine's, tested byte
 * for byte against memcached 1.6); meta commands are `MetaCommands`.
 *
 * memcached's rules at the edges: a line without a newline after 2048 bytes closes the
 * connection unless it is a multi-get (`get `/`gets `), which may run to `MAX_GET_LINE`; a
 * storage command whose line parses reads exactly `vlen + 2` bytes next, whatever they are;
 * `quit` closes. Nothing a client sends can throw out of here: an unexpected failure answers
 * `SERVER_ERROR` and closes that connection only.
 */
import type net from 'node:net';
import type { MemcachedStyleEngine } from '../../memcached/engine.js';
import { dataBlockLength, TextProtocol } from '../../memcached/text-protocol.js';
import { OutBuffer } from '../out-buffer.js';
import { MetaCommands } from './meta.js';
import { BinaryProtocol, binaryRequestLength, parseBinaryRequest } from './binary.js';
import { SocketLife } from '../socket-life.js';
import { readShared } from '../shared-read.js';

/** memcached closes a connection whose line is still unterminated after this many bytes. */
const MAX_LINE = 2048;
/** Multi-get lines may be longer (memcached grows its buffer); bounded here. */
const MAX_GET_LINE = 16 * 1024 * 1024;
const LF = 10;
const GET_BAD_FORMAT = 'CLIENT_ERROR bad command line format\r\n';

export class McConnection extends SocketLife {
  private readonly text: TextProtocol;
  private readonly meta: MetaCommands;
  private readonly out = new OutBuffer();
  private buf: Buffer | null = null;
  private pos = 0;
  /** A storage command waiting for its block of `blockBytes`. */
  private pendingLine: string | null = null;
  private pendingMeta: string[] | null = null;
  private blockBytes = 0;
  /** Decided by the first byte a client sends, as memcached does: 0x80 is the binary protocol. */
  private binary: BinaryProtocol | null = null;
  private decided = false;
  private readonly engine: MemcachedStyleEngine;

  constructor(
    engine: MemcachedStyleEngine,
    socket: net.Socket,
    private readonly onClose: () => void,
  ) {
    super(socket);
    this.engine = engine;
    this.text = new TextProtocol(engine);
    this.meta = new MetaCommands(engine.store);
    socket.setNoDelay(true);
    readShared(socket, (chunk, transient) => this.onData(chunk, transient));
  }

  protected onRelease(): void {
    this.onClose();
  }

  private onData(chunk: Buffer, transient: boolean): void {
    // What is kept between reads is always a copy (Buffer.concat, Buffer.from), never a view
    // of the shared read buffer, which the next read overwrites.
    if (this.buf === null || this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
      transient = false;
    }
    try {
      this.process();
    } catch {
      this.out.text('SERVER_ERROR internal error\r\n');
      this.flush();
      this.kill();
      return;
    }
    if (transient && this.buf !== null) {
      this.buf = Buffer.from(this.buf.subarray(this.pos));
      this.pos = 0;
    }
    this.flush();
  }

  private process(): void {
    const buf = this.buf!;
    if (!this.decided && buf.length - this.pos > 0) {
      this.decided = true;
      if (buf[this.pos] === 0x80) this.binary = new BinaryProtocol(this.engine.store, this.engine.mem);
    }
    if (this.binary !== null) return this.processBinary(buf, this.binary);
    while (!this.closed) {
      if (this.pendingLine !== null || this.pendingMeta !== null) {
        if (buf.length - this.pos < this.blockBytes) break;
        const block = buf.toString('latin1', this.pos, this.pos + this.blockBytes);
        this.pos += this.blockBytes;
        if (this.pendingMeta !== null) {
          const words = this.pendingMeta;
          this.pendingMeta = null;
          this.out.text(this.meta.ms(words, block));
        } else {
          const line = this.pendingLine!;
          this.pendingLine = null;
          this.out.text(this.text.executeWithBlock(line, block));
        }
        continue;
      }
      const lf = buf.indexOf(LF, this.pos);
      if (lf < 0) {
        const rest = buf.length - this.pos;
        if (rest > MAX_LINE) {
          let at = this.pos;
          while (at < buf.length && buf[at] === 32) at++;
          const isGet = buf.toString('latin1', at, at + 5).startsWith('get ') || buf.toString('latin1', at, at + 5) === 'gets ';
          if (at - this.pos > 100 || !isGet || rest > MAX_GET_LINE) this.kill();
        }
        break;
      }
      let end = lf;
      if (end > this.pos && buf[end - 1] === 13) end--;
      const line = buf.toString('latin1', this.pos, end);
      this.pos = lf + 1;
      this.line(line);
    }
    if (this.pos >= buf.length) {
      this.buf = null;
      this.pos = 0;
    }
  }

  private processBinary(buf: Buffer, proto: BinaryProtocol): void {
    while (!this.closed) {
      let n: number;
      try {
        n = binaryRequestLength(buf, this.pos);
      } catch {
        // A bad magic byte: memcached closes the connection.
        this.flush();
        this.kill();
        return;
      }
      if (n > MAX_GET_LINE) {
        // Never buffer toward a body no item could have.
        this.kill();
        return;
      }
      if (n < 0 || buf.length - this.pos < n) break;
      proto.execute(parseBinaryRequest(buf, this.pos), this.out);
      this.pos += n;
      if (proto.quit) {
        this.flush();
        this.endAfterWrites();
        return;
      }
    }
    if (this.pos >= buf.length) {
      this.buf = null;
      this.pos = 0;
    }
  }

  private line(line: string): void {
    const c0 = line.charCodeAt(0);
    if (c0 === 109 && line.charCodeAt(2) === 32 || line === 'mn' || line === 'me') {
      // m? — a meta command.
      const words = line.split(' ').filter((w) => w !== '');
      this.metaCommand(words);
      return;
    }
    if (line === 'quit' || line.startsWith('quit ')) {
      this.flush();
      this.endAfterWrites();
      return;
    }
    const block = dataBlockLength(line);
    if (block >= 0) {
      this.pendingLine = line;
      this.blockBytes = block;
      return;
    }
    const reply = this.text.executeText(line);
    // memcached's process_get_command releases every response not yet sent when a key is too
    // long ("Kill any stacked responses we had"): the replies before it in this read vanish.
    if (reply === GET_BAD_FORMAT && c0 === 103 && /^gat?s? /.test(line)) this.out.discardPending();
    this.out.text(reply);
  }

  private metaCommand(words: string[]): void {
    switch (words[0]) {
      case 'mg':
        this.out.text(this.meta.mg(words));
        return;
      case 'ms': {
        const n = MetaCommands.msBlockLength(words);
        if (n < 0) {
          this.out.text(this.meta.msRejected(words));
          return;
        }
        this.pendingMeta = words;
        this.blockBytes = n;
        return;
      }
      case 'md':
        this.out.text(this.meta.md(words));
        return;
      case 'ma':
        this.out.text(this.meta.ma(words));
        return;
      case 'mn':
        this.out.text('MN\r\n');
        return;
      default:
        this.out.text('ERROR\r\n');
    }
  }

  private flush(): void {
    if (this.closed) return;
    const bytes = this.out.take();
    if (bytes !== null) this.send(bytes);
  }
}
