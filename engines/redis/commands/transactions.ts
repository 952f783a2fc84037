/**
 * Transactions: MULTI EXEC DISCARD WATCH UNWATCH. Queueing itself happens in the client's
 * dispatch (commands are checked for existence and arity when queued, and a failure there
 * makes EXEC answer EXECABORT); EXEC runs the queue with blocking disabled and answers nil
 * when a WATCHed key changed or expired.
 */
import { EXECABORT } from '../errors.js';
import { ErrorReply, OK, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { BLOCK, type CommandSpec, F } from '../command-spec.js';

function discardTransaction(c: Client): void {
  c.multi = null;
  c.dirtyExec = false;
  c.dirtyCas = false;
  c.server.unwatchAll(c);
}

function multi(c: Client): Reply {
  if (c.multi !== null) return new ErrorReply('ERR MULTI calls can not be nested');
  c.multi = [];
  return OK;
}

function discard(c: Client): Reply {
  if (c.multi === null) return new ErrorReply('ERR DISCARD without MULTI');
  discardTransaction(c);
  return OK;
}

function exec(c: Client): Reply {
  if (c.multi === null) return new ErrorReply('ERR EXEC without MULTI');
  if (c.server.watchedKeyExpired(c)) c.dirtyCas = true;
  if (c.dirtyExec) {
    discardTransaction(c);
    return EXECABORT;
  }
  if (c.dirtyCas) {
    discardTransaction(c);
    return null;
  }
  const queue = c.multi;
  c.multi = null;
  c.server.unwatchAll(c);
  c.canBlock = false;
  const out: Reply[] = [];
  try {
    for (const q of queue) {
      const r = c.run(q.command, q.argv);
      out.push(r === BLOCK ? null : r);
    }
  } finally {
    c.canBlock = true;
  }
  return out;
}

function watch(c: Client, argv: readonly string[]): Reply {
  if (c.multi !== null) return new ErrorReply('ERR WATCH inside MULTI is not allowed');
  for (let i = 1; i < argv.length; i++) c.server.watch(c, c.db, argv[i]!);
  return OK;
}

function unwatch(c: Client): Reply {
  c.server.unwatchAll(c);
  c.dirtyCas = false;
  return OK;
}

const Q = F.NO_QUEUE | F.FAST;

export const TRANSACTION_COMMANDS: readonly CommandSpec[] = [
  { name: 'multi', arity: 1, flags: Q, keys: [0, 0, 0], group: 'transactions', summary: 'Start a transaction', handler: multi },
  { name: 'exec', arity: 1, flags: F.NO_QUEUE, keys: [0, 0, 0], group: 'transactions', summary: 'Run the queued commands', handler: exec },
  { name: 'discard', arity: 1, flags: Q, keys: [0, 0, 0], group: 'transactions', summary: 'Drop the queued commands', handler: discard },
  { name: 'watch', arity: -2, flags: Q, keys: [1, -1, 1], group: 'transactions', summary: 'Abort EXEC if keys change', handler: watch },
  { name: 'unwatch', arity: 1, flags: Q, keys: [0, 0, 0], group: 'transactions', summary: 'Forget watched keys', handler: unwatch },
];
