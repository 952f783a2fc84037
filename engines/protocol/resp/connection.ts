/**
 * One client connection: bytes in → commands → the engine session → replies out.
 *
 * Every read is parsed completely and every command in it executed in order; the replies go
 * into one buffer and leave in one write at the end of the event-loop turn, together with every
 * other connection's (`TurnFlush`: redis-server's beforeSleep write of all pending clients). A
 * pipelined batch of 16 GETs is one read and one write, as with redis-server. A blocking
 * command that has to wait (BLPOP on an empty list) stops the processing of this connection's
 * later commands until it is served or times out — the order of replies is the order of
 * requests — while other connections go on. Pub/sub pushes are buffered as they happen and
 * leave with the same end-of-turn flush. A protocol error is answered and the connection
 * closed after the replies before it.
 */
import type net from 'node:net';
import { type Reply } from '../../types.js';
import { OutBuffer } from '../out-buffer.js';
import { writePush, writeReply, writeShaped } from './reply-writer.js';
import { REPLY_SHAPES, type ShapeRule } from './reply-shapes.js';
import { RequestParser, RespRequestError } from './request-parser.js';
import { SocketLife } from '../socket-life.js';
import { readShared } from '../shared-read.js';
import type { BoundCommand } from '../../redis/server.js';
import type { Session } from './served-redis.js';
import type { RespServer } from './server.js';

const PUSH_REPLIES = new Set(['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe']);
/** Stop reading from a client whose replies pile up unread beyond this (resume on drain). */
const PAUSE_OUTPUT_BYTES = 16 * 1024 * 1024;
/** Redis's client-output-buffer-limit for pub/sub clients (hard limit 32 MB). */
const PUBSUB_OUTPUT_LIMIT = 32 * 1024 * 1024;

export class RespConnection extends SocketLife {
  readonly parser: RequestParser;
  readonly session: Session;
  readonly out = new OutBuffer();
  readonly createdAt = Date.now();
  lastCommandAt = Date.now();
  lastCommand = 'NULL';
  name = '';
  /** QUIT, a protocol error, SHUTDOWN: end after the current replies. */
  closeAfterReply = false;
  /** SHUTDOWN: the connection closes without a reply. */
  suppressReply = false;
  private blocked = false;
  /** The wire rules of the last command replied to (`writeReplyFor`'s cache). */
  private shapeOf: BoundCommand | null = null;
  private shapePush = false;
  private shapeRule: ShapeRule | null = null;
  /** Waiting for the server's end-of-turn flush (`TurnFlush` sets and clears it). */
  flushQueued = false;
  readonly remoteAddress: string;
  readonly localAddress: string;

  constructor(
    private readonly host: RespServer,
    socket: net.Socket,
  ) {
    super(socket);
    this.session = host.served.openSession();
    const client = this.session.client;
    client.owner = this;
    if (host.settings.requirepass !== '') client.authenticated = false;
    this.parser = new RequestParser(host.settings);
    this.parser.authenticated = client.authenticated;
    this.remoteAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    this.localAddress = `${socket.localAddress}:${socket.localPort}`;
    client.push = (items) => this.push(items);
    socket.setNoDelay(true);
    readShared(socket, (chunk, transient) => this.onData(chunk, transient));
    socket.on('drain', () => {
      if (!this.closed && this.socket.isPaused()) this.socket.resume();
    });
  }

  get client(): Session['client'] {
    return this.session.client;
  }

  private onData(chunk: Buffer, transient: boolean): void {
    this.host.netInputBytes += chunk.length;
    this.host.readsProcessed++;
    // Once per read, not per command: CLIENT LIST's idle is in seconds.
    this.lastCommandAt = Date.now();
    const parser = this.parser;
    parser.feed(chunk, transient);
    if (parser.buffered > this.host.settings.clientQueryBufferLimit) {
      // Redis closes such a client without a reply ("closing client that reached max query buffer length").
      this.kill();
      return;
    }
    try {
      if (!this.blocked) this.process();
    } finally {
      // The rest of a partial command (or all of it while blocked) outlives this read.
      parser.retain();
    }
  }

  /** Execute every complete command buffered, then flush the replies. */
  private process(): void {
    // One AOF write (and under appendfsync always one fdatasync) per read, before its replies
    // leave — Redis's once-per-event-loop-turn AOF flush.
    const persistent = this.host.served.persistent;
    if (persistent !== null) persistent.beginBatch();
    try {
      this.processCommands();
    } finally {
      if (persistent !== null) persistent.endBatch();
    }
    this.host.turnFlush.add(this);
  }

