/**
 * One RESP connection with many requests in flight. Requests are encoded into the connection's
 * `CommandWriter` and flushed in batches: requests answering this connection's own replies leave
 * as soon as the microtasks those replies started are done (the server gets its next batch
 * without waiting for the rest of the event loop); any other request (timers, lanes resuming
 * from a yield) waits for the end of the event-loop turn (setImmediate) so requests from many
 * callbacks share one write. Measured through the runner at -c 50 -P 16 GET: flushing every
 * microtask turn 92k/s, every event-loop turn 273k/s, this hybrid 460–560k/s.
 * Replies come back in order and settle the pending ring's oldest entry. The ring holds resolve/reject functions and a settle mode per
 * request in parallel arrays, so a request allocates only its Promise.
 *
 * Failure handling, all as `EngineError` kinds the runner counts:
 * - `connection`: refused, reset, or lost — every pending request is rejected, the connection
 *   reconnects with exponential backoff; requests issued meanwhile wait for the next attempt.
 * - `timeout`: a request older than `timeoutMs` is rejected; its reply, if it ever comes, is
 *   dropped. Time is kept by a coarse ticker, not a clock read per request.
 * - `closed`: after `close()`.
 * - `reply`: an error reply where the caller wanted a value (kv paths; `call` returns it).
 */
import net from 'node:net';
import tls from 'node:tls';
import { EngineError, ErrorReply, OK, type Reply } from '../../types.js';
import { ReplyParser } from './parser.js';
import { CommandWriter } from './writer.js';

/** How a reply settles its request (numbers, so the ring stores them in a Uint8Array). */
export const Settle = {
  /** The reply as is, error replies included (generic `call`). */
  Raw: 0,
  /** The reply, but an error reply rejects. */
  Value: 1,
  /** `undefined`; an error reply rejects. */
  Void: 2,
  /** `true` unless the reply is nil (SET NX). */
  NotNull: 3,
  /** `true` when the integer reply is ≥ 1 (DEL, PEXPIRE). */
  Positive: 4,
} as const;
export type Settle = (typeof Settle)[keyof typeof Settle];

export interface RespConnectionOptions {
  readonly host: string;
  readonly port: number;
  /** TLS options for `rediss://`; absent for plain TCP. */
  readonly tls?: tls.ConnectionOptions;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  /** Per-request timeout. @default 5000 */
  readonly timeoutMs?: number;
  /** First reconnect delay, doubled per failed attempt. @default 50 */
  readonly backoffInitialMs?: number;
  /** @default 2000 */
  readonly backoffMaxMs?: number;
}

type Resolve = (value: unknown) => void;
type Reject = (reason: unknown) => void;

const TICKS_PER_TIMEOUT = 4;

/**
 * Every plain-TCP connection in this thread reads into this one buffer: a read is handed to the
 * parser synchronously and the parser copies what it keeps, so the next read may overwrite it.
 */
const sharedReadBuffer = Buffer.allocUnsafe(64 * 1024);

export class RespConnection {
  private socket: net.Socket | null = null;
  private ready = false;
  private closed = false;
  private readonly writer = new CommandWriter();
  private flushQueued = false;
  private readonly flushBound = (): void => this.flush();
  private readonly parser: ReplyParser;

  // Pending requests: a ring over parallel arrays, oldest at `head`.
  private resolves: (Resolve | null)[] = new Array<Resolve | null>(1024).fill(null);
  private rejects: (Reject | null)[] = new Array<Reject | null>(1024).fill(null);
  private modes = new Uint8Array(1024);
  private sentTick = new Uint32Array(1024);
  private head = 0;
  private count = 0;
  /** Replies to swallow first: AUTH/SELECT sent on connect. */
  private handshakeReplies = 0;

  private tick = 0;
  private readonly ticker: NodeJS.Timeout;
  private readonly timeoutTicks: number;
  private backoffMs: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private nextMode: Settle = Settle.Raw;
  private readonly enqueue = (resolve: Resolve, reject: Reject): void => this.push(resolve, reject, this.nextMode);
  /** The last transport failure, for messages. */
  lastError: string | null = null;

  /** Replies settled so far (the client's routing counts them per chunk). */
  private settled = 0;
  /** Replies were just settled and the requests they trigger have not been flushed yet. */
  private replyTurn = false;

