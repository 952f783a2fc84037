/**
 * Command metadata as data, Redis-style: every command is a `CommandSpec` (name, arity, flags,
 * key positions, group, one-line summary, handler). Dispatch, arity errors, MULTI queueing,
 * OOM rejection, INFO commandstats and `commandDocs()` all read this table; a command exists
 * exactly when it has an entry. Each data type's file under commands/ exports its entries.
 */
import { type CommandSpec, FLAG_NAMES } from './command-spec.js';
import { HASH_COMMANDS } from './commands/hashes.js';
import { KEY_COMMANDS } from './commands/keys.js';
import { LIST_COMMANDS } from './commands/lists.js';
import { PUBSUB_COMMANDS } from './commands/pubsub.js';
import { SERVER_COMMANDS } from './commands/server.js';
import { SET_COMMANDS } from './commands/sets.js';
import { STRING_COMMANDS } from './commands/strings.js';
import { TRANSACTION_COMMANDS } from './commands/transactions.js';
import { ZSET_COMMANDS } from './commands/zsets.js';

export const COMMAND_SPECS: readonly CommandSpec[] = [
  ...KEY_COMMANDS,
  ...STRING_COMMANDS,
  ...LIST_COMMANDS,
  ...SET_COMMANDS,
  ...ZSET_COMMANDS,
  ...HASH_COMMANDS,
  ...PUBSUB_COMMANDS,
  ...TRANSACTION_COMMANDS,
  ...SERVER_COMMANDS,
];

export { BLOCK, F, type CommandSpec, type HandlerResult } from './command-spec.js';

export function flagNames(flags: number): string[] {
  const out: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) out.push(name);
  return out;
}

/** One line per command, `--help` style, generated from the table. */
export function commandDocs(): string {
  return [...COMMAND_SPECS]
    .sort((a, b) => (a.group === b.group ? (a.name < b.name ? -1 : 1) : a.group < b.group ? -1 : 1))
    .map((s) => `${s.group.padEnd(13)} ${s.name.toUpperCase().padEnd(18)} ${s.summary} [${flagNames(s.flags).join(' ')}]`)
    .join('\n');
}
