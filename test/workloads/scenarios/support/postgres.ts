/**
 * A throwaway Postgres server for the cache-aside `db=postgres://…` path: initdb into a temp
 * directory, start on a free loopback port (no Unix socket outside the directory, fsync off), and
 * stop and delete it after. Postgres refuses to run as root, so as root it runs as the `postgres`
 * system user. Missing binaries are announced loudly (tests then skip) and are an error under
 * CACHEBENCH_REQUIRE_SERVERS=1.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from '../../../../engines/real/managed/index.js';
import { serversRequired } from '../../../support/servers.js';

const run = promisify(execFile);
const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/bin'];

function findBinDir(): string | null {
  for (const dir of BIN_DIRS) if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  return null;
}

let warned = false;

export function postgresAvailable(): boolean {
  if (findBinDir() !== null) return true;
  const message = 'Postgres (initdb, pg_ctl) is not installed: apt-get install postgresql';
  if (serversRequired()) throw new Error(`CACHEBENCH_REQUIRE_SERVERS=1 but ${message}`);
  if (!warned) {
    warned = true;
    console.warn(`\n!!! SKIPPING tests that need a Postgres server: ${message}\n`);
  }
  return false;
}

export interface TestPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findBinDir();
  if (bin === null) throw new Error('Postgres binaries not found');
  const dir = await mkdtemp(path.join(tmpdir(), 'cachebench-pg-'));
  const asRoot = userInfo().uid === 0;
  const exec = (file: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, file), ...args]) : run(path.join(bin, file), args);
  if (asRoot) await chown(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), 0);
  const data = path.join(dir, 'data');
  const port = await freeLoopbackPort();
  await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'cachebench', '--no-sync']);
  await exec('pg_ctl', ['-D', data, '-w', '-t', '30', '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  return {
    url: `postgres://cachebench@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
