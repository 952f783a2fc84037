/**
 * Finding the server binaries on PATH. Owns the mapping from a binary to the Debian package
 * that ships it, so every "missing binary" message tells the user exactly what to install.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export type ServerBinary = 'redis-server' | 'redis-cli' | 'redis-benchmark' | 'memcached' | 'memcaslap' | 'openssl' | 'saslpasswd2' | 'redis-check-rdb' | 'taskset';

/** Debian package that installs each binary. */
export const DEBIAN_PACKAGE: ReadonlyMap<ServerBinary, string> = new Map<ServerBinary, string>([
  ['redis-server', 'redis-server'],
  ['redis-cli', 'redis-tools'],
  ['redis-benchmark', 'redis-tools'],
  ['memcached', 'memcached'],
  ['memcaslap', 'libmemcached-tools'],
  ['openssl', 'openssl'],
  ['saslpasswd2', 'sasl2-bin'],
  ['redis-check-rdb', 'redis-tools'],
  // CPU placement of managed servers and of bench:loadgen's tools.
  ['taskset', 'util-linux'],
]);

/** Debian installs administration tools (saslpasswd2) in sbin, which a non-root PATH may lack. */
const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** Absolute path of `binary` found on PATH (then in the sbin directories), or null. */
export function findBinary(binary: ServerBinary): string | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d.length > 0);
  for (const dir of [...dirs, ...SBIN_DIRS.filter((d) => !dirs.includes(d))]) {
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; keep looking
    }
  }
  return null;
}

/** The message shown when a binary is missing: names the package and the install command. */
export function missingBinaryMessage(binary: ServerBinary): string {
  const pkg = DEBIAN_PACKAGE.get(binary) ?? binary;
  return (
    `'${binary}' was not found on PATH. Install it with \`apt-get install -y ${pkg}\` ` +
    `(Debian/Ubuntu package '${pkg}'), or put the binary on PATH.`
  );
}

/** Path of `binary`, or an Error naming the package to install. */
export function requireBinary(binary: ServerBinary): string {
  const found = findBinary(binary);
  if (found === null) throw new Error(missingBinaryMessage(binary));
  return found;
}
