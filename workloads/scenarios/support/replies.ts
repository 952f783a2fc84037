/**
 * Reading RESP2 replies and memcached results in scenarios: an error reply where the scenario
 * expected data is a failure of the engine, raised as `EngineError('reply')` so the runner counts
 * it by kind instead of the scenario silently misreading it.
 */
import { EngineError, ErrorReply, type Reply } from '../../../engines/types.js';

export function failOnError(reply: Reply, command: string): Reply {
  if (reply instanceof ErrorReply) throw new EngineError('reply', `${command}: ${reply.message}`);
  return reply;
}

/** An integer reply (or a bulk string holding one, as ZSCORE returns) as a JS number. */
export function replyNumber(reply: Reply, command: string): number {
  failOnError(reply, command);
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'bigint') return Number(reply);
  if (typeof reply === 'string') {
    const n = Number(reply);
    if (!Number.isNaN(n)) return n;
  }
  throw new EngineError('protocol', `${command}: expected a number, got ${describe(reply)}`);
}

/** A bulk string or nil. */
export function replyBulk(reply: Reply, command: string): string | null {
  failOnError(reply, command);
  if (reply === null || typeof reply === 'string') return reply;
  throw new EngineError('protocol', `${command}: expected a bulk string, got ${describe(reply)}`);
}

/** An array reply (nil array as empty). */
export function replyArray(reply: Reply, command: string): Reply[] {
  failOnError(reply, command);
  if (reply === null) return [];
  if (Array.isArray(reply)) return reply;
  throw new EngineError('protocol', `${command}: expected an array, got ${describe(reply)}`);
}

function describe(value: unknown): string {
  if (value instanceof ErrorReply) return `error '${value.message}'`;
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

