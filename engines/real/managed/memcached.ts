/**
 * Starting memcached: `-t` worker threads and `-m` memory, TCP on loopback only, UDP off.
 * memcached refuses to run as root without `-u`, so under root it runs as root explicitly.
 *
 * SASL (`sasl: { username, password }`): memcached `-S` with a Cyrus SASL password database
 * made by `saslpasswd2` (Debian sasl2-bin) in the server's data directory, and a
 * `memcached.conf` there (`mech_list: plain`, `sasldb_path`) found through `SASL_CONF_PATH`.
 * The password reaches saslpasswd2 on its stdin, never on a command line. A server with `-S`
 * speaks only the binary protocol and answers nothing but VERSION and the SASL commands before
 * a login, so readiness is probed with a binary VERSION.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireBinary } from './binaries.js';
import { checkedCpus } from './cpu-affinity.js';
import { launch, type ManagedServer } from './managed-server.js';
import { MEMCACHED_BINARY_VERSION_PROBE } from './probe.js';

export interface MemcachedOptions {
  /** Worker threads (`-t`). @default 4 (memcached's default) */
  threads?: number;
  /** Item memory in megabytes (`-m`). @default 64 (memcached's default) */
  memoryMb?: number;
  /** SASL authentication (`-S`) with this one user; binary protocol only. @default none */
  sasl?: { readonly username: string; readonly password: string };
  /** Appended verbatim, e.g. `['-Y', authFile]` for text-protocol authentication. */
  extraArgs?: string[];
  /** CPUs to pin every memcached thread to, e.g. `1` or `2-3` (`taskset`). @default where cachebench could run before `--cpus` (`launch`) */
  cpus?: string;
}

/** The SASL application name memcached registers (its config file is `<name>.conf`). */
const SASL_APP = 'memcached';

/** Write the password database and config into `dir/sasl`; returns that directory. */
function writeSaslConfig(saslpasswd2: string, dir: string, sasl: { username: string; password: string }): string {
  const saslDir = path.join(dir, 'sasl');
  rmSync(saslDir, { recursive: true, force: true });
  mkdirSync(saslDir, { mode: 0o700 });
  const db = path.join(saslDir, 'sasldb2');
  // -p: the password is the first line of stdin; -c: create the user; -a: the application.
  execFileSync(saslpasswd2, ['-p', '-c', '-a', SASL_APP, '-f', db, sasl.username], { input: sasl.password, stdio: ['pipe', 'ignore', 'pipe'] });
  writeFileSync(path.join(saslDir, `${SASL_APP}.conf`), `mech_list: plain\nsasldb_path: ${db}\n`);
  return saslDir;
}

function positiveInt(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${field}: must be a positive integer (got ${value})`);
  return value;
}

export async function startMemcached(options: MemcachedOptions = {}): Promise<ManagedServer> {
  const binary = requireBinary('memcached');
  const threads = positiveInt('threads', options.threads, 4);
  const memoryMb = positiveInt('memoryMb', options.memoryMb, 64);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sasl = options.sasl;
  if (sasl !== undefined) {
    if (typeof sasl.username !== 'string' || !/^[^\s:@]+$/.test(sasl.username)) throw new Error(`sasl.username: must be a non-empty name without spaces, ':' or '@' (got '${String(sasl.username)}')`);
    if (typeof sasl.password !== 'string' || sasl.password === '' || /[\r\n]/.test(sasl.password)) throw new Error('sasl.password: must be a non-empty string without line breaks');
  }
  const saslpasswd2 = sasl !== undefined ? requireBinary('saslpasswd2') : null;
  return launch({
    kind: 'memcached',
    binary,
    probe: sasl !== undefined ? MEMCACHED_BINARY_VERSION_PROBE : 'version\r\n',
    ...(sasl !== undefined
      ? {
          prepare: (dir: string) => void writeSaslConfig(saslpasswd2!, dir, sasl),
          env: (dir: string) => ({ SASL_CONF_PATH: path.join(dir, 'sasl') }),
        }
      : {}),
    stopSignal: 'SIGKILL',
    logFile: null,
    ...(options.cpus !== undefined ? { cpus: checkedCpus(options.cpus) } : {}),
    // With authentication on (-Y), `version` is refused before login: ask the binary instead.
    // The binary probe's reply is the bare version.
    version: (reply) =>
      reply.startsWith('VERSION ')
        ? reply.slice(8).trim()
        : /^\d+\.\d+/.test(reply)
          ? reply.trim()
          : execFileSync(binary, ['-V'], { encoding: 'latin1' }).trim().replace(/^memcached\s+/, ''),
    args: (port) => {
      const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-t', String(threads), '-m', String(memoryMb)];
      if (asRoot) args.push('-u', 'root');
      if (sasl !== undefined) args.push('-S');
      if (options.extraArgs) args.push(...options.extraArgs);
      return args;
    },
  });
}
