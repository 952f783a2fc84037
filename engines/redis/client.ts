/**
 * A client session: the per-connection state Redis keeps (selected database, MULTI queue and
 * its error flag, WATCHed keys, pub/sub subscriptions, a pending blocking operation) and the
 * dispatch of one command through the command table: existence, arity, context checks,
 * MULTI queueing, OOM rejection, execution, counters, and serving clients blocked on lists.
 */
import { ErrorReply, QUEUED, type Reply } from '../types.js';
import { BLOCK, F, type HandlerResult } from './command-spec.js';
import type { Database } from './database.js';
import { OOM, unknownCommand, wrongArity } from './errors.js';
import type { BoundCommand, RedisServer } from './server.js';

interface QueuedCommand {
  readonly command: BoundCommand;
  readonly argv: readonly string[];
}

/** Receives pub/sub pushes: ['message', channel, payload] or ['pmessage', pattern, channel, payload]. */
export type PushHandler = (push: Reply[]) => void;

const NOT_IN_MULTI = new ErrorReply('ERR Command not allowed inside a transaction');
const NOAUTH = new ErrorReply('NOAUTH Authentication required.');

export class Client {
  readonly id: number;
  db: Database;
  /** The MULTI queue, or null outside a transaction. */
  multi: QueuedCommand[] | null = null;
  /** A command failed to queue: EXEC will answer EXECABORT. */
  dirtyExec = false;
  /** A watched key changed: EXEC will answer nil. */
  dirtyCas = false;
  readonly watchedKeys: { db: Database; key: string }[] = [];
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  push: PushHandler | null = null;
  /** False while executing EXEC's queue: blocking commands then answer at once. */
  canBlock = true;
  /** Set by a blocking handler that returned BLOCK; the promise settles it. */
  pendingBlock: Promise<Reply> | null = null;
  closed = false;
  /** RESP version the peer speaks (HELLO 3): RESP3 clients may run any command while subscribed. */
  protocol: 2 | 3 = 2;
  /** False while a password is required and not given: only NO_AUTH commands run. */
  authenticated = true;
  /** What serves this session (a protocol connection), for commands that act on it; null in process. */
  owner: unknown = null;
  /**
   * The command table entry of the command last dispatched (Redis's `c->cmd`), null when it
   * named no command: the protocol server picks the reply's wire shape by it instead of
   * looking the name up again.
   */
  cmd: BoundCommand | null = null;

  constructor(readonly server: RedisServer) {
    this.id = server.newClientId();
    this.db = server.dbs[0]!;
  }

  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size;
  }

  /**
   * Execute one command. A plain reply for everything except a blocking command that has to
   * wait, which returns a Promise of its eventual reply.
   */
  call(argv: readonly string[]): Reply | Promise<Reply> {
    const r = this.execute(argv);
    if (r === BLOCK) {
      const p = this.pendingBlock!;
      this.pendingBlock = null;
      return p;
    }
    return r;
  }

  /** Dispatch through the command table; BLOCK when a blocking command must wait. */
  execute(argv: readonly string[]): HandlerResult {
    const server = this.server;
    if (argv.length === 0) {
      this.cmd = null;
      return unknownCommand(['']);
    }
    const command = server.lookupCommand(argv[0]!);
    this.cmd = command ?? null;
    if (command === undefined) {
      if (this.multi !== null) this.dirtyExec = true;
      return unknownCommand(argv);
    }
    const spec = command.spec;
    const arity = spec.arity;
    if ((arity > 0 && arity !== argv.length) || argv.length < -arity) {
      command.rejectedCalls++;
      if (this.multi !== null) this.dirtyExec = true;
      return wrongArity(spec.name);
    }
    const flags = spec.flags;
    if (!this.authenticated && !(flags & F.NO_AUTH)) {
      command.rejectedCalls++;
      if (this.multi !== null) this.dirtyExec = true;
      return NOAUTH;
    }
    if (this.multi !== null && flags & F.NO_MULTI) {
      command.rejectedCalls++;
      this.dirtyExec = true;
      return NOT_IN_MULTI;
    }
    if ((this.channels.size !== 0 || this.patterns.size !== 0) && this.protocol === 2 && !(flags & F.PUBSUB_CONTEXT)) {
      command.rejectedCalls++;
      return new ErrorReply(
        `ERR Can't execute '${spec.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
      );
    }
    if (flags & F.DENYOOM && server.config.maxmemory !== 0 && !server.makeRoom()) {
      command.rejectedCalls++;
      if (this.multi !== null) this.dirtyExec = true;
      return OOM;
    }
    if (this.multi !== null && !(flags & F.NO_QUEUE)) {
      this.multi.push({ command, argv: argv.slice() });
      return QUEUED;
    }
    const r = this.run(command, argv);
    if (server.blocking.readyCount !== 0) server.blocking.serveReady();
    return r;
  }

  /** Run a command that passed every check (also used by EXEC for its queue). */
  run(command: BoundCommand, argv: readonly string[]): HandlerResult {
    command.calls++;
    const r = command.spec.handler(this, argv);
    if (r instanceof ErrorReply) command.failedCalls++;
    return r;
  }

  /** Deliver a pub/sub push to this client's handler (if it has one). */
  deliver(push: Reply[]): void {
    if (this.push !== null) this.push(push);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.unwatchAll(this);
    this.server.pubsub.removeClient(this);
    this.server.blocking.cancel(this);
  }
}
