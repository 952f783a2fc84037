/**
 * The shape of a command-table entry: flags, the BLOCK marker, and `CommandSpec`. Kept apart
 * from the table itself so that the per-type command files can import it without a cycle.
 */
import type { Reply } from '../types.js';
import type { Client } from './client.js';

/** Command flags (a bitmask so dispatch tests them without allocation). */
export const F = {
  WRITE: 1,
  READONLY: 2,
  /** May grow memory: rejected with OOM when over maxmemory and nothing can be evicted. */
  DENYOOM: 4,
  FAST: 8,
  BLOCKING: 16,
  PUBSUB: 32,
  /** Allowed while the client is in RESP2 subscribed mode. */
  PUBSUB_CONTEXT: 64,
  /** Runs immediately even inside MULTI (MULTI, EXEC, DISCARD, WATCH, UNWATCH, QUIT, RESET). */
  NO_QUEUE: 128,
  /** Rejected inside MULTI. */
  NO_MULTI: 256,
  /** Allowed before AUTH when a password is required (AUTH, HELLO). */
  NO_AUTH: 512,
} as const;

export const FLAG_NAMES: readonly [number, string][] = [
  [F.WRITE, 'write'],
  [F.READONLY, 'readonly'],
  [F.DENYOOM, 'denyoom'],
  [F.FAST, 'fast'],
  [F.BLOCKING, 'blocking'],
  [F.PUBSUB, 'pubsub'],
];

/**
 * What a handler returns: a reply, or `BLOCK` when a blocking command found nothing and the
 * client must wait (the client turns that into a Promise).
 */
export const BLOCK: unique symbol = Symbol('block');
export type HandlerResult = Reply | typeof BLOCK;

export interface CommandSpec {
  /** Lower-case name, as in `cmdstat_<name>`. */
  readonly name: string;
  /** Redis convention: N means exactly N arguments (name included); -N means at least N. */
  readonly arity: number;
  readonly flags: number;
  /** Key positions: first, last (-1 = last argument), step; 0,0,0 for keyless commands. */
  readonly keys: readonly [number, number, number];
  readonly group: 'keys' | 'strings' | 'lists' | 'sets' | 'sortedSets' | 'hashes' | 'pubsub' | 'transactions' | 'server' | 'connection';
  readonly summary: string;
  readonly handler: (c: Client, argv: readonly string[]) => HandlerResult;
}