  private processCommands(): void {
    const parser = this.parser;
    while (!this.blocked && !this.closeAfterReply && !this.closed) {
      let argv: string[] | null;
      try {
        argv = parser.next();
      } catch (err) {
        if (!(err instanceof RespRequestError)) throw err;
        this.out.text(`-${err.reply}\r\n`);
        this.closeAfterReply = true;
        break;
      }
      if (argv === null) break;
      if (argv.length === 0) continue;
      this.execute(argv);
    }
  }

  private execute(argv: string[]): void {
    const reply = this.session.call(argv);
    // The table entry the engine dispatched to (no second lookup by name per command).
    const bound = this.client.cmd;
    if (reply instanceof Promise) {
      this.blocked = true;
      reply.then(
        (r) => this.unblocked(argv, bound, r),
        () => this.unblocked(argv, bound, null),
      );
      return;
    }
    this.writeReplyFor(argv, bound, reply);
  }

  private unblocked(argv: string[], bound: BoundCommand | null, reply: Reply): void {
    this.blocked = false;
    if (this.closed) return;
    this.writeReplyFor(argv, bound, reply);
    this.process();
  }

  private writeReplyFor(argv: readonly string[], bound: BoundCommand | null, reply: Reply): void {
    if (this.suppressReply) return;
    const resp3 = this.client.protocol === 3;
    if (bound === null) return writeReply(this.out, reply, resp3);
    if (bound !== this.shapeOf) {
      // A command's wire rules, looked up by name once per change of command, not per reply.
      const name = bound.spec.name;
      this.shapeOf = bound;
      this.lastCommand = name;
      this.shapePush = PUSH_REPLIES.has(name);
      this.shapeRule = REPLY_SHAPES.get(name) ?? null;
    }
    if (this.shapePush && Array.isArray(reply)) {
      // N channels: N confirmations, each its own reply (a push in RESP3).
      for (const item of reply) writePush(this.out, item as Reply[], resp3);
      return;
    }
    const rule = this.shapeRule;
    if (rule === null) writeReply(this.out, reply, resp3);
    else writeShaped(this.out, reply, rule(argv), resp3);
  }

  /** A pub/sub message for this client. */
  private push(items: Reply[]): void {
    if (this.closed) return;
    writePush(this.out, items, this.client.protocol === 3);
    if (this.socket.writableLength > PUBSUB_OUTPUT_LIMIT) {
      this.kill();
      return;
    }
    this.host.turnFlush.add(this);
  }

  /** Write the replies buffered since the last flush (`TurnFlush`, once per event-loop turn). */
  flush(): void {
    if (this.closed) return;
    const bytes = this.out.take();
    if (bytes !== null) {
      this.host.netOutputBytes += bytes.length;
      this.host.writesProcessed++;
      this.send(bytes);
      if (this.socket.writableLength > PAUSE_OUTPUT_BYTES) this.socket.pause();
    }
    if (this.closeAfterReply) this.endAfterWrites();
  }

  protected onRelease(): void {
    this.client.close();
    this.host.connectionClosed(this);
  }

  /** One CLIENT LIST line, fields in redis-server 7.0's order. */
  describe(): string {
    const c = this.client;
    const now = Date.now();
    const flags = (c.subscriptionCount > 0 ? 'P' : '') + (c.multi !== null ? 'x' : '') + (this.blocked ? 'b' : '') || 'N';
    return (
      `id=${c.id} addr=${this.remoteAddress} laddr=${this.localAddress} fd=${(this.socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1} ` +
      `name=${this.name} age=${Math.floor((now - this.createdAt) / 1000)} idle=${Math.floor((now - this.lastCommandAt) / 1000)} flags=${flags} ` +
      `db=${c.db.id} sub=${c.channels.size} psub=${c.patterns.size} ssub=0 multi=${c.multi === null ? -1 : c.multi.length} ` +
      `qbuf=${this.parser.buffered} obl=${this.out.pending} oll=0 omem=${this.socket.writableLength} events=r cmd=${this.lastCommand} ` +
      `user=default redir=-1 resp=${c.protocol}`
    );
  }
}
