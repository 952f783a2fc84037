/**
 * What an executed write puts in the AOF — Redis's propagation rules, applied from outside
 * the engine after the command ran (the command table's WRITE flag says which commands are
 * writes; read-only commands and error replies log nothing):
 * - relative and absolute expiries become absolute milliseconds, so replaying later gives the
 *   same deadline: SET … EX/PX/EXAT → SET … PXAT t, SETEX/PSETEX → SET … PXAT t,
 *   EXPIRE/PEXPIRE/EXPIREAT → PEXPIREAT t (DEL when the deadline had passed and the key went),
 *   GETEX EX/PX/… → PEXPIREAT t, GETEX PERSIST → PERSIST. `t` is computed from the arguments
 *   and the millisecond the command ran in (the clock read before and after the call; when it
 *   ticked in between, `t` is read back from the engine with PTTL instead), so it is the
 *   deadline the engine stored;
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

export type Emit = (args: readonly string[]) => void;

const EXPIRY_OPTIONS = new Set(['EX', 'PX', 'EXAT', 'PXAT']);

/** Commands whose log entry depends on the clock at execution (relative expiries). */
export const CLOCKED_COMMANDS: ReadonlySet<string> = new Set(['set', 'setex', 'psetex', 'getex', 'expire', 'pexpire']);

/**
 * An expiry option's deadline in Unix ms: EX/PX relative to `now`, EXAT/PXAT absolute. BigInt
 * because Redis keeps signed 64-bit deadlines (a `number` rounds past 2^53 ms); the command
 * already succeeded, so `value` is a valid integer.
 */
function deadline(option: string, value: string, now: number): bigint {
  switch (option) {
    case 'EX':
      return BigInt(now) + BigInt(value) * 1000n;
    case 'PX':
      return BigInt(now) + BigInt(value);
    case 'EXAT':
      return BigInt(value) * 1000n;
    default:
      return BigInt(value);
  }
}

/**
 * The execution clock: `now` is the engine's millisecond when the command ran, or null when it
 * is not known exactly (the clock ticked during the call) — then the deadline is read back from
 * the engine with PTTL (outside MULTI; inside, the caller passes the time EXEC started).
 */
function resolve(key: string, relativeMs: bigint, now: number | null, call: SyncCall): bigint | null | undefined {
  if (now !== null) return BigInt(now) + relativeMs;
  return absoluteExpiry(call, key);
}

/**
 * Translate one executed write (`name` lower-case, `reply` its non-Promise reply) into AOF
 * commands. `now` is the execution millisecond when known (see `resolve`); `call` runs on the
 * same session and database, for reading deadlines back when it is not.
 */
export function propagate(name: string, args: readonly string[], reply: Reply, now: number | null, call: SyncCall, emit: Emit): void {
  if (reply instanceof ErrorReply) return;
  switch (name) {
    case 'set': {
      let option = '';
      let value = '';
      let get = false;
      const out = [args[0]!, args[1]!, args[2]!];
      for (let i = 3; i < args.length; i++) {
        const opt = args[i]!.toUpperCase();
        if (EXPIRY_OPTIONS.has(opt)) {
          option = opt;
          value = args[++i]!;
        } else {
          if (opt === 'GET') get = true;
          out.push(args[i]!);
        }
      }
      if (option === '') return emit(args);
      // Without GET a nil reply means NX/XX kept the SET from applying: nothing to log.
      if (reply === null && !get) return;
      let at: bigint | null | undefined;
      if (option === 'EXAT' || option === 'PXAT' || now !== null) at = deadline(option, value, now ?? 0);
      else at = resolve(args[1]!, 0n, null, call);
      // A deadline that cannot be read back (the SET did not apply) leaves a plain conditional SET,
      // which replays to the same outcome.
      if (typeof at === 'bigint') out.push('PXAT', String(at));
      return emit(out);
    }
    case 'setex':
    case 'psetex': {
      const ms = name === 'setex' ? BigInt(args[2]!) * 1000n : BigInt(args[2]!);
      const at = resolve(args[1]!, ms, now, call);
      emit(typeof at === 'bigint' ? ['SET', args[1]!, args[3]!, 'PXAT', String(at)] : ['SET', args[1]!, args[3]!]);
      return;
    }
    case 'getex': {
      if (reply === null || args.length < 3) return;
      const opt = args[2]!.toUpperCase();
      if (opt === 'PERSIST') return emit(['PERSIST', args[1]!]);
      if (!EXPIRY_OPTIONS.has(opt)) return;
      const at = opt === 'EXAT' || opt === 'PXAT' || now !== null ? deadline(opt, args[3]!, now ?? 0) : resolve(args[1]!, 0n, null, call);
      if (at === undefined) emit(['DEL', args[1]!]);
      else if (at !== null) emit(['PEXPIREAT', args[1]!, String(at)]);
      return;
    }
    case 'expire':
    case 'pexpire': {
      if (reply !== 1) return;
      const ms = name === 'expire' ? BigInt(args[2]!) * 1000n : BigInt(args[2]!);
      const at = resolve(args[1]!, ms, now, call);
      // A deadline already passed deleted the key (Redis propagates DEL then).
      if (at === undefined || (typeof at === 'bigint' && ms <= 0n)) emit(['DEL', args[1]!]);
      else if (at !== null) emit(['PEXPIREAT', args[1]!, String(at)]);
      return;
    }
    case 'expireat':
      if (reply === 1) emit(['PEXPIREAT', args[1]!, String(BigInt(args[2]!) * 1000n)]);
      return;
    case 'pexpireat':
      if (reply === 1) emit(['PEXPIREAT', args[1]!, args[2]!]);
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
