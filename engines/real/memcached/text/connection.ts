/**
 * One memcached text-protocol connection with many requests in flight. Like the RESP
 * connection: commands are appended to one buffer and flushed once per event-loop turn; replies
 * arrive in order and settle the oldest pending request according to what it expects
 * (`Expect`). Multi-line replies (VALUE … END, STAT … END) accumulate on the connection, so
 * only the current line or data block is re-read when a chunk ends inside it.
 *
 * Failures are `EngineError`s: `connection` (refused/lost; reconnect with backoff), `timeout`
 * (request older than `timeoutMs`; its late reply is dropped), `closed`, and `reply` (an error
 * line where a value was expected).
 */
import net from 'node:net';
import { EngineError, ErrorReply, intReply, type McStoreResult, type McValue } from '../../../types.js';
import { Expect, expectsValues } from './expect.js';

export interface McConnectionOptions {
  readonly host: string;
  readonly port: number;
  /** @default 5000 */
  readonly timeoutMs?: number;
  /** Text-protocol login (memcached `-Y` auth file): sent as the first command. */
  readonly username?: string;
  readonly password?: string;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
}

type Resolve = (value: unknown) => void;
type Reject = (reason: unknown) => void;

const CR = 13;
const INITIAL_RING = 1024;
const TICKS_PER_TIMEOUT = 4;

const STORE_RESULTS: ReadonlyMap<string, McStoreResult> = new Map<string, McStoreResult>([
  ['STORED', 'STORED'],
  ['NOT_STORED', 'NOT_STORED'],
  ['EXISTS', 'EXISTS'],
  ['NOT_FOUND', 'NOT_FOUND'],
]);

export class McTextConnection {
  private socket: net.Socket | null = null;
  private ready = false;
  private closed = false;
  private out: string[] = [];
  private flushQueued = false;
  /** Replies were just settled and the requests they trigger have not been flushed yet. */
  private replyTurn = false;
  private readonly flushBound = (): void => this.flush();

  private resolves: (Resolve | null)[] = new Array<Resolve | null>(INITIAL_RING).fill(null);
  private rejects: (Reject | null)[] = new Array<Reject | null>(INITIAL_RING).fill(null);
  private expects = new Uint8Array(INITIAL_RING);
  private contexts: unknown[] = new Array<unknown>(INITIAL_RING).fill(null);
  private sentTick = new Uint32Array(INITIAL_RING);
  private head = 0;
  private count = 0;
  private loginReplies = 0;

  // Reply accumulation for the head request.
  private accValues: Map<string, McValue> | null = null;
  private accStats: Record<string, string | number> | null = null;

  // Unparsed input.
  private buf: Buffer | null = null;
  private pos = 0;

  private tick = 0;
  private readonly ticker: NodeJS.Timeout;
  private backoffMs: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private nextExpect: Expect = Expect.Ok;
  private nextContext: unknown = null;
  private readonly enqueue = (resolve: Resolve, reject: Reject): void => this.push(resolve, reject);
  lastError: string | null = null;

