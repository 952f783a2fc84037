/**
 * Starting memcached: `-t` worker threads and `-m` memory, TCP on loopback only, UDP off.
 * memcached refuses to run as root without `-u`, so under root it runs as root explicitly.
 */
import { execFileSync } from 'node:child_process';
import { requireBinary } from './binaries.js';
import { launch, type ManagedServer } from './managed-server.js';

export interface MemcachedOptions {
  /** Worker threads (`-t`). @default 4 (memcached's default) */
  threads?: number;
  /** Item memory in megabytes (`-m`). @default 64 (memcached's default) */
  memoryMb?: number;
  /** Appended verbatim, e.g. `['-S']` for SASL. */
  extraArgs?: string[];
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
  return launch({
    kind: 'memcached',
    binary,
    probe: 'version\r\n',
    stopSignal: 'SIGKILL',
    logFile: null,
    // With authentication on (-Y), `version` is refused before login: ask the binary instead.
    version: (reply) =>
      reply.startsWith('VERSION ')
        ? reply.slice(8).trim()
        : execFileSync(binary, ['-V'], { encoding: 'latin1' }).trim().replace(/^memcached\s+/, ''),
    args: (port) => {
      const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-t', String(threads), '-m', String(memoryMb)];
      if (asRoot) args.push('-u', 'root');
      if (options.extraArgs) args.push(...options.extraArgs);
      return args;
    },
  });
}
