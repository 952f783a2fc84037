/**
 * Commands that exist only once the engine has connections: HELLO AUTH CLIENT QUIT RESET
 * SHUTDOWN SAVE BGSAVE LASTSAVE BGREWRITEAOF, and server-aware versions of INFO, CONFIG and
 * COMMAND (the engine's own fields plus the server's: connected clients, persistence,
 * requirepass, maxclients…). They are command-table entries like the engine's (added with
 * `RedisServer.addCommands`), so arity errors, MULTI queueing, the subscribed-mode rules, the
 * NOAUTH gate and INFO commandstats treat them as Redis does. The handler finds its connection
 * through `Client.owner`. Replies and errors are worded as redis-server 7.0 words them.
 */
import { ErrorReply, OK, StatusReply, type Reply } from '../../types.js';
import type { Client } from '../../redis/client.js';
import { type CommandSpec, F } from '../../redis/command-spec.js';
import { flagNames } from '../../redis/command-table.js';
import { infoSections, renderInfo } from '../../redis/commands/server.js';
import { cText, unknownSubcommand, wrongArity } from '../../redis/errors.js';
import { globMatch } from '../../redis/glob.js';
import { ENGINE_VERSION } from '../../redis/version.js';
import type { RespConnection } from './connection.js';
import type { RespServer } from './server.js';

const is = (a: string | undefined, word: string): boolean => a !== undefined && a.length === word.length && a.toUpperCase() === word;

function conn(c: Client): RespConnection {
  return c.owner as RespConnection;
}

const NO_PASSWORD = new ErrorReply(
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
);
const WRONGPASS = new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.');
const BAD_NAME = new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.');

/** Checks a password (and user, which must be `default`: there are no ACL users). */
function authenticate(server: RespServer, c: Client, user: string, password: string): ErrorReply | null {
  const required = server.settings.requirepass;
  if (user !== 'default' || required === '' || password !== required) return WRONGPASS;
  c.authenticated = true;
  conn(c).parser.authenticated = true;
  return null;
}

function auth(server: RespServer, c: Client, argv: readonly string[]): Reply {
  if (argv.length > 3) return new ErrorReply('ERR syntax error');
  if (argv.length === 2 && server.settings.requirepass === '') return NO_PASSWORD;
  const user = argv.length === 3 ? argv[1]! : 'default';
  return authenticate(server, c, user, argv[argv.length - 1]!) ?? OK;
}

/** Redis's clientSetName: printable ASCII without spaces; '' clears the name. */
function setName(c: Client, name: string): ErrorReply | null {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return BAD_NAME;
  }
  conn(c).name = name;
  return null;
}

function hello(server: RespServer, c: Client, argv: readonly string[]): Reply {
  let protocol: 2 | 3 | 0 = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = argv[1]!;
    if (!/^-?\d{1,19}$/.test(v)) return new ErrorReply('ERR Protocol version is not an integer or out of range');
    const n = Number(v);
    if (n < 2 || n > 3) return new ErrorReply('NOPROTO unsupported protocol version');
    protocol = n as 2 | 3;
    next = 2;
  }
  let user: string | null = null;
  let password: string | null = null;
  let name: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (is(argv[j], 'AUTH') && more >= 2) {
      user = argv[j + 1]!;
      password = argv[j + 2]!;
      j += 2;
    } else if (is(argv[j], 'SETNAME') && more >= 1) {
      name = argv[j + 1]!;
      j++;
    } else {
      return new ErrorReply(`ERR Syntax error in HELLO option '${cText(argv[j]!)}'`);
    }
  }
  if (user !== null && password !== null) {
    const err = authenticate(server, c, user, password);
    if (err !== null) return err;
  }
  if (!c.authenticated) {
    return new ErrorReply(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
  }
  if (name !== null) {
    const err = setName(c, name);
    if (err !== null) return err;
  }
  if (protocol !== 0) c.protocol = protocol;
  return ['server', 'redis', 'version', ENGINE_VERSION, 'proto', c.protocol, 'id', c.id, 'mode', 'standalone', 'role', 'master', 'modules', []];
}

