/**
 * ioredis replies (Buffers for every string, decimal strings for integers with
 * `stringNumbers`, Errors inside arrays) → the engine contract's RESP2 `Reply` shapes, and
 * ioredis failures → `EngineError` kinds.
 */
import { EngineError, ErrorReply, OK, PONG, QUEUED, StatusReply, intReply, type EngineErrorKind, type Reply } from '../../types.js';
import { repliesWithStatus } from './status-commands.js';

export function statusReply(text: string): StatusReply {
  return text === 'OK' ? OK : text === 'PONG' ? PONG : text === 'QUEUED' ? QUEUED : new StatusReply(text);
}

/** An integer that ioredis handed over as a decimal string. */
export function integerFromText(text: string): number | bigint {
  return text.length > 15 ? intReply(BigInt(text)) : Number(text);
}

/**
 * Convert one reply. `status` says a top-level string is a status; `queued` holds the commands
 * of a MULTI block when this is EXEC's reply, so each element gets its own command's shape.
 */
export function fromIoredis(raw: unknown, status: boolean, queued: readonly (readonly string[])[] | null): Reply {
  if (raw === null || raw === undefined) return null;
  if (Buffer.isBuffer(raw)) return status ? statusReply(raw.toString('latin1')) : raw.toString('latin1');
  if (typeof raw === 'string') return integerFromText(raw);
  if (typeof raw === 'number') return raw;
  if (Array.isArray(raw)) {
    const out: Reply[] = new Array<Reply>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const q = queued?.[i];
      out[i] = fromIoredis(raw[i], q !== undefined && repliesWithStatus(q), null);
    }
    return out;
  }
  if (raw instanceof Error) return new ErrorReply(raw.message);
  throw new EngineError('protocol', `unexpected ioredis reply of type ${typeof raw}`);
}

/** The runner's error kind for a failure ioredis reported. */
export function ioredisErrorKind(err: unknown, closedByUs: boolean): EngineErrorKind {
  if (closedByUs) return 'closed';
  if (!(err instanceof Error)) return 'unknown';
  if (err.name === 'ReplyError') return 'reply';
  const text = `${err.name} ${err.message} ${(err as NodeJS.ErrnoException).code ?? ''}`;
  if (/timed out|timeout/i.test(text)) return 'timeout';
  if (/Connection is closed|MaxRetriesPerRequest|ECONNREFUSED|ECONNRESET|EPIPE|writeable|connect|ClusterAllFailed|Failed to refresh slots/i.test(text)) {
    return 'connection';
  }
  return 'unknown';
}

export function toEngineError(err: unknown, closedByUs: boolean): EngineError {
  if (err instanceof EngineError) return err;
  const kind = ioredisErrorKind(err, closedByUs);
  return new EngineError(kind, err instanceof Error ? err.message : String(err), { cause: err });
}
