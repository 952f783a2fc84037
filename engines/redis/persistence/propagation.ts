/**
 * What an executed write puts in the AOF — Redis's propagation rules, applied from outside
 * the engine after the command ran (the command table's WRITE flag says which commands are
 * writes; read-only commands and error replies log nothing):
 * - relative and absolute expiries become absolute milliseconds, so replaying later gives the
 *   same deadline: SET … EX/PX/EXAT → SET … PXAT t, SETEX/PSETEX → SET … PXAT t,
 *   EXPIRE/PEXPIRE/EXPIREAT → PEXPIREAT t (DEL when the deadline had passed and the key went),
 *   GETEX EX/PX/… → PEXPIREAT t, GETEX PERSIST → PERSIST. The deadline `t` is read back from
 *   the engine (PTTL against the clock), so it is the one the engine really stored;
 * - random or blocking choices become their outcome: SPOP → SREM of the popped members,
 *   BLPOP/BRPOP → LPOP/RPOP, BLMOVE → LMOVE, BRPOPLPUSH → RPOPLPUSH (only when they served);
 * - everything else is logged as called: replaying a deterministic command on the same
 *   state gives the same result (a conditional write that did nothing does nothing again).
 */
import { F, COMMAND_SPECS } from '../command-table.js';
import { ErrorReply, type Reply } from '../../types.js';
import { absoluteExpiry, type SyncCall } from './keyspace-walk.js';

/** Lower- and upper-case names of every WRITE command, for a lookup without toLowerCase. */
const WRITE_NAMES = new Map<string, string>();
for (const spec of COMMAND_SPECS) {
  if (spec.flags & F.WRITE) {
    WRITE_NAMES.set(spec.name, spec.name);
    WRITE_NAMES.set(spec.name.toUpperCase(), spec.name);
  }
}

/** The lower-case name of `arg0` when it is a write command, else undefined. */
export function writeCommandName(arg0: string): string | undefined {
  const hit = WRITE_NAMES.get(arg0);
  if (hit !== undefined) return hit;
  const lower = arg0.toLowerCase();
  return lower === arg0 ? undefined : WRITE_NAMES.get(lower);
}

export function isWriteCommand(name: string): boolean {
  return writeCommandName(name) !== undefined;
}

export type Emit = (args: readonly string[]) => void;

const EXPIRY_OPTIONS = new Set(['EX', 'PX', 'EXAT', 'PXAT']);

/** Emit the key's current deadline as PEXPIREAT (or DEL when it is gone). */
function emitDeadline(key: string, call: SyncCall, emit: Emit, whenPersistent?: readonly string[]): void {
  const at = absoluteExpiry(call, key);
  if (at === undefined) emit(['DEL', key]);
  else if (at === null) {
    if (whenPersistent) emit(whenPersistent);
  } else emit(['PEXPIREAT', key, String(at)]);
}

/**
 * Translate one executed write (`name` lower-case, `reply` its non-Promise reply) into AOF
 * commands. `call` runs on the same session and database, for reading deadlines back.
 */
export function propagate(name: string, args: readonly string[], reply: Reply, call: SyncCall, emit: Emit): void {
  if (reply instanceof ErrorReply) return;
  switch (name) {
    case 'set': {
      let relative = false;
      for (let i = 3; i < args.length; i++) {
        if (EXPIRY_OPTIONS.has(args[i]!.toUpperCase())) {
          relative = true;
          break;
        }
      }
      if (!relative) return emit(args);
      const at = absoluteExpiry(call, args[1]!);
      // With an expiry option the key holds a deadline exactly when the SET applied.
      if (typeof at !== 'number') return;
      const out = [args[0]!, args[1]!, args[2]!];
      for (let i = 3; i < args.length; i++) {
        const opt = args[i]!;
        if (EXPIRY_OPTIONS.has(opt.toUpperCase())) i++;
        else out.push(opt);
      }
      out.push('PXAT', String(at));
      return emit(out);
    }
    case 'setex':
    case 'psetex': {
      const at = absoluteExpiry(call, args[1]!);
      if (typeof at === 'number') emit(['SET', args[1]!, args[3]!, 'PXAT', String(at)]);
      else emit(['DEL', args[1]!]);
      return;
    }
    case 'getex': {
      if (reply === null || args.length < 3) return;
      const opt = args[2]!.toUpperCase();
      if (opt === 'PERSIST') return emit(['PERSIST', args[1]!]);
      return emitDeadline(args[1]!, call, emit);
    }
    case 'expire':
    case 'pexpire':
    case 'expireat':
    case 'pexpireat':
      if (reply === 1) emitDeadline(args[1]!, call, emit);
      return;
    case 'spop':
      if (typeof reply === 'string') emit(['SREM', args[1]!, reply]);
      else if (Array.isArray(reply) && reply.length > 0) emit(['SREM', args[1]!, ...(reply as string[])]);
      return;
    case 'blpop':
    case 'brpop':
      if (Array.isArray(reply)) emit([name === 'blpop' ? 'LPOP' : 'RPOP', reply[0] as string]);
      return;
    case 'blmove':
      if (reply !== null) emit(['LMOVE', args[1]!, args[2]!, args[3]!, args[4]!]);
      return;
    case 'brpoplpush':
      if (reply !== null) emit(['RPOPLPUSH', args[1]!, args[2]!]);
      return;
    default:
      emit(args);
  }
}