function client(server: RespServer, c: Client, argv: readonly string[]): Reply {
  const sub = argv[1]!;
  const me = conn(c);
  if (is(sub, 'ID') && argv.length === 2) return c.id;
  if (is(sub, 'GETNAME') && argv.length === 2) return me.name === '' ? null : me.name;
  if (is(sub, 'SETNAME') && argv.length === 3) return setName(c, argv[2]!) ?? OK;
  if (is(sub, 'INFO') && argv.length === 2) return me.describe() + '\n';
  if (is(sub, 'LIST')) {
    let ids: Set<number> | null = null;
    let type: string | null = null;
    for (let i = 2; i < argv.length; i++) {
      if (is(argv[i], 'TYPE') && i + 1 < argv.length) {
        type = argv[++i]!.toLowerCase();
        if (!['normal', 'pubsub', 'master', 'replica', 'slave'].includes(type)) {
          return new ErrorReply(`ERR Unknown client type '${cText(argv[i]!)}'`);
        }
      } else if (is(argv[i], 'ID') && i + 1 < argv.length) {
        ids = new Set();
        for (i++; i < argv.length; i++) {
          if (!/^\d+$/.test(argv[i]!) || Number(argv[i]) === 0) return new ErrorReply('ERR Invalid client ID');
          ids.add(Number(argv[i]));
        }
      } else {
        return new ErrorReply('ERR syntax error');
      }
    }
    let text = '';
    for (const other of server.connections) {
      if (ids !== null && !ids.has(other.client.id)) continue;
      if (type !== null && (type === 'pubsub') !== other.client.subscriptionCount > 0) continue;
      if (type !== null && type !== 'pubsub' && type !== 'normal') continue;
      text += other.describe() + '\n';
    }
    return text;
  }
  if (is(sub, 'KILL')) {
    if (argv.length === 3) {
      const target = [...server.connections].find((o) => o.remoteAddress === argv[2]);
      if (!target) return new ErrorReply('ERR No such client');
      target.kill();
      return OK;
    }
    let killed = 0;
    for (let i = 2; i + 1 < argv.length; i += 2) {
      if (!is(argv[i], 'ID') && !is(argv[i], 'ADDR')) return new ErrorReply('ERR syntax error');
    }
    if (argv.length % 2 !== 0) return new ErrorReply('ERR syntax error');
    for (const other of [...server.connections]) {
      let match = true;
      for (let i = 2; i + 1 < argv.length; i += 2) {
        if (is(argv[i], 'ID') && String(other.client.id) !== argv[i + 1]) match = false;
        if (is(argv[i], 'ADDR') && other.remoteAddress !== argv[i + 1]) match = false;
      }
      if (match) {
        other.kill();
        killed++;
      }
    }
    return killed;
  }
  if (is(sub, 'NO-EVICT') && argv.length === 3 && (is(argv[2], 'ON') || is(argv[2], 'OFF'))) return OK;
  return unknownSubcommand(sub, 'client');
}

function quit(c: Client): Reply {
  conn(c).closeAfterReply = true;
  return OK;
}

const RESET = new StatusReply('RESET');

function reset(server: RespServer, c: Client): Reply {
  c.multi = null;
  c.dirtyExec = false;
  c.dirtyCas = false;
  c.server.unwatchAll(c);
  c.server.pubsub.removeClient(c);
  c.db = c.server.dbs[0]!;
  c.protocol = 2;
  const me = conn(c);
  me.name = '';
  if (server.settings.requirepass !== '') {
    c.authenticated = false;
    me.parser.authenticated = false;
  }
  return RESET;
}

function shutdown(server: RespServer, c: Client, argv: readonly string[]): Reply {
  let save: boolean | undefined;
  for (let i = 1; i < argv.length; i++) {
    if (is(argv[i], 'NOSAVE')) save = false;
    else if (is(argv[i], 'SAVE')) save = true;
    else if (is(argv[i], 'NOW') || is(argv[i], 'FORCE')) continue;
    else return new ErrorReply('ERR syntax error');
  }
  if (c.multi !== null) return new ErrorReply('ERR Command not allowed inside a transaction');
  server.requestShutdown(save === undefined ? {} : { save }, 'SHUTDOWN command');
  // The connection closes without a reply, as redis-server's does.
  conn(c).closeAfterReply = true;
  conn(c).suppressReply = true;
  return OK;
}

function noRdb(server: RespServer): ErrorReply {
  return new ErrorReply(`ERR no RDB file: this server runs with persistence ${server.served.choice?.mode ?? 'none'} (serve with --engine-opt persistence=rdb or rdb+aof-…)`);
}

function save(server: RespServer, background: boolean): Reply {
  const p = server.served.persistent;
  if (p === null || p.persistence.rdbFile === null) return noRdb(server);
  p.save();
  return background ? new StatusReply('Background saving started') : OK;
}

