/**
 * SIGKILL leaves no orphan: the CLI is started with managed servers, killed with SIGKILL (no
 * handler runs), and within a few seconds no server process and no temp directory remain — the
 * watchdog beside each server (engines/real/managed/watchdog.ts) did it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../../../engines/real/managed/index.js';
import { distUrl } from '../../../../shared/dist-url.js';
import { alive, processesInDir, waitFor } from '../../../support/processes.js';
import { serverAvailable } from '../../../support/servers.js';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));
const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'cachebench-watchdog-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Start the CLI with its temp folder in `root`; resolves once its server runs in a dir there. */
async function cliWithServer(engine: string, root: string): Promise<{ cli: ReturnType<typeof spawn>; dir: string; pids: number[] }> {
  const cli = spawn(process.execPath, [MAIN, 'run', '-e', engine, '-d', '60s', '--warmup', '0s', '--keys', '100', '-c', '1', '--no-save'], {
    env: { ...process.env, TMPDIR: root },
    stdio: 'ignore',
  });
  let found: { dir: string; pids: number[] } | null = null;
  const started = await waitFor(() => {
    for (const name of readdirSync(root)) {
      const dir = path.join(root, name);
      const pids = processesInDir(dir);
      if (pids.length > 0) {
        found = { dir, pids };
        return true;
      }
    }
    return false;
  }, 20_000);
  expect(started, `${engine} did not start under the CLI`).toBe(true);
  return { cli, ...found! };
}

describe('managed servers never outlive cachebench, even after SIGKILL', () => {
  for (const [engine, binary] of [['redis-server', 'redis-server'], ['memcached-server', 'memcached']] as const) {
    it.runIf(serverAvailable(binary))(`${engine}: SIGKILL of the CLI → no server, no temp dir within 5 s`, async () => {
      const root = mkdtempSync(path.join(tmp, `${engine}-`));
      const { cli, dir, pids } = await cliWithServer(engine, root);
      const exited = new Promise((resolve) => cli.once('exit', resolve));
      cli.kill('SIGKILL');
      await exited;
      const gone = await waitFor(() => pids.every((p) => !alive(p)) && !existsSync(dir), 5_000);
      expect(pids.filter(alive), 'server processes still running').toEqual([]);
      expect(existsSync(dir), `${dir} still exists`).toBe(false);
      expect(gone).toBe(true);
    }, 40_000);
  }

  it.runIf(serverAvailable('redis-server'))('a normal stop disarms the watchdog: it exits and kills nothing later', async () => {
    const server = await startRedisServer();
    const watchdogs = (): number[] =>
      readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).filter((pid) => {
        try {
          return alive(pid) && readFileArgs(pid).includes('cachebench-watchdog') && readFileArgs(pid).includes(server.dir);
        } catch {
          return false;
        }
      });
    expect(watchdogs()).toHaveLength(1);
    await server.stop();
    expect(await waitFor(() => watchdogs().length === 0, 3_000)).toBe(true);
  });
});

function readFileArgs(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'latin1');
}
