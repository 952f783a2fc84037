/**
 * One RESP connection with many requests in flight: the RESP half of a
 * `ReconnectingConnection` (socket life, reconnect with backoff, timeouts, the pending ring and
 * batched flushing live there). Requests are encoded into the connection's `CommandWriter` and
 * written once per flush; replies come back in order and settle the oldest pending request
 * according to its settle mode.
 *
 * Failures are `EngineError`s as described in the base class, plus `reply`: an error reply
 * where the caller wanted a value (kv paths; `call` returns it).
 */
import type net from 'node:net';
import { EngineError, ErrorReply, OK, type Reply } from '../../types.js';
import { ReconnectingConnection, type ReconnectingConnectionOptions } from '../socket/reconnecting-connection.js';
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
  /** The bulk reply's byte length, -1 for nil; the value itself is never built (GET for hit/miss and length). */
  Length: 5,
} as const;
export type Settle = (typeof Settle)[keyof typeof Settle];

export interface RespConnectionOptions extends ReconnectingConnectionOptions {
  /** AUTH on connect (ACL user when `username` is set too). */
  readonly username?: string;
  readonly password?: string;
  /** SELECT on connect when not 0. */
  readonly db?: number;
}

export class RespConnection extends ReconnectingConnection {
  private readonly writer = new CommandWriter();
  private readonly parser: ReplyParser;
  /** Replies to swallow first: AUTH/SELECT sent on connect. */
  private handshakeReplies = 0;

  /**
   * @param onReplies called after a chunk settled `count` requests, before the code waiting on
   *   them runs (it runs in the microtasks after this callback) — the client routes up to
   *   `count` of the requests issued then back to this connection.
   */
  constructor(
    private readonly options: RespConnectionOptions,
    private readonly onReplies: ((conn: RespConnection, count: number) => void) | null = null,
  ) {
    super(options);
    this.parser = new ReplyParser(
      (reply) => this.onReply(reply),
      () => this.handshakeReplies === 0 && this.count > 0 && this.tags[this.head] === Settle.Length,
    );
    this.start();
  }

  /** Resolves once connected and authenticated (or rejects with the first failure). */
  whenReady(): Promise<void> {
    return this.send(['PING'], Settle.Void) as Promise<void>;
  }

  /** Any command; resolves per `mode`. */
  send(args: readonly string[], mode: Settle): Promise<unknown> {
    if (this.closed) return this.rejectClosed();
    this.writer.command(args);
    return this.track(mode, null);
  }

  /** A command with a pre-encoded head and one argument (GET key). */
  send1(head: Buffer, a: string, mode: Settle): Promise<unknown> {
    if (this.closed) return this.rejectClosed();
    this.writer.head(head, a);
    return this.track(mode, null);
  }

  /** A command with a pre-encoded head and two arguments (SET key value). */
  send2(head: Buffer, a: string, b: string, mode: Settle): Promise<unknown> {
    if (this.closed) return this.rejectClosed();
    this.writer.head2(head, a, b);
    return this.track(mode, null);
  }

  /** `send2` plus `PX pxMs` (`head` counts 5 arguments). */
  send2Px(head: Buffer, a: string, b: string, pxMs: number, mode: Settle): Promise<unknown> {
    if (this.closed) return this.rejectClosed();
    this.writer.head2(head, a, b);
    this.writer.px(pxMs);
    return this.track(mode, null);
  }

  /** Head + two arguments + more, for SET key value NX PX ttl and friends. */
  send2More(head: Buffer, a: string, b: string, more: readonly string[], mode: Settle): Promise<unknown> {
    if (this.closed) return this.rejectClosed();
    this.writer.head2(head, a, b);
    for (let i = 0; i < more.length; i++) this.writer.bulk(more[i]!);
    return this.track(mode, null);
  }

  /** `send1` settling through callbacks instead of a Promise (see `trackWith`). */
  send1With(head: Buffer, a: string, mode: Settle, resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.writer.head(head, a);
    this.trackWith(mode, null, resolve, reject);
  }

  /** `send2` settling through callbacks instead of a Promise (see `trackWith`). */
  send2With(
    head: Buffer,
    a: string,
    b: string,
    mode: Settle,
    resolve: (value: unknown) => void,
    reject: (reason: unknown) => void,
  ): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.writer.head2(head, a, b);
    this.trackWith(mode, null, resolve, reject);
  }

  /**
   * The load path's form: a head whose key is `prefix + keyIndex` (written as digits, no key
   * string), then `value` when given and `PX pxMs` when `pxMs` > 0 (the head must count those
   * arguments), settling through callbacks (see `trackWith`).
   */
  sendKeyAtWith(
    head: Buffer,
    prefix: string,
    keyIndex: number,
    value: string | null,
    pxMs: number,
    mode: Settle,
    resolve: (value: unknown) => void,
    reject: (reason: unknown) => void,
  ): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.writer.headKeyAt(head, prefix, keyIndex);
    if (value !== null) this.writer.bulkValue(value);
    if (pxMs > 0) this.writer.px(pxMs);
    this.trackWith(mode, null, resolve, reject);
  }

  /** `send2With` plus `PX pxMs` (no argument array or string per request; `head` counts 5). */
  send2PxWith(
    head: Buffer,
    a: string,
    b: string,
    pxMs: number,
    mode: Settle,
    resolve: (value: unknown) => void,
    reject: (reason: unknown) => void,
  ): void {
    if (this.closed) return reject(new EngineError('closed', 'the connection was closed'));
    this.writer.head2(head, a, b);
    this.writer.px(pxMs);
    this.trackWith(mode, null, resolve, reject);
  }

  // ---- the protocol half -----------------------------------------------------------------------

  protected onOpen(socket: net.Socket): void {
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

  protected onData(chunk: Buffer, borrowed: boolean): void {
    this.parser.feed(chunk, borrowed);
  }

  protected writeOut(socket: net.Socket): void {
    this.writer.writeTo(socket, this.options.tls !== undefined);
  }

  protected resetProtocol(): void {
    this.handshakeReplies = 0;
    this.parser.reset();
    this.writer.clear();
  }

  protected override repliesSettled(count: number): void {
    if (this.onReplies !== null) this.onReplies(this, count);
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
    if (!this.takeOldest()) return; // timed out earlier; the reply is dropped
    const resolve = this.takenResolve!;
    const mode = this.takenTag as Settle;
    if (mode !== Settle.Raw && reply instanceof ErrorReply) {
      this.takenReject!(new EngineError('reply', reply.message));
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
      case Settle.Length:
        resolve(typeof reply === 'number' ? reply : reply === null ? -1 : typeof reply === 'string' ? reply.length : -1);
        return;
    }
  }
}