  /**
   * @param onReplies called after a chunk settled `count` requests, before the code waiting on
   *   them runs (it runs in the microtasks after this callback) — the client routes up to
   *   `count` of the requests issued then back to this connection.
   */
  constructor(
    private readonly options: RespConnectionOptions,
    private readonly onReplies: ((conn: RespConnection, count: number) => void) | null = null,
  ) {
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!(timeoutMs > 0)) throw new Error(`timeoutMs: must be a positive number of milliseconds (got ${timeoutMs})`);
    this.timeoutTicks = TICKS_PER_TIMEOUT;
    this.backoffMs = options.backoffInitialMs ?? 50;
    this.parser = new ReplyParser((reply) => this.onReply(reply));
    this.ticker = setInterval(() => this.onTick(), timeoutMs / TICKS_PER_TIMEOUT);
    this.ticker.unref();
    this.connect();
  }

  /** Resolves once connected and authenticated (or rejects with the first failure). */
  whenReady(): Promise<void> {
    return this.send(['PING'], Settle.Void) as Promise<void>;
  }

  get inFlight(): number {
    return this.count;
  }

  /** Any command; resolves per `mode`. */
  send(args: readonly string[], mode: Settle): Promise<unknown> {
    if (this.closed) return Promise.reject(new EngineError('closed', 'the connection was closed'));
    this.writer.command(args);
    return this.afterWrite(mode);
  }

  /** A command with a pre-encoded head and one argument (GET key). */
  send1(head: Buffer, a: string, mode: Settle): Promise<unknown> {
    if (this.closed) return Promise.reject(new EngineError('closed', 'the connection was closed'));
    this.writer.head(head, a);
    return this.afterWrite(mode);
  }

  /** A command with a pre-encoded head and two arguments (SET key value). */
  send2(head: Buffer, a: string, b: string, mode: Settle): Promise<unknown> {
    if (this.closed) return Promise.reject(new EngineError('closed', 'the connection was closed'));
    this.writer.head2(head, a, b);
    return this.afterWrite(mode);
  }

  /** Head + two arguments + more, for SET key value PX ttl and friends. */
  send2More(head: Buffer, a: string, b: string, more: readonly string[], mode: Settle): Promise<unknown> {
    if (this.closed) return Promise.reject(new EngineError('closed', 'the connection was closed'));
    this.writer.head2(head, a, b);
    for (let i = 0; i < more.length; i++) this.writer.bulk(more[i]!);
    return this.afterWrite(mode);
  }

  private afterWrite(mode: Settle): Promise<unknown> {
    if (!this.flushQueued && this.ready) {
      this.flushQueued = true;
      // Requests answering this connection's own replies leave at the end of the microtasks
      // those replies started (the server gets the next batch without waiting for the rest of
      // the event loop); any other request waits for the turn's end, so requests issued from
      // many callbacks in one turn (timers, yields) still share a write.
      if (this.replyTurn) queueMicrotask(this.flushBound);
      else setImmediate(this.flushBound);
    }
    this.nextMode = mode;
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
    // Plain TCP reads into one shared buffer (`onread`): no 64 KiB allocation per read, which
    // was most of the driver's garbage at -P 16. TLS sockets have no `onread`; they emit 'data'.
    const onChunk = (chunk: Buffer, borrowed: boolean): void => {
      if (this.socket !== socket) return;
      const before = this.settled;
      try {
        this.parser.feed(chunk, borrowed);
        if (this.settled !== before) {
          this.replyTurn = true;
          if (this.onReplies !== null) this.onReplies(this, this.settled - before);
        }
      } catch (err) {
        this.lost(socket, 'protocol', `bad reply from ${host}:${port}: ${(err as Error).message}`);
      }
    };
    const socket: net.Socket = this.options.tls
      ? tls.connect({ host, port, ...this.options.tls })
      : net.createConnection({
          host,
          port,
          onread: {
            buffer: sharedReadBuffer,
            callback: (n: number, buf: Uint8Array): boolean => {
              onChunk((buf as Buffer).subarray(0, n), true);
              return true;
            },
          },
        });
    this.socket = socket;
    socket.setNoDelay(true);
    const onConnected = (): void => {
      if (this.socket !== socket) return;
      this.handshake(socket);
      this.ready = true;
      this.backoffMs = this.options.backoffInitialMs ?? 50;
      this.flush();
    };
    socket.once(this.options.tls ? 'secureConnect' : 'connect', onConnected);
    if (this.options.tls) socket.on('data', (chunk: Buffer) => onChunk(chunk, false));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.lastError = `${err.code ?? ''} ${err.message}`.trim();
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.lost(socket, 'connection', `connection to ${host}:${port} lost${this.lastError ? ` (${this.lastError})` : ''}`);
    });
  }

  private handshake(socket: net.Socket): void {
    const { username, password, db } = this.options;
    const hello = new CommandWriter();
    if (password !== undefined) {
      hello.command(username !== undefined ? ['AUTH', username, password] : ['AUTH', password]);
      this.handshakeReplies++;
    }
    if (db !== undefined && db !== 0) {
      hello.command(['SELECT', String(db)]);
      this.handshakeReplies++;
    }
    if (hello.length > 0) socket.write(hello.take());
  }

  /** The socket is gone or unusable: fail what was pending, reconnect after a backoff. */
  private lost(socket: net.Socket, kind: 'connection' | 'protocol', message: string): void {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
    this.ready = false;
    this.handshakeReplies = 0;
    this.parser.reset();
    this.writer.clear();
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
    if (this.ready && this.socket && this.writer.length > 0) this.socket.write(this.writer.take());
  }

  /**
   * The ticker keeps the process alive only while requests are pending (a stalled server must
   * still time them out); idle connections never hold the process open.
   */
  private tickerRefed = false;

  private push(resolve: Resolve, reject: Reject, mode: Settle): void {
    if (!this.tickerRefed) {
      this.tickerRefed = true;
      this.ticker.ref();
    }
    if (this.count === this.resolves.length) this.grow();
    const i = (this.head + this.count) & (this.resolves.length - 1);
    this.resolves[i] = resolve;
    this.rejects[i] = reject;
    this.modes[i] = mode;
    this.sentTick[i] = this.tick;
    this.count++;
  }

  private grow(): void {
    const size = this.resolves.length;
    const resolves = new Array<Resolve | null>(size * 2).fill(null);
    const rejects = new Array<Reject | null>(size * 2).fill(null);
    const modes = new Uint8Array(size * 2);
    const sent = new Uint32Array(size * 2);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (size - 1);
      resolves[k] = this.resolves[i]!;
      rejects[k] = this.rejects[i]!;
      modes[k] = this.modes[i]!;
      sent[k] = this.sentTick[i]!;
    }
    this.resolves = resolves;
    this.rejects = rejects;
    this.modes = modes;
    this.sentTick = sent;
    this.head = 0;
  }

  private onReply(reply: Reply): void {
    if (this.handshakeReplies > 0) {
      this.handshakeReplies--;
      if (reply instanceof ErrorReply && this.socket) {
        this.lost(this.socket, 'connection', `handshake with ${this.options.host}:${this.options.port} failed: ${reply.message}`);
      }
      return;
    }
    if (this.count === 0) {
      if (this.socket) this.lost(this.socket, 'protocol', 'a reply arrived with no request waiting for it');
      return;
    }
    const i = this.head;
    const resolve = this.resolves[i]!;
    const reject = this.rejects[i]!;
    const mode = this.modes[i]! as Settle;
    this.resolves[i] = null;
    this.rejects[i] = null;
    this.head = (i + 1) & (this.resolves.length - 1);
    this.count--;
    if (resolve === null) return; // timed out earlier; the reply is dropped
    this.settled++;
    if (mode !== Settle.Raw && reply instanceof ErrorReply) {
      reject(new EngineError('reply', reply.message));
      return;
    }
    switch (mode) {
      case Settle.Raw:
      case Settle.Value:
        resolve(reply);
        return;
      case Settle.Void:
        resolve(undefined);
        return;
      case Settle.NotNull:
        resolve(reply !== null);
        return;
      case Settle.Positive:
        resolve(typeof reply === 'number' ? reply >= 1 : reply === OK);
        return;
    }
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
    // Oldest first; stop at the first request that is still within its time.
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & mask;
      if (this.resolves[i] === null) continue;
      if (((this.tick - this.sentTick[i]!) >>> 0) <= this.timeoutTicks) break;
      const reject = this.rejects[i]!;
      this.resolves[i] = null;
      this.rejects[i] = null;
      reject(
        new EngineError(
          'timeout',
          `no reply from ${this.options.host}:${this.options.port} within ${this.options.timeoutMs ?? 5000} ms`,
        ),
      );
    }
  }

  private failAll(kind: 'connection' | 'protocol' | 'closed', message: string): void {
    const mask = this.resolves.length - 1;
    const n = this.count;
    const head = this.head;
    this.count = 0;
    this.head = 0;
    let error: EngineError | null = null;
    for (let k = 0; k < n; k++) {
      const i = (head + k) & mask;
      const reject = this.rejects[i];
      this.resolves[i] = null;
      this.rejects[i] = null;
      if (reject) reject((error ??= new EngineError(kind, message)));
    }
  }
}
