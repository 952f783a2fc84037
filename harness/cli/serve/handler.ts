/**
 * `cachebench serve` handler: validate every flag and engine option before anything starts
 * (exit 2 naming the flag and the allowed values), start the server, print one line saying
 * where it listens (with `--port 0`, the port chosen), and run until SIGTERM / SIGINT or a
 * SHUTDOWN command — then shut down cleanly: connections closed, AOF synced, a last RDB
 * snapshot when RDB is on (SHUTDOWN NOSAVE skips it).
 */
import path from 'node:path';
import { resolveConfig } from '../../../engines/redis/config.js';
import { splitPersistenceOptions } from '../../../engines/redis/persistence/engine-options.js';
import { resolveOptions as resolveMemcachedOptions } from '../../../engines/memcached/options.js';
import { parseCount, parsePairs, UsageError } from '../parse-values.js';
import { SERVE_ENGINES, type ServeArgs } from './command.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function parseMemoryFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(raw.trim());
  const units: Record<string, number> = { b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  if (!m) throw new UsageError(`invalid --${flag}: got '${raw}'; expected bytes like 1048576, 64mb or 1gb`);
  const n = Number(m[1]) * (m[2] ? units[m[2].toLowerCase()]! : 1);
  if (n < 1024 * 1024) throw new UsageError(`invalid --${flag}: got '${raw}'; expected at least 1mb`);
  return n;
}

/** Engine options with strings kept as strings where the engine wants text (dir, passwords). */
function engineOptions(args: ServeArgs): Record<string, unknown> {
  const opts = parsePairs('engine-opt', args.engineOpt);
  if (typeof opts['dir'] === 'number') opts['dir'] = String(opts['dir']);
  return opts;
}

export interface ServePlan {
  readonly engine: (typeof SERVE_ENGINES)[number];
  readonly port: number;
  readonly bind: string;
  readonly threads: number;
  readonly engineOptions: Record<string, unknown>;
  readonly requirepass: string;
  readonly maxclients: number | undefined;
  readonly queryBufferLimit: number | undefined;
  readonly protoMaxBulkLen: number | undefined;
}

