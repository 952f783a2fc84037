/**
 * Every error reply the redis-style engine sends, worded exactly as Redis 7.0 words it. Shared
 * replies are allocated once; the formatted ones are functions of the offending input.
 */
import { ErrorReply } from '../types.js';

export const WRONGTYPE = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
export const SYNTAX = new ErrorReply('ERR syntax error');
export const NOT_INTEGER = new ErrorReply('ERR value is not an integer or out of range');
export const NOT_FLOAT = new ErrorReply('ERR value is not a valid float');
export const OVERFLOW = new ErrorReply('ERR increment or decrement would overflow');
export const DECR_OVERFLOW = new ErrorReply('ERR decrement would overflow');
export const NAN_OR_INF = new ErrorReply('ERR increment would produce NaN or Infinity');
export const NO_SUCH_KEY = new ErrorReply('ERR no such key');
export const INDEX_OUT_OF_RANGE = new ErrorReply('ERR index out of range');
export const OOM = new ErrorReply("OOM command not allowed when used memory > 'maxmemory'.");
export const EXECABORT = new ErrorReply('EXECABORT Transaction discarded because of previous errors.');
export const MIN_MAX_NOT_FLOAT = new ErrorReply('ERR min or max is not a float');
export const MIN_MAX_NOT_STRING = new ErrorReply('ERR min or max not valid string range item');
export const TIMEOUT_NOT_FLOAT = new ErrorReply('ERR timeout is not a float or out of range');
export const TIMEOUT_NEGATIVE = new ErrorReply('ERR timeout is negative');
export const INVALID_CURSOR = new ErrorReply('ERR invalid cursor');
export const DB_INDEX_OUT_OF_RANGE = new ErrorReply('ERR DB index is out of range');
export const STRING_TOO_LONG = new ErrorReply('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
export const SCORE_NAN = new ErrorReply('ERR resulting score is not a number (NaN)');
export const HASH_NOT_INTEGER = new ErrorReply('ERR hash value is not an integer');
export const HASH_NOT_FLOAT = new ErrorReply('ERR hash value is not a float');

/**
 * User text inside an error, as C's `%s` prints it (cut at the first NUL) with CR and LF turned
 * into spaces (Redis keeps error replies on one protocol line).
 */
export function cText(s: string): string {
  const nul = s.indexOf('\0');
  const cut = nul < 0 ? s : s.slice(0, nul);
  return cut.replace(/[\r\n]/g, ' ');
}

export function wrongArity(name: string): ErrorReply {
  return new ErrorReply(`ERR wrong number of arguments for '${name}' command`);
}

export function invalidExpireTime(command: string): ErrorReply {
  return new ErrorReply(`ERR invalid expire time in '${command}' command`);
}

/** "ERR unknown command 'foo', with args beginning with: 'a' 'b' " (args cut at 128 chars). */
export function unknownCommand(args: readonly string[]): ErrorReply {
  let shown = '';
  for (let i = 1; i < args.length && shown.length < 128; i++) {
    const remaining = 128 - shown.length;
    shown += `'${cText(args[i]!).slice(0, remaining)}' `;
  }
  return new ErrorReply(cText(`ERR unknown command '${cText(args[0]!).slice(0, 128)}', with args beginning with: ${shown}`));
}

export function unknownSubcommand(sub: string, command: string): ErrorReply {
  return new ErrorReply(
    `ERR unknown subcommand '${cText(sub).slice(0, 128)}'. Try ${command.toUpperCase()} HELP.`,
  );
}
