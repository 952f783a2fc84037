/**
 * Logging one session's writes to the AOF: a session (the default client, or a blocking
 * client) runs commands on the inner engine; this records what each successful write
 * propagates (propagation.ts) under the session's selected database, and commits the AOF
 * before the reply is returned — so under `appendfsync always` a write is acknowledged only
 * after its fdatasync, as in Redis.
 *
 * It follows the session's state from outside: SELECT (the database the next commands run
 * in) and MULTI … EXEC (queued commands are logged when EXEC answers, each with its own reply,
 * wrapped in MULTI/EXEC so a replay applies them together). Replies that are Promises (a
 * blocking command that had to wait) are logged when they settle.
 */
import { ErrorReply, QUEUED, type Reply } from '../../types.js';
import type { AofWriter } from './aof.js';
import type { SyncCall } from './keyspace-walk.js';
import { CLOCKED_COMMANDS, propagate, writeCommandName } from './propagation.js';

export type RawCall = (args: readonly string[]) => Reply | Promise<Reply>;

export class SessionRecorder {
  /** The session's selected database. */
  db = 0;
  /** Commands queued inside MULTI (copies), or null outside a transaction. */
  private queue: string[][] | null = null;
  private readonly syncCall: SyncCall;
  private readonly emitHere = (args: readonly string[]): void => {
    this.aof?.append(this.db, args);
    this.onWrite();
  };

  constructor(
    private readonly call: RawCall,
    private readonly aof: AofWriter | undefined,
    /** Counts changes (for RDB "changes since last save"). */
    private readonly onWrite: () => void,
  ) {
    this.syncCall = (args) => {
      const r = call(args);
      if (r instanceof Promise) throw new Error(`persistence: '${args[0]}' returned a Promise`);
      return r;
    };
  }

  run(args: readonly string[]): Reply | Promise<Reply> {
    const arg0 = args[0]!;
    const write = writeCommandName(arg0);
    const inTransaction = this.queue !== null;
    // Relative expiries are logged as absolute times: note the clock around the call.
    // (A plain `SET k v` has no options, so no deadline: spare it the clock reads.)
    const clocked = inTransaction || (write !== undefined && CLOCKED_COMMANDS.has(write) && (args.length > 3 || write !== 'set'));
    const before = clocked ? Date.now() : 0;
    const reply = this.call(args);
    if (inTransaction) {
      this.inTransaction(args, reply, before);
      return reply;
    }
    if (write === undefined) {
      this.control(arg0, args, reply);
      return reply;
    }
    if (reply instanceof Promise) {
      const copy = args.slice();
      return reply.then((r) => {
        this.record(write, copy, r, null);
        this.aof?.commit();
        return r;
      });
    }
    this.record(write, args, reply, clocked && Date.now() === before ? before : null);
    this.aof?.commit();
    return reply;
  }

  /**
   * Inside MULTI: every QUEUED command is kept (reads too, so EXEC's replies line up with
   * them); EXEC logs the writes among them, DISCARD forgets them.
   */
  private inTransaction(args: readonly string[], reply: Reply | Promise<Reply>, execStartedMs: number): void {
    if (reply === QUEUED) {
      this.queue!.push(args.slice());
      return;
    }
    const name = args[0]!.toLowerCase();
    if (name === 'exec') {
      const queued = this.queue!;
      this.queue = null;
      if (Array.isArray(reply)) this.logExec(queued, reply, execStartedMs);
    } else if (name === 'discard' && !(reply instanceof ErrorReply)) {
      this.queue = null;
    }
  }

  /** Log a write that went through the kv facet (already translated to commands). */
  logDirect(args: readonly string[]): void {
    this.emitHere(args);
    this.aof?.commit();
  }

  private record(name: string, args: readonly string[], reply: Reply, now: number | null): void {
    if (this.aof === undefined) {
      // RDB only: no log to write, a successful write only counts as a change.
      if (!(reply instanceof ErrorReply)) this.onWrite();
      return;
    }
    propagate(name, args, reply, now, this.syncCall, this.emitHere);
  }

  /** SELECT and MULTI outside a transaction. */
  private control(arg0: string, args: readonly string[], reply: Reply | Promise<Reply>): void {
    // Rule out everything but SELECT (6 letters, s) and MULTI (5, m) by length and first letter
    // before lowering the name: reads are the hot path and must not allocate.
    const len = arg0.length;
    const c = arg0.charCodeAt(0) | 0x20;
    if (!((len === 6 && c === 0x73) || (len === 5 && c === 0x6d))) return;
    const name = arg0.toLowerCase();
    if (reply instanceof ErrorReply || reply instanceof Promise) return;
    if (name === 'select') this.db = Number(args[1]);
    else if (name === 'multi') this.queue = [];
  }

  /**
   * Log EXEC's writes. Relative expiries are taken from the millisecond EXEC started (the
   * commands ran back to back within it; a transaction spanning a clock tick may log a deadline
   * up to that span early) — deadlines cannot be read back per command after EXEC.
   */
  private logExec(queued: readonly string[][], replies: readonly Reply[], execStartedMs: number): void {
    const logged: [number, string[]][] = [];
    for (let i = 0; i < queued.length; i++) {
      const args = queued[i]!;
      const r = replies[i] ?? null;
      if (r instanceof ErrorReply) continue;
      const name = writeCommandName(args[0]!);
      if (name === undefined) {
        if (args[0]!.toLowerCase() === 'select') this.db = Number(args[1]);
        continue;
      }
      propagate(name, args, r, execStartedMs, this.syncCall, (out) => logged.push([this.db, out.slice()]));
    }
    if (logged.length === 0 || this.aof === undefined) {
      for (let i = 0; i < logged.length; i++) this.onWrite();
      return;
    }
    const aof = this.aof;
    if (logged.length > 1) aof.append(logged[0]![0], ['MULTI']);
    for (const [db, out] of logged) {
      aof.append(db, out);
      this.onWrite();
    }
    if (logged.length > 1) aof.append(logged[logged.length - 1]![0], ['EXEC']);
    aof.commit();
  }
}