/** Flags → what to start; every check names its flag (UsageError, exit 2). */
export function servePlanFrom(args: ServeArgs): ServePlan {
  const engine = args.engine;
  if (engine === undefined || !(SERVE_ENGINES as readonly string[]).includes(engine)) {
    throw new UsageError(`invalid --engine: got '${engine ?? ''}'; expected ${SERVE_ENGINES.join(' or ')}`);
  }
  const isRedis = engine === 'redis-style';
  const port = args.port === undefined ? (isRedis ? 6379 : 11211) : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d+$/.test(String(args.port ?? port))) {
    throw new UsageError(`invalid --port: got '${args.port}'; expected an integer from 0 (a free port) to 65535`);
  }
  const bind = args.bind ?? '127.0.0.1';
  if (bind.trim() === '') throw new UsageError(`invalid --bind: expected an address such as 127.0.0.1`);
  const threads = args.threads === undefined ? 4 : parseCount('threads', args.threads, { integer: true, min: 1 });
  if (threads > 64) throw new UsageError(`invalid --threads: got '${args.threads}'; expected an integer from 1 to 64`);
  if (isRedis && args.threads !== undefined) {
    throw new UsageError(`invalid --threads: only for memcached-style (redis-style runs every command on one thread, like redis-server)`);
  }
  const maxclients = args.maxclients === undefined ? undefined : parseCount('maxclients', args.maxclients, { integer: true, min: 1 });
  for (const [flag, value] of [['requirepass', args.requirepass], ['query-buffer-limit', args.queryBufferLimit], ['proto-max-bulk-len', args.protoMaxBulkLen]] as const) {
    if (!isRedis && value !== undefined) throw new UsageError(`invalid --${flag}: only for redis-style`);
  }
  const options = engineOptions(args);
  try {
    if (isRedis) {
      const { engineOptions: rest, persistence } = splitPersistenceOptions(options);
      if (rest['threaded'] !== undefined) throw new Error(`redis-style option 'threaded': not with serve (one event loop runs every command, like redis-server)`);
      resolveConfig(rest);
      // Like redis-server, persistence without a dir writes into the current directory.
      if (persistence !== null && options['dir'] === undefined) options['dir'] = process.cwd();
      if (typeof options['dir'] === 'string') options['dir'] = path.resolve(options['dir']);
    } else {
      resolveMemcachedOptions(options);
    }
  } catch (err) {
    throw new UsageError(`invalid --engine-opt: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    engine: engine as ServePlan['engine'],
    port,
    bind,
    threads,
    engineOptions: options,
    requirepass: args.requirepass ?? '',
    maxclients,
    queryBufferLimit: parseMemoryFlag('query-buffer-limit', args.queryBufferLimit),
    protoMaxBulkLen: parseMemoryFlag('proto-max-bulk-len', args.protoMaxBulkLen),
  };
}

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  readonly describe: string;
  shutdown(options?: { save?: boolean }): Promise<void>;
  onShutdown(listener: () => void): void;
}

export async function startServe(plan: ServePlan): Promise<RunningServer> {
  if (plan.engine === 'redis-style') {
    const { RespServer } = await import('../../../engines/protocol/resp/server.js');
    const server = await RespServer.start({
      port: plan.port,
      bind: plan.bind,
      engineOptions: plan.engineOptions,
      requirepass: plan.requirepass,
      ...(plan.maxclients !== undefined ? { maxclients: plan.maxclients } : {}),
      ...(plan.queryBufferLimit !== undefined ? { clientQueryBufferLimit: plan.queryBufferLimit } : {}),
      ...(plan.protoMaxBulkLen !== undefined ? { protoMaxBulkLen: plan.protoMaxBulkLen } : {}),
    });
    const choice = server.served.choice;
    return {
      host: plan.bind,
      port: server.port,
      describe: `persistence ${choice?.mode ?? 'none'}${server.served.dir !== null ? `, dir ${server.served.dir}` : ''}`,
      shutdown: (o) => server.shutdown(o),
      onShutdown: (l) => server.on('shutdown', l),
    };
  }
  const { McServer } = await import('../../../engines/protocol/memcached/server.js');
  const server = await McServer.start({
    port: plan.port,
    bind: plan.bind,
    threads: plan.threads,
    engineOptions: plan.engineOptions,
    ...(plan.maxclients !== undefined ? { maxConnections: plan.maxclients } : {}),
  });
  return {
    host: plan.bind,
    port: server.port,
    describe: `${plan.threads} worker thread${plan.threads === 1 ? '' : 's'}, ${server.memoryMb} MB`,
    shutdown: () => server.shutdown(),
    onShutdown: (l) => server.on('shutdown', l),
  };
}

export async function serveHandler(args: ServeArgs): Promise<void> {
  const plan = servePlanFrom(args);
  if (!LOOPBACK.has(plan.bind)) {
    process.stderr.write(`cachebench serve: listening on ${plan.bind}, reachable beyond this machine${plan.requirepass === '' && plan.engine === 'redis-style' ? ' and without a password' : ''}\n`);
  }
  const server = await startServe(plan);
  process.stdout.write(`cachebench serve: ${plan.engine} listening on ${server.host}:${server.port} (pid ${process.pid}, ${server.describe})\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      process.stderr.write(`cachebench serve: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    void server.shutdown().then(
      () => {
        process.stderr.write(`cachebench serve: stopped (${signal})\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`cachebench serve: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  server.onShutdown(() => {
    process.stderr.write('cachebench serve: stopped (SHUTDOWN)\n');
    process.exit(0);
  });
  // Run until a signal or SHUTDOWN: the listening socket keeps the event loop alive.
  await new Promise<never>(() => {});
}
