/**
 * Starting redis-server: the command-line configuration for each persistence mode
 * (none / rdb / aof with appendfsync always|everysec|no), an optional password and memory
 * limit, bound to loopback with its data and log in the temp directory.
 */
import { execFileSync } from 'node:child_process';
import { requireBinary } from './binaries.js';
import { checkedCpus } from './cpu-affinity.js';
import { launch, type ManagedServer } from './managed-server.js';
import { REDIS_PING_PROBE } from './probe.js';

export type RedisPersistence = 'none' | 'rdb' | 'aof' | 'rdb+aof';
export type RedisAppendFsync = 'always' | 'everysec' | 'no';

export interface RedisServerOptions {
  /** @default 'none' */
  persistence?: RedisPersistence;
  /** Only with `persistence: 'aof'`. @default 'everysec' */
  appendfsync?: RedisAppendFsync;
  requirepass?: string;
  maxmemoryBytes?: number;
  /** Used with `maxmemoryBytes`. @default 'allkeys-lru' (a cache, not a database) */
  maxmemoryPolicy?: string;
  /** Appended verbatim, e.g. `['--cluster-enabled', 'yes']`. */
  extraArgs?: string[];
  /** Run in this existing data directory (restart on what a killed server left). @default a new temp directory */
  dir?: string;
  /** Leave the data directory in place on stop, kill and exit. @default false */
  keepDir?: boolean;
  /** CPUs to pin every redis-server thread to, e.g. `1` or `2-3` (`taskset`). @default where cachebench could run before `--cpus` (`launch`) */
  cpus?: string;
}

export const REDIS_PERSISTENCE_MODES: readonly RedisPersistence[] = ['none', 'rdb', 'aof', 'rdb+aof'];
export const REDIS_APPENDFSYNC_MODES: readonly RedisAppendFsync[] = ['always', 'everysec', 'no'];

const versionByBinary = new Map<string, string>();

/** `redis-server --version` → `7.0.15`. */
function binaryVersion(binary: string): string {
  let version = versionByBinary.get(binary);
  if (version === undefined) {
    const out = execFileSync(binary, ['--version'], { encoding: 'latin1' });
    version = /v=(\S+)/.exec(out)?.[1] ?? out.trim();
    versionByBinary.set(binary, version);
  }
  return version;
}

function persistenceArgs(options: RedisServerOptions): string[] {
  const persistence = options.persistence ?? 'none';
  if (!REDIS_PERSISTENCE_MODES.includes(persistence)) {
    throw new Error(`persistence: '${String(persistence)}' is not one of ${REDIS_PERSISTENCE_MODES.join(', ')}`);
  }
  const fsync = options.appendfsync ?? 'everysec';
  if (!REDIS_APPENDFSYNC_MODES.includes(fsync)) {
    throw new Error(`appendfsync: '${String(fsync)}' is not one of ${REDIS_APPENDFSYNC_MODES.join(', ')}`);
  }
  if (options.appendfsync !== undefined && !persistence.includes('aof')) {
    throw new Error(`appendfsync: only applies to persistence 'aof' (got persistence '${persistence}')`);
  }
  switch (persistence) {
    case 'none':
      return ['--save', '', '--appendonly', 'no'];
    case 'rdb':
      // Redis 7's default snapshot schedule.
      return ['--save', '3600 1 300 100 60 10000', '--appendonly', 'no', '--dbfilename', 'dump.rdb'];
    case 'aof':
      return ['--save', '', '--appendonly', 'yes', '--appendfsync', fsync, '--appenddirname', 'appendonlydir'];
    case 'rdb+aof':
      return ['--save', '3600 1 300 100 60 10000', '--dbfilename', 'dump.rdb', '--appendonly', 'yes', '--appendfsync', fsync, '--appenddirname', 'appendonlydir'];
  }
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<ManagedServer> {
  const binary = requireBinary('redis-server');
  const fixed = persistenceArgs(options);
  if (options.maxmemoryBytes !== undefined && !(Number.isInteger(options.maxmemoryBytes) && options.maxmemoryBytes > 0)) {
    throw new Error(`maxmemoryBytes: must be a positive integer (got ${options.maxmemoryBytes})`);
  }
  const version = binaryVersion(binary);
  return launch({
    kind: 'redis-server',
    binary,
    probe: REDIS_PING_PROBE,
    stopSignal: 'SIGTERM',
    logFile: 'redis.log',
    version: () => version,
    ...(options.dir !== undefined ? { dir: options.dir } : {}),
    ...(options.keepDir !== undefined ? { keepDir: options.keepDir } : {}),
    ...(options.cpus !== undefined ? { cpus: checkedCpus(options.cpus) } : {}),
    args: (port, dir) => {
      const args = [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--protected-mode', 'yes',
        '--daemonize', 'no',
        '--dir', dir,
        '--logfile', 'redis.log',
        ...fixed,
      ];
      if (options.requirepass !== undefined) args.push('--requirepass', options.requirepass);
      if (options.maxmemoryBytes !== undefined) {
        args.push('--maxmemory', String(options.maxmemoryBytes), '--maxmemory-policy', options.maxmemoryPolicy ?? 'allkeys-lru');
      }
      if (options.extraArgs) args.push(...options.extraArgs);
      return args;
    },
  });
}
