import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distUrl } from '../../../../shared/dist-url.js';
import { alive } from '../../../support/processes.js';
import { serverAvailable } from '../../../support/servers.js';

/**
 * A child Node process starts a server, reports it, then gets `signal`. With `ownHandler` the
 * child handles SIGINT itself like the CLI (finish up, then exit 130 a little later).
 */
async function serverOfKilledProcess(
  signal: NodeJS.Signals,
  ownHandler = false,
): Promise<{ pid: number; dir: string; aliveWhileHandling: boolean }> {
  const managed = distUrl('engines/real/managed/index.js').href;
  const script = `
    const { startRedisServer } = await import(${JSON.stringify(managed)});
    const { readFileSync } = await import('node:fs');
    const s = await startRedisServer();
    ${ownHandler ? `process.on('SIGINT', () => setTimeout(() => {
      const stat = readFileSync('/proc/' + s.pid + '/stat', 'latin1');
      console.log(JSON.stringify({ aliveWhileHandling: !stat.includes(') Z') }));
      process.exit(130);
    }, 200));` : ''}
    console.log(JSON.stringify({ pid: s.pid, dir: s.dir }));
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  const server = JSON.parse(line) as { pid: number; dir: string };
  expect(alive(server.pid)).toBe(true);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, s) => resolve({ code, signal: s })),
  );
  child.kill(signal);
  const end = await exited;
  if (ownHandler) {
    expect(end.code).toBe(130);
  } else {
    // The child still dies of the signal (the hook re-raises it when nobody else listens).
    expect(end.signal).toBe(signal);
  }
  const report = out.split('\n').find((l) => l.includes('aliveWhileHandling'));
  return { ...server, aliveWhileHandling: report ? (JSON.parse(report) as { aliveWhileHandling: boolean }).aliveWhileHandling : false };
}

describe.runIf(serverAvailable('redis-server'))('managed servers die with the process that started them', () => {
  it('run in their own process group, so a terminal Ctrl-C reaches only cachebench', async () => {
    const { startRedisServer } = await import('../../../../engines/real/managed/index.js');
    const server = await startRedisServer();
    try {
      const stat = readFileSync(`/proc/${server.pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pgid = Number(fields[2]);
      expect(pgid).toBe(server.pid);
      expect(pgid).not.toBe(Number(readFileSync('/proc/self/stat', 'latin1').split(') ')[1]!.split(' ')[2]));
    } finally {
      await server.stop();
    }
  });


  it('when the process handles SIGINT itself (the CLI), the server lives until the process exits', async () => {
    const server = await serverOfKilledProcess('SIGINT', true);
    expect(server.aliveWhileHandling).toBe(true);
    for (let i = 0; i < 50 && alive(server.pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`on ${signal}: the server is killed and its directory removed`, async () => {
      const server = await serverOfKilledProcess(signal);
      for (let i = 0; i < 50 && alive(server.pid); i++) await new Promise((r) => setTimeout(r, 20));
      expect(alive(server.pid)).toBe(false);
      expect(existsSync(server.dir)).toBe(false);
    });
  }
});
