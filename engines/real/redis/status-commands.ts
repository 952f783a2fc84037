/**
 * Which commands answer with a RESP *status* (`+OK`, `+PONG`, `+string` from TYPE) rather than
 * a bulk string. ioredis 6's decoder turns both into Buffers, so the ioredis adapter needs this
 * table to give `call` the same reply shapes as the lean driver and the in-process engine.
 * (The lean RESP driver sees the type byte and never consults it.)
 */

/** Commands whose non-error, non-nil scalar reply is always a status. */
const STATUS_COMMANDS: ReadonlySet<string> = new Set([
  'ASKING', 'AUTH', 'BGREWRITEAOF', 'BGSAVE', 'DISCARD', 'FLUSHALL', 'FLUSHDB', 'HMSET', 'LSET',
  'LTRIM', 'MIGRATE', 'MSET', 'MULTI', 'PFMERGE', 'PSETEX', 'QUIT', 'READONLY', 'READWRITE',
  'RENAME', 'REPLICAOF', 'RESET', 'RESTORE', 'SAVE', 'SELECT', 'SETEX', 'SHUTDOWN', 'SLAVEOF',
  'SWAPDB', 'TYPE', 'UNWATCH', 'WATCH', 'DEBUG',
]);

/** Container commands: the subcommands that answer with a status. */
const STATUS_SUBCOMMANDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['CONFIG', new Set(['SET', 'RESETSTAT', 'REWRITE'])],
  ['CLIENT', new Set(['SETNAME', 'PAUSE', 'UNPAUSE', 'REPLY', 'NO-EVICT', 'SETINFO'])],
  ['SCRIPT', new Set(['FLUSH', 'KILL'])],
  ['FUNCTION', new Set(['FLUSH', 'DELETE', 'RESTORE', 'KILL'])],
  ['SLOWLOG', new Set(['RESET'])],
  ['MEMORY', new Set(['PURGE'])],
  ['ACL', new Set(['SETUSER', 'SAVE', 'LOAD'])],
  ['XGROUP', new Set(['CREATE', 'SETID'])],
  ['CLUSTER', new Set(['ADDSLOTS', 'ADDSLOTSRANGE', 'DELSLOTS', 'DELSLOTSRANGE', 'FAILOVER', 'FORGET', 'MEET', 'REPLICATE', 'RESET', 'SAVECONFIG', 'SET-CONFIG-EPOCH', 'SETSLOT', 'FLUSHSLOTS', 'BUMPEPOCH'])],
]);

/** True when a scalar string reply to `args` is a status, not a bulk string. */
export function repliesWithStatus(args: readonly string[]): boolean {
  const name = (args[0] ?? '').toUpperCase();
  if (name === 'PING') return args.length === 1; // PING msg echoes a bulk string
  if (name === 'SET') {
    for (let i = 3; i < args.length; i++) if (args[i]!.toUpperCase() === 'GET') return false;
    return true;
  }
  if (STATUS_COMMANDS.has(name)) return true;
  const subs = STATUS_SUBCOMMANDS.get(name);
  return subs !== undefined && args.length > 1 && subs.has(args[1]!.toUpperCase());
}