function lastsave(server: RespServer): Reply {
  return Number(server.served.stats()['rdb_last_save_time'] ?? Math.floor(server.served.server.startedAt / 1000));
}

function bgrewriteaof(server: RespServer): Reply {
  const p = server.served.persistent;
  if (p === null || p.persistence.aofFile === null) {
    return new ErrorReply(`ERR no AOF: this server runs with persistence ${server.served.choice?.mode ?? 'none'}`);
  }
  p.rewriteAof();
  return new StatusReply('Background append only file rewriting started');
}

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'keyspace'];

/** INFO: the engine's sections with the server's fields added, in redis-server's order. */
function info(server: RespServer, _c: Client, argv: readonly string[]): Reply {
  const sections = infoSections(server.served.server);
  const add = (name: string, fields: [string, string | number][]): void => {
    sections.set(name, [...(sections.get(name) ?? []), ...fields]);
  };
  add('server', [
    ['tcp_port', server.port],
    ['executable', process.argv[1] ?? ''],
  ]);
  sections.set('clients', [
    ['connected_clients', server.connections.size],
    ['maxclients', server.settings.maxclients],
    ...(sections.get('clients') ?? []),
  ]);
  const stats = server.served.stats();
  const p = server.served.persistent;
  sections.set('persistence', [
    ['loading', 0],
    ['rdb_changes_since_last_save', Number(stats['rdb_changes_since_last_save'] ?? 0)],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', Number(stats['rdb_last_save_time'] ?? 0)],
    ['rdb_last_bgsave_status', 'ok'],
    ['aof_enabled', p?.persistence.aofFile ? 1 : 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_last_write_status', 'ok'],
    // aof_fsyncs is cachebench's own: fdatasyncs so far (one per read under always: group commit).
    ...(p?.persistence.aofFile
      ? ([
          ['aof_current_size', Number(stats['aof_current_size'] ?? 0)],
          ['aof_fsyncs', Number(stats['aof_fsyncs'] ?? 0)],
        ] as [string, number][])
      : []),
  ]);
  add('stats', [
    ['total_net_input_bytes', server.netInputBytes],
    ['total_net_output_bytes', server.netOutputBytes],
    ['rejected_connections', server.rejectedConnections],
    // As redis-server 7.0 counts them: reads of client sockets, writes of replies to them.
    ['total_reads_processed', server.readsProcessed],
    ['total_writes_processed', server.writesProcessed],
  ]);
  sections.set('replication', [
    ['role', 'master'],
    ['connected_slaves', 0],
  ]);
  const order = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'commandstats', 'keyspace'];
  let wanted: string[];
  const args = argv.slice(1).map((a) => a.toLowerCase());
  if (args.length === 0 || args.includes('default')) wanted = DEFAULT_SECTIONS;
  else if (args.includes('all') || args.includes('everything')) wanted = order;
  else wanted = order.filter((s) => args.includes(s));
  return renderInfo(sections, wanted);
}