  constructor(private readonly options: McConnectionOptions) {
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!(timeoutMs > 0)) throw new Error(`timeoutMs: must be a positive number of milliseconds (got ${timeoutMs})`);
    this.backoffMs = options.backoffInitialMs ?? 50;
    this.ticker = setInterval(() => this.onTick(), timeoutMs / TICKS_PER_TIMEOUT);
    this.ticker.unref();
    this.connect();
  }

  get inFlight(): number {
    return this.count;
  }

  /** Send one command (its full text, data block included) expecting `expect`. */
  send(text: string, expect: Expect, context: unknown = null): Promise<unknown> {
    if (this.closed) return Promise.reject(new EngineError('closed', 'the connection was closed'));
    this.out.push(text);
    if (!this.flushQueued && this.ready) {
      this.flushQueued = true;
      // As in the RESP connection: answers to this connection's replies leave when the
      // microtasks those replies started are done; anything else at the end of the turn.
      if (this.replyTurn) queueMicrotask(this.flushBound);
      else setImmediate(this.flushBound);
    }
    this.nextExpect = expect;
    this.nextContext = context;
    return new Promise(this.enqueue);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ticker);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.failAll('closed', 'the connection was closed');
    const socket = this.socket;
    this.socket = null;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        setTimeout(() => socket.destroy(), 200).unref();
      });
    }
  }

  // -------------------------------------------------------------------------------------------

  private connect(): void {
    const { host, port } = this.options;
    const socket = net.createConnection({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.once('connect', () => {
      if (this.socket !== socket) return;
      const { username, password } = this.options;
      if (username !== undefined && password !== undefined) {
        const secret = `${username} ${password}`;
        socket.write(`set auth 0 0 ${Buffer.byteLength(secret, 'latin1')}\r\n${secret}\r\n`, 'latin1');
        this.loginReplies = 1;
      }
      this.ready = true;
      this.backoffMs = this.options.backoffInitialMs ?? 50;
      this.flush();
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      try {
        const before = this.count;
        this.feed(chunk);
        if (this.count !== before) this.replyTurn = true;
      } catch (err) {
        this.lost(socket, 'protocol', `bad reply from ${host}:${port}: ${(err as Error).message}`);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.lastError = `${err.code ?? ''} ${err.message}`.trim();
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.lost(socket, 'connection', `connection to ${host}:${port} lost${this.lastError ? ` (${this.lastError})` : ''}`);
    });
  }

  private lost(socket: net.Socket, kind: 'connection' | 'protocol', message: string): void {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
    this.ready = false;
    this.loginReplies = 0;
    this.buf = null;
    this.pos = 0;
    this.out = [];
    this.failAll(kind, message);
    if (this.closed || this.reconnectTimer) return;
    const delay = this.backoffMs * (0.75 + Math.random() * 0.5);
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.backoffMaxMs ?? 2000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.connect();
    }, delay);
  }

  private flush(): void {
    this.flushQueued = false;
    this.replyTurn = false;
    if (!this.ready || !this.socket || this.out.length === 0) return;
    const text = this.out.length === 1 ? this.out[0]! : this.out.join('');
    this.out = [];
    this.socket.write(text, 'latin1');
  }

  /**
   * The ticker keeps the process alive only while requests are pending (a stalled server must
   * still time them out); idle connections never hold the process open.
   */
  private tickerRefed = false;

  private push(resolve: Resolve, reject: Reject): void {
    if (!this.tickerRefed) {
      this.tickerRefed = true;
      this.ticker.ref();
    }
    if (this.count === this.resolves.length) this.grow();
    const i = (this.head + this.count) & (this.resolves.length - 1);
    this.resolves[i] = resolve;
    this.rejects[i] = reject;
    this.expects[i] = this.nextExpect;
    this.contexts[i] = this.nextContext;
    this.sentTick[i] = this.tick;
    this.count++;
  }

  private grow(): void {
    const size = this.resolves.length;
    const resolves = new Array<Resolve | null>(size * 2).fill(null);
    const rejects = new Array<Reject | null>(size * 2).fill(null);
    const expects = new Uint8Array(size * 2);
    const contexts = new Array<unknown>(size * 2).fill(null);
    const sent = new Uint32Array(size * 2);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (size - 1);
      resolves[k] = this.resolves[i]!;
      rejects[k] = this.rejects[i]!;
      expects[k] = this.expects[i]!;
      contexts[k] = this.contexts[i];
      sent[k] = this.sentTick[i]!;
    }
    this.resolves = resolves;
    this.rejects = rejects;
    this.expects = expects;
    this.contexts = contexts;
    this.sentTick = sent;
    this.head = 0;
  }

  // ---- parsing ---------------------------------------------------------------------------------

  private feed(chunk: Buffer): void {
    if (this.buf === null || this.pos >= this.buf.length) {
      this.buf = chunk;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    }
    this.pos = 0;
    const buf = this.buf;
    const end = buf.length;
    while (this.pos < end) {
      let cr = this.pos;
      while (cr < end && buf[cr] !== CR) cr++;
      if (cr + 1 >= end) break; // line not complete yet
      const lineStart = this.pos;
      const first = buf[lineStart];
      if (this.loginReplies > 0) {
        this.loginReplies--;
        const line = buf.toString('latin1', lineStart, cr);
        this.pos = cr + 2;
        if (line !== 'STORED' && this.socket) {
          this.lost(this.socket, 'connection', `login to ${this.options.host}:${this.options.port} failed: ${line}`);
          return;
        }
        continue;
      }
      if (this.count === 0) throw new Error('a reply arrived with no request waiting for it');
      const expect = this.expects[this.head]! as Expect;
      // VALUE <key> <flags> <bytes> [<cas>] followed by a data block.
      if (first === 86 /* V */ && expectsValues(expect) && buf.toString('latin1', lineStart, lineStart + 6) === 'VALUE ') {
        const parts = buf.toString('latin1', lineStart + 6, cr).split(' ');
        const bytes = Number(parts[2]);
        const dataStart = cr + 2;
        if (dataStart + bytes + 2 > end) break; // data block not complete yet
        const value: McValue = {
          value: buf.toString('latin1', dataStart, dataStart + bytes),
          flags: Number(parts[1]),
          cas: parts[3] ?? '0',
        };
        (this.accValues ??= new Map<string, McValue>()).set(parts[0]!, value);
        this.pos = dataStart + bytes + 2;
        continue;
      }
      if (first === 83 /* S */ && expect === Expect.Stats && buf.toString('latin1', lineStart, lineStart + 5) === 'STAT ') {
        const line = buf.toString('latin1', lineStart + 5, cr);
        const space = line.indexOf(' ');
        const name = line.slice(0, space);
        const raw = line.slice(space + 1);
        (this.accStats ??= {})[name] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
        this.pos = cr + 2;
        continue;
      }
      const line = buf.toString('latin1', lineStart, cr);
      this.pos = cr + 2;
      this.settle(expect, line);
    }
    if (this.pos >= end) {
      this.buf = null;
      this.pos = 0;
    }
  }

  /** The head request's final line arrived: settle it. */
  private settle(expect: Expect, line: string): void {
    const i = this.head;
    const resolve = this.resolves[i];
    const reject = this.rejects[i]!;
    const context = this.contexts[i];
    this.resolves[i] = null;
    this.rejects[i] = null;
    this.contexts[i] = null;
    this.head = (i + 1) & (this.resolves.length - 1);
    this.count--;
    const values = this.accValues;
    const stats = this.accStats;
    this.accValues = null;
    this.accStats = null;
    if (resolve === null) return; // timed out earlier
    const isError = line === 'ERROR' || line.startsWith('CLIENT_ERROR') || line.startsWith('SERVER_ERROR');
    if (isError) {
      if (expect === Expect.Arith) resolve(new ErrorReply(line));
      else reject(new EngineError('reply', line));
      return;
    }
    switch (expect) {
      case Expect.Value: {
        const v = values?.values().next().value;
        return line === 'END' ? resolve(v === undefined ? null : v.value) : this.unexpected(reject, line);
      }
      case Expect.McValue: {
        const v = values?.values().next().value;
        return line === 'END' ? resolve(v ?? null) : this.unexpected(reject, line);
      }
      case Expect.Multi:
        return line === 'END' ? resolve(values ?? new Map<string, McValue>()) : this.unexpected(reject, line);
      case Expect.MultiKv: {
        if (line !== 'END') return this.unexpected(reject, line);
        const keys = context as readonly string[];
        const out = new Array<string | null>(keys.length);
        for (let k = 0; k < keys.length; k++) out[k] = values?.get(keys[k]!)?.value ?? null;
        return resolve(out);
      }
      case Expect.Store: {
        const r = STORE_RESULTS.get(line);
        return r === undefined ? this.unexpected(reject, line) : resolve(r);
      }
      case Expect.Stored:
        return line === 'STORED' ? resolve(undefined) : reject(new EngineError('reply', `set answered ${line}`));
      case Expect.Added:
        return line === 'STORED' || line === 'NOT_STORED' ? resolve(line === 'STORED') : this.unexpected(reject, line);
      case Expect.Deleted:
        return line === 'DELETED' || line === 'NOT_FOUND' ? resolve(line === 'DELETED') : this.unexpected(reject, line);
      case Expect.Touched:
        return line === 'TOUCHED' || line === 'NOT_FOUND' ? resolve(line === 'TOUCHED') : this.unexpected(reject, line);
      case Expect.Arith:
      case Expect.ArithKv: {
        if (line === 'NOT_FOUND') return resolve(null);
        if (!/^\d+$/.test(line)) return this.unexpected(reject, line);
        const n = BigInt(line);
        return resolve(expect === Expect.Arith ? n : intReply(n));
      }
      case Expect.Ok:
        return line === 'OK' ? resolve(undefined) : this.unexpected(reject, line);
      case Expect.Stats:
        return line === 'END' ? resolve(stats ?? {}) : this.unexpected(reject, line);
      case Expect.Version:
        return line.startsWith('VERSION ') ? resolve(line.slice(8)) : this.unexpected(reject, line);
    }
  }

  private unexpected(reject: Reject, line: string): void {
    reject(new EngineError('protocol', `unexpected reply line '${line.slice(0, 80)}'`));
  }

  private onTick(): void {
    this.tick = (this.tick + 1) >>> 0;
    if (this.count === 0) {
      if (this.tickerRefed) {
        this.tickerRefed = false;
        this.ticker.unref();
      }
      return;
    }
    const mask = this.resolves.length - 1;
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & mask;
      if (this.resolves[i] === null) continue;
      if (((this.tick - this.sentTick[i]!) >>> 0) <= TICKS_PER_TIMEOUT) break;
      const reject = this.rejects[i]!;
      this.resolves[i] = null;
      this.rejects[i] = null;
      reject(
        new EngineError('timeout', `no reply from ${this.options.host}:${this.options.port} within ${this.options.timeoutMs ?? 5000} ms`),
      );
    }
  }

  private failAll(kind: 'connection' | 'protocol' | 'closed', message: string): void {
    const mask = this.resolves.length - 1;
    const n = this.count;
    const head = this.head;
    this.count = 0;
    this.head = 0;
    this.accValues = null;
    this.accStats = null;
    let error: EngineError | null = null;
    for (let k = 0; k < n; k++) {
      const i = (head + k) & mask;
      const reject = this.rejects[i];
      this.resolves[i] = null;
      this.rejects[i] = null;
      this.contexts[i] = null;
      if (reject) reject((error ??= new EngineError(kind, message)));
    }
  }
}
