import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distUrl } from '../../../../harness/threads/dist-url.js';
import { serverAvailable } from '../../../support/servers.js';

/**
 * Is a process with this pid still running? A killed server whose parent died is re-parented
 * to pid 1, which in a container may never reap it: a zombie counts as dead.
 */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A child Node process starts a server, reports it, then gets `signal`. */
async function serverOfKilledProcess(signal: NodeJS.Signals): Promise<{ pid: number; dir: string }> {
  const managed = distUrl('engines/real/managed/index.js').href;
  const script = `
    const { startRedisServer } = await import(${JSON.stringify(managed)});
    const s = await startRedisServer();
    console.log(JSON.stringify({ pid: s.pid, dir: s.dir }));
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  const server = JSON.parse(line) as { pid: number; dir: string };
  expect(alive(server.pid)).toBe(true);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
  child.kill(signal);
  // The child still dies of the signal (the hook re-raises it when nobody else listens).
  expect(await exited).toBe(signal);
  return server;
}

describe.runIf(serverAvailable('redis-server'))('managed servers die with the process that started them', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal}: the server is killed and its directory removed`, async () => {
      const server = await serverOfKilledProcess(signal);
      for (let i = 0; i < 50 && alive(server.pid); i++) await new Promise((r) => setTimeout(r, 20));
      expect(alive(server.pid)).toBe(false);
      expect(existsSync(server.dir)).toBe(false);
    });
  }
});