/** CONFIG GET/SET: the server's settings (settings.ts) beside the engine's. */
function config(server: RespServer, engineConfig: CommandSpec['handler'], c: Client, argv: readonly string[]): Reply {
  const sub = argv[1]!;
  if (is(sub, 'GET')) {
    if (argv.length < 3) return wrongArity('config|get');
    const engineReply = engineConfig(c, argv) as Reply;
    if (!Array.isArray(engineReply)) return engineReply;
    const out: Reply[] = [...engineReply];
    for (let i = 2; i < argv.length; i++) {
      const pattern = argv[i]!.toLowerCase();
      for (const [name, value] of server.configEntries()) {
        if (globMatch(pattern, name) && !out.includes(name)) out.push(name, value);
      }
    }
    return out;
  }
  if (is(sub, 'SET')) {
    if (argv.length < 4 || argv.length % 2 !== 0) return wrongArity('config|set');
    const engineArgs = [argv[0]!, argv[1]!];
    const ours: [string, string][] = [];
    for (let i = 2; i < argv.length; i += 2) {
      const name = argv[i]!.toLowerCase();
      if (server.hasSetting(name)) ours.push([name, argv[i + 1]!]);
      else engineArgs.push(argv[i]!, argv[i + 1]!);
    }
    for (const [name, value] of ours) {
      const err = server.checkSetting(name, value);
      if (err !== null) return new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${err}`);
    }
    if (engineArgs.length > 2) {
      const r = engineConfig(c, engineArgs) as Reply;
      if (r instanceof ErrorReply) return r;
    }
    for (const [name, value] of ours) server.applySetting(name, value);
    return OK;
  }
  return engineConfig(c, argv) as Reply;
}

/** One COMMAND INFO entry in Redis 7's shape (10 fields). */
function commandInfo(spec: CommandSpec): Reply {
  return [spec.name, spec.arity, flagNames(spec.flags).map((f) => new StatusReply(f)), spec.keys[0], spec.keys[1], spec.keys[2], [], [], [], []];
}

function command(server: RespServer, engineCommand: CommandSpec['handler'], c: Client, argv: readonly string[]): Reply {
  const specs = server.served.server.specs;
  const byName = (n: string): CommandSpec | undefined => specs.find((s) => s.name === n.toLowerCase());
  if (argv.length === 1) return specs.map(commandInfo);
  const sub = argv[1]!;
  if (is(sub, 'INFO')) {
    if (argv.length === 2) return specs.map(commandInfo);
    return argv.slice(2).map((n) => {
      const s = byName(n);
      return s === undefined ? null : commandInfo(s);
    });
  }
  if (is(sub, 'DOCS')) {
    const chosen = argv.length === 2 ? specs : (argv.slice(2).map(byName).filter((s) => s !== undefined) as CommandSpec[]);
    const out: Reply[] = [];
    for (const s of chosen) out.push(s.name, ['summary', s.summary, 'since', '1.0.0', 'group', s.group === 'sortedSets' ? 'sorted-set' : s.group]);
    return out;
  }
  if (is(sub, 'LIST') && argv.length === 2) return specs.map((s) => s.name);
  if (is(sub, 'COUNT') && argv.length === 2) return specs.length;
  return engineCommand(c, argv) as Reply;
}

const CONNECTION = F.NO_AUTH | F.FAST;

/** The connection-level command table for one server (handlers close over it). */
export function connectionCommands(server: RespServer, engineSpecs: readonly CommandSpec[]): CommandSpec[] {
  const engineHandler = (name: string): CommandSpec['handler'] => {
    const spec = engineSpecs.find((s) => s.name === name);
    if (spec === undefined) throw new Error(`redis-style engine has no '${name}' command to extend`);
    return spec.handler;
  };
  const engineConfig = engineHandler('config');
  const engineCommand = engineHandler('command');
  const spec = (name: string, arity: number, flags: number, summary: string, handler: CommandSpec['handler'], group: CommandSpec['group'] = 'connection'): CommandSpec => ({
    name,
    arity,
    flags,
    keys: [0, 0, 0],
    group,
    summary,
    handler,
  });
  return [
    spec('hello', -1, CONNECTION, 'Handshake: RESP version, AUTH, SETNAME', (c, a) => hello(server, c, a)),
    spec('auth', -2, CONNECTION, 'Authenticate the connection', (c, a) => auth(server, c, a)),
    spec('client', -2, 0, 'CLIENT ID / GETNAME / SETNAME / LIST / INFO / KILL', (c, a) => client(server, c, a)),
    spec('quit', -1, CONNECTION | F.NO_QUEUE | F.PUBSUB_CONTEXT, 'Close the connection', (c) => quit(c)),
    spec('reset', 1, CONNECTION | F.NO_QUEUE | F.PUBSUB_CONTEXT, 'Reset the connection state', (c) => reset(server, c)),
    spec('shutdown', -1, 0, 'Stop the server [NOSAVE|SAVE]', (c, a) => shutdown(server, c, a), 'server'),
    spec('save', 1, F.NO_MULTI, 'Snapshot to the RDB file now', () => save(server, false), 'server'),
    spec('bgsave', -1, 0, 'Snapshot to the RDB file (synchronously; the engine cannot fork)', () => save(server, true), 'server'),
    spec('lastsave', 1, F.FAST, 'Unix time of the last RDB save', () => lastsave(server), 'server'),
    spec('bgrewriteaof', 1, 0, 'Rewrite the AOF (synchronously)', () => bgrewriteaof(server), 'server'),
    spec('info', -1, 0, 'Server information and statistics', (c, a) => info(server, c, a), 'server'),
    spec('config', -2, 0, 'CONFIG GET / SET / RESETSTAT', (c, a) => config(server, engineConfig, c, a), 'server'),
    spec('command', -1, 0, 'Command table introspection', (c, a) => command(server, engineCommand, c, a), 'server'),
  ];
}
