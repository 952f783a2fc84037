/**
 * Server commands: PING ECHO TIME INFO (server, clients, memory, stats, keyspace,
 * commandstats) CONFIG GET/SET/RESETSTAT COMMAND COUNT. INFO's command stats are derived from
 * the command table; CONFIG from the settings table in config.ts.
 */
import { ErrorReply, OK, PONG, type Reply } from '../../types.js';
import type { Client } from '../client.js';
import { type CommandSpec, F } from '../command-spec.js';
import { SETTINGS, type RedisStyleConfig } from '../config.js';
import { unknownSubcommand, wrongArity } from '../errors.js';
import { globMatch } from '../glob.js';
import type { RedisServer } from '../server.js';
import { ENGINE_VERSION } from '../version.js';
import { is } from './args.js';

function ping(c: Client, argv: readonly string[]): Reply {
  if (argv.length > 2) return wrongArity('ping');
  if (c.subscriptionCount !== 0 && c.protocol === 2) return ['pong', argv[1] ?? ''];
  return argv.length === 2 ? argv[1]! : PONG;
}

function time(): Reply {
  const us = BigInt(Math.round(performance.timeOrigin * 1000 + performance.now() * 1000));
  return [String(us / 1000000n), String(us % 1000000n)];
}

/** INFO sections as name → ordered fields; `stats()` on the engine flattens the same data. */
export function infoSections(server: RedisServer): Map<string, [string, string | number][]> {
  const sections = new Map<string, [string, string | number][]>();
  const uptime = Math.floor((Date.now() - server.startedAt) / 1000);
  sections.set('server', [
    ['redis_version', ENGINE_VERSION],
    ['redis_mode', 'standalone'],
    ['implementation', 'cachebench redis-style (in-process, single-threaded)'],
    ['process_id', process.pid],
    ['uptime_in_seconds', uptime],
    ['hz', server.config.hz],
  ]);
  sections.set('clients', [['blocked_clients', server.blocking.blockedClients]]);
  sections.set('memory', [
    ['used_memory', server.usedMemory()],
    ['used_memory_human', humanBytes(server.usedMemory())],
    ['maxmemory', server.config.maxmemory],
    ['maxmemory_policy', server.config['maxmemory-policy']],
  ]);
  sections.set('stats', [
    ['total_connections_received', server.stats.totalConnections],
    ['total_commands_processed', server.totalCommands()],
    ['expired_keys', server.stats.expiredKeys],
    ['evicted_keys', server.stats.evictedKeys],
    ['keyspace_hits', server.stats.keyspaceHits],
    ['keyspace_misses', server.stats.keyspaceMisses],
    ['pubsub_channels', server.pubsub.channels.size],
    ['pubsub_patterns', server.pubsub.patterns.size],
  ]);
  const keyspace: [string, string][] = [];
  for (const db of server.dbs) {
    if (db.size === 0) continue;
    keyspace.push([`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=0`]);
  }
  sections.set('keyspace', keyspace);
  const cmdstats: [string, string][] = [];
  for (const spec of server.specs) {
    const b = server.commands.get(spec.name)!;
    if (b.calls === 0 && b.rejectedCalls === 0) continue;
    cmdstats.push([`cmdstat_${spec.name}`, `calls=${b.calls},rejected_calls=${b.rejectedCalls},failed_calls=${b.failedCalls}`]);
  }
  sections.set('commandstats', cmdstats);
  return sections;
}

function humanBytes(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(2)}K`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)}M`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)}G`;
}

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'stats', 'keyspace'];

function info(c: Client, argv: readonly string[]): Reply {
  const sections = infoSections(c.server);
  let wanted: string[];
  if (argv.length === 1 || argv.slice(1).some((a) => is(a, 'DEFAULT'))) wanted = DEFAULT_SECTIONS;
  else if (argv.slice(1).some((a) => is(a, 'ALL') || is(a, 'EVERYTHING'))) wanted = [...sections.keys()];
  else wanted = argv.slice(1).map((a) => a.toLowerCase());
  return renderInfo(sections, wanted);
}

/** INFO's text: the `wanted` sections in that order, `# Title` then `field:value` lines. */
export function renderInfo(sections: ReadonlyMap<string, readonly [string, string | number][]>, wanted: readonly string[]): string {
  const parts: string[] = [];
  for (const name of wanted) {
    const fields = sections.get(name);
    if (!fields) continue;
    const title = name === 'commandstats' ? 'Commandstats' : name[0]!.toUpperCase() + name.slice(1);
    parts.push(`# ${title}\r\n` + fields.map(([k, v]) => `${k}:${v}\r\n`).join(''));
  }
  return parts.join('\r\n');
}

