/**
 * Turns whatever an operation threw into the error kind the result counts it under:
 * `EngineError` kinds (`timeout`, `connection`…), `reply:<CODE>` for error replies surfaced as
 * failures, the Node error code for system errors, or the error's name.
 */
import { EngineError, ErrorReply } from '../../engines/types.js';

export function errorKindOf(err: unknown): string {
  if (err instanceof EngineError) return err.kind;
  if (err instanceof ErrorReply) return `reply:${err.code}`;
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0 && name !== 'Error') return name;
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string' && /timed? ?out/i.test(message)) return 'timeout';
  }
  return 'unknown';
}
