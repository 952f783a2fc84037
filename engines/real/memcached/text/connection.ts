/**
 * One memcached text-protocol connection with many requests in flight: the memcached half of a
 * `ReconnectingConnection` (socket life, reconnect with backoff, timeouts, the pending ring and
 * batched flushing live there). Commands are encoded into one buffer and written once per flush;
 * replies arrive in order and settle the oldest pending request according to what it expects
 * (`Expect`). Multi-line replies (VALUE … END, STAT … END) accumulate on the connection, so
 * only the current line or data block is re-read when a chunk ends inside it.
 *
 * Failures are `EngineError`s as described in the base class, plus `reply` (an error line where
 * a value was expected).
 */
import type net from 'node:net';
import { EngineError, ErrorReply, intReply, type McStoreResult, type McValue } from '../../../types.js';
import { ReconnectingConnection, type ReconnectingConnectionOptions, type Reject, type Resolve } from '../../socket/reconnecting-connection.js';
import { Expect, expectsValues } from './expect.js';
import { McCommandWriter } from './writer.js';

/** memcached over plain TCP (no TLS), plus the text-protocol login. */
export interface McConnectionOptions extends Omit<ReconnectingConnectionOptions, 'tls'> {
  /** Text-protocol login (memcached `-Y` auth file): sent as the first command. */
  readonly username?: string;
  readonly password?: string;
}

const CR = 13;

const STORE_RESULTS: ReadonlyMap<string, McStoreResult> = new Map<string, McStoreResult>([
  ['STORED', 'STORED'],
  ['NOT_STORED', 'NOT_STORED'],
  ['EXISTS', 'EXISTS'],
  ['NOT_FOUND', 'NOT_FOUND'],
]);

export class McTextConnection extends ReconnectingConnection {
  /** Requests not written yet. */
  private readonly out = new McCommandWriter();
  private loginReplies = 0;

  // Reply accumulation for the head request.
  private accValues: Map<string, McValue> | null = null;
  private accStats: Record<string, string | number> | null = null;

  /** Expect.Length: the byte count of the VALUE line seen for the head request, -1 when none. */
  private accLength = -1;

  // Unparsed input.
  private buf: Buffer | null = null;
  private pos = 0;

  constructor(private readonly options: McConnectionOptions) {
    super(options);
    this.start();
  }

  /** `send` settling through callbacks, no Promise (see `trackWith`); `reject` may run synchronously. */
  sendWith(text: string, expect: Expect, resolve: Resolve, reject: Reject): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.out.text(text);
    this.trackWith(expect, null, resolve, reject);
  }

  // The load path's requests, encoded piece by piece (no template string per request), settling
  // through callbacks (see `trackWith`); `reject` may run synchronously.

  /** kv GET for the value's length only (`Expect.Length`). */
  getLengthWith(key: string, resolve: Resolve, reject: Reject): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.out.get(key);
    this.trackWith(Expect.Length, null, resolve, reject);
  }

  /** `getLengthWith` of the key `prefix + index`, written as digits. */
  getLengthAtWith(prefix: string, index: number, resolve: Resolve, reject: Reject): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.out.getKeyAt(prefix, index);
    this.trackWith(Expect.Length, null, resolve, reject);
  }

  /** kv SET (`Expect.Stored`). */
  setWith(key: string, exptime: number, value: string, resolve: Resolve, reject: Reject): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.out.set(key, exptime, value);
    this.trackWith(Expect.Stored, null, resolve, reject);
  }

  /** `setWith` of the key `prefix + index`. */
  setAtWith(prefix: string, index: number, exptime: number, value: string, resolve: Resolve, reject: Reject): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.out.setKeyAt(prefix, index, exptime, value);
    this.trackWith(Expect.Stored, null, resolve, reject);
  }

  /** Send one command (its full text, data block included) expecting `expect`. */
  send(text: string, expect: Expect, context: unknown = null): Promise<unknown> {
    if (this.closed) return this.rejectClosed();
    this.out.text(text);
    return this.track(expect, context);
  }

  // ---- the protocol half -----------------------------------------------------------------------

  protected onOpen(socket: net.Socket): void {
    const { username, password } = this.options;
    if (username !== undefined && password !== undefined) {
      const secret = `${username} ${password}`;
      socket.write(`set auth 0 0 ${Buffer.byteLength(secret, 'latin1')}\r\n${secret}\r\n`, 'latin1');
      this.loginReplies = 1;
    }
  }

  protected onData(chunk: Buffer, borrowed: boolean): void {
    this.feed(chunk, borrowed);
  }

  protected writeOut(socket: net.Socket): void {
    this.out.writeTo(socket);
  }

  protected resetProtocol(): void {
    this.loginReplies = 0;
    this.buf = null;
    this.pos = 0;
    this.out.clear();
    this.accValues = null;
    this.accStats = null;
    this.accLength = -1;
  }

  // ---- parsing ---------------------------------------------------------------------------------

  /** `borrowed`: the chunk is overwritten after this returns; an unfinished tail is copied out. */
  private feed(chunk: Buffer, borrowed: boolean): void {
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
      const expect = this.tags[this.head]! as Expect;
      // The load path's replies, read from the bytes without building a string (see Expect.Length).
      if (expect === Expect.Length) {
        if (first === 86 /* V */) {
          // VALUE <key> <flags> <bytes>: the byte count is the last field.
          let space = cr - 1;
          while (space > lineStart && buf[space] !== 32) space--;
          let bytes = 0;
          for (let i = space + 1; i < cr; i++) bytes = bytes * 10 + (buf[i]! - 48);
          const dataStart = cr + 2;
          if (dataStart + bytes + 2 > end) break; // data block not complete yet
          this.accLength = bytes;
          this.pos = dataStart + bytes + 2;
          continue;
        }
        if (cr - lineStart === 3 && first === 69 /* E */ && buf[lineStart + 1] === 78 && buf[lineStart + 2] === 68) {
          this.pos = cr + 2;
          const length = this.accLength;
          this.accLength = -1;
          if (this.takeOldest()) this.takenResolve!(length);
          continue;
        }
      } else if (expect === Expect.Stored && cr - lineStart === 6 && first === 83 /* S */ && buf[lineStart + 1] === 84 && buf[lineStart + 5] === 68) {
        this.pos = cr + 2;
        if (this.takeOldest()) this.takenResolve!(undefined);
        continue;
      }
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
    } else if (borrowed && this.buf === chunk) {
      this.buf = Buffer.from(chunk.subarray(this.pos));
      this.pos = 0;
    }
  }

  /** The head request's final line arrived: settle it. */
  private settle(expect: Expect, line: string): void {
    const live = this.takeOldest();
    const resolve = this.takenResolve!;
    const reject = this.takenReject!;
    const context = this.takenContext;
    const values = this.accValues;
    const stats = this.accStats;
    this.accValues = null;
    this.accStats = null;
    this.accLength = -1;
    if (!live) return; // timed out earlier
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
      case Expect.Length:
        return this.unexpected(reject, line);
    }
  }

  private unexpected(reject: Reject, line: string): void {
    reject(new EngineError('protocol', `unexpected reply line '${line.slice(0, 80)}'`));
  }
}
