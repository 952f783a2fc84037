/**
 * Pub/sub commands: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH PUBSUB
 * (CHANNELS NUMSUB NUMPAT). A (un)subscribe to N channels produces N confirmations on the wire;
 * through `call` they come back as one array holding the N confirmation arrays.
 */
import { ErrorReply, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { type CommandSpec, F } from '../command-spec.js';
import { unknownSubcommand, wrongArity } from '../errors.js';
import { globMatch } from '../glob.js';
import { is } from './args.js';

function subscribe(c: Client, argv: readonly string[], pattern: boolean): Reply {
  const out: Reply[] = [];
  for (let i = 1; i < argv.length; i++) {
    const name = argv[i]!;
    if (pattern) c.server.pubsub.psubscribe(c, name);
    else c.server.pubsub.subscribe(c, name);
    out.push([pattern ? 'psubscribe' : 'subscribe', name, c.subscriptionCount]);
  }
  return out;
}

function unsubscribe(c: Client, argv: readonly string[], pattern: boolean): Reply {
  const kind = pattern ? 'punsubscribe' : 'unsubscribe';
  const names = argv.length > 1 ? argv.slice(1) : [...(pattern ? c.patterns : c.channels)];
  if (names.length === 0) return [[kind, null, c.subscriptionCount]];
  const out: Reply[] = [];
  for (const name of names) {
    if (pattern) c.server.pubsub.punsubscribe(c, name);
    else c.server.pubsub.unsubscribe(c, name);
    out.push([kind, name, c.subscriptionCount]);
  }
  return out;
}

function publish(c: Client, argv: readonly string[]): Reply {
  return c.server.pubsub.publish(argv[1]!, argv[2]!);
}

function pubsubCommand(c: Client, argv: readonly string[]): Reply {
  const sub = argv[1]!;
  const ps = c.server.pubsub;
  if (is(sub, 'CHANNELS') && argv.length <= 3) {
    const pattern = argv[2];
    const out: string[] = [];
    for (const ch of ps.channels.keys()) if (pattern === undefined || globMatch(pattern, ch)) out.push(ch);
    return out;
  }
  if (is(sub, 'NUMSUB')) {
    const out: Reply[] = [];
    for (let i = 2; i < argv.length; i++) out.push(argv[i]!, ps.channels.get(argv[i]!)?.size ?? 0);
    return out;
  }
  if (is(sub, 'NUMPAT')) return argv.length === 2 ? ps.patterns.size : wrongArity('pubsub|numpat');
  if (is(sub, 'CHANNELS')) {
    return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${sub}'. Try PUBSUB HELP.`);
  }
  return unknownSubcommand(sub, 'pubsub');
}

const P = F.PUBSUB | F.PUBSUB_CONTEXT;

export const PUBSUB_COMMANDS: readonly CommandSpec[] = [
  { name: 'subscribe', arity: -2, flags: P, keys: [0, 0, 0], group: 'pubsub', summary: 'Listen to channels', handler: (c, a) => subscribe(c, a, false) },
  { name: 'unsubscribe', arity: -1, flags: P, keys: [0, 0, 0], group: 'pubsub', summary: 'Stop listening to channels', handler: (c, a) => unsubscribe(c, a, false) },
  { name: 'psubscribe', arity: -2, flags: P, keys: [0, 0, 0], group: 'pubsub', summary: 'Listen to channel patterns', handler: (c, a) => subscribe(c, a, true) },
  { name: 'punsubscribe', arity: -1, flags: P, keys: [0, 0, 0], group: 'pubsub', summary: 'Stop listening to patterns', handler: (c, a) => unsubscribe(c, a, true) },
  { name: 'publish', arity: 3, flags: F.PUBSUB | F.FAST, keys: [0, 0, 0], group: 'pubsub', summary: 'Send a message', handler: publish },
  { name: 'pubsub', arity: -2, flags: F.PUBSUB, keys: [0, 0, 0], group: 'pubsub', summary: 'CHANNELS / NUMSUB / NUMPAT introspection', handler: pubsubCommand },
];