function config(c: Client, argv: readonly string[]): Reply {
  const sub = argv[1]!;
  if (is(sub, 'GET')) {
    if (argv.length < 3) return wrongArity('config|get');
    const out: string[] = [];
    const seen = new Set<string>();
    for (let i = 2; i < argv.length; i++) {
      const pattern = argv[i]!.toLowerCase();
      for (const [name, setting] of SETTINGS) {
        if (seen.has(name) || !globMatch(pattern, name)) continue;
        seen.add(name);
        out.push(name, setting.print(c.server.config[setting.name]));
      }
    }
    return out;
  }
  if (is(sub, 'SET')) {
    if (argv.length < 4 || argv.length % 2 !== 0) return wrongArity('config|set');
    const updates: [keyof RedisStyleConfig, unknown][] = [];
    for (let i = 2; i < argv.length; i += 2) {
      const name = argv[i]!.toLowerCase();
      const setting = SETTINGS.get(name);
      if (!setting || !setting.mutable) {
        return new ErrorReply(`ERR Unknown option or number of arguments for CONFIG SET - '${argv[i]}'`);
      }
      let parsed = setting.parse(argv[i + 1]!);
      if (name === 'hz' && typeof parsed === 'string' && /^-?\d+$/.test(argv[i + 1]!)) {
        parsed = Math.min(500, Math.max(1, Number(argv[i + 1]!))); // Redis clamps hz
      }
      if (typeof parsed === 'string' && name !== 'maxmemory-policy') {
        return new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${parsed}`);
      }
      if (name === 'maxmemory-policy' && typeof parsed === 'string' && parsed.startsWith('argument')) {
        return new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${parsed}`);
      }
      updates.push([setting.name, parsed]);
    }
    for (const [name, value] of updates) (c.server.config as unknown as Record<string, unknown>)[name] = value;
    c.server.configChanged();
    return OK;
  }
  if (is(sub, 'RESETSTAT') && argv.length === 2) {
    const s = c.server.stats;
    s.keyspaceHits = s.keyspaceMisses = s.expiredKeys = s.evictedKeys = s.pubsubMessages = 0;
    for (const b of new Set(c.server.commands.values())) b.calls = b.failedCalls = b.rejectedCalls = 0;
    return OK;
  }
  return unknownSubcommand(sub, 'config');
}

function command(c: Client, argv: readonly string[]): Reply {
  if (argv.length === 2 && is(argv[1]!, 'COUNT')) return c.server.specs.length;
  if (argv.length === 1) {
    return c.server.specs.map((s) => [s.name, s.arity, [], s.keys[0], s.keys[1], s.keys[2]]);
  }
  return unknownSubcommand(argv[1]!, 'command');
}

export const SERVER_COMMANDS: readonly CommandSpec[] = [
  { name: 'ping', arity: -1, flags: F.FAST | F.PUBSUB_CONTEXT, keys: [0, 0, 0], group: 'server', summary: 'Liveness check', handler: ping },
  { name: 'echo', arity: 2, flags: F.FAST, keys: [0, 0, 0], group: 'server', summary: 'Echo a message', handler: (_c, a) => a[1]! },
  { name: 'time', arity: 1, flags: F.FAST, keys: [0, 0, 0], group: 'server', summary: 'Server time [seconds, microseconds]', handler: time },
  { name: 'info', arity: -1, flags: 0, keys: [0, 0, 0], group: 'server', summary: 'Server information and statistics', handler: info },
  { name: 'config', arity: -2, flags: 0, keys: [0, 0, 0], group: 'server', summary: 'CONFIG GET / SET / RESETSTAT', handler: config },
  { name: 'command', arity: -1, flags: 0, keys: [0, 0, 0], group: 'server', summary: 'Command table introspection', handler: command },
];
