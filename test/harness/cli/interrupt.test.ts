/**
 * Ctrl-C as a user sends it: spawn the CLI against a managed redis-server, SIGINT it mid-phase,
 * and check what is left behind — a valid result file that says it was interrupted with the
 * real measured time, and no server process. A second Ctrl-C exits at once (130), servers gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../shared/result-types.js';
import { distUrl, PROJECT_ROOT } from '../../../shared/dist-url.js';
import { serverAvailable } from '../../support/servers.js';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-sigint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'shared/run-result.schema.json'), 'utf8'));
const validate = new Ajv({ strict: false, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T/ } }).compile(schema);

interface Spawned {
  readonly child: ChildProcess;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Spawned {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const s: Spawned = {
    child,
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stderr!.on('data', (d: Buffer) => (s.stderr += d.toString()));
  child.stdout!.resume();
  return s;
}

/** Resolves once the progress line on stderr shows `phase` (the CLI draws it with --progress). */
async function untilPhase(s: Spawned, phase: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!new RegExp(`\\s${phase}\\b`).test(s.stderr)) {
    if (Date.now() > until) throw new Error(`no '${phase}' phase within ${timeoutMs} ms; stderr:\n${s.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** redis-server processes whose parent is `pid`, from /proc. */
function redisChildren(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …
      const m = /^\d+ \((.*)\) \S (\d+)/.exec(stat);
      if (m && m[1]!.startsWith('redis-server') && Number(m[2]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Alive and not a zombie waiting to be reaped (a SIGKILLed orphan is reaped by init soon after). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function stillAlive(pids: readonly number[]): Promise<number[]> {
  const until = Date.now() + 2000;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    left = left.filter(alive);
  }
  return left;
}

describe.skipIf(!serverAvailable('redis-server'))('Ctrl-C', () => {
  it('ends the measured phase at once; the result file is valid, interrupted, with the real time; no server is left', async () => {
    const out = path.join(tmp, 'once');
    const s = start(['run', '-e', 'redis-server', '--keys', '1000', '-d', '30s', '--warmup', '0', '--progress', '--out', out, '--format', 'json']);
    await untilPhase(s, 'measure');
    const servers = redisChildren(s.child.pid!);
    expect(servers).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 700));
    const sentAt = Date.now();
    s.child.kill('SIGINT');
    const { code } = await s.exited;
    const exitMs = Date.now() - sentAt;
    expect(code, s.stderr).toBe(0);
    expect(exitMs).toBeLessThan(10_000);
    const files = readdirSync(out).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const result = JSON.parse(readFileSync(path.join(out, files[0]!), 'utf8')) as RunResult;
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.timing.interrupted).toBe(true);
    expect(result.status).toBe('degraded');
    expect(result.statusReasons).toContain('interrupted before the planned end');
    // Real measured time: at least the 0.7 s before the signal, far below the planned 30 s.
    expect(result.timing.measuredMs).toBeGreaterThan(500);
    expect(result.timing.measuredMs).toBeLessThan(10_000);
    expect(result.summary.ops).toBeGreaterThan(0);
    expect(await stillAlive(servers)).toEqual([]);
  });

  it('a second Ctrl-C exits at once with 130 and stops the managed server', async () => {
    const out = path.join(tmp, 'twice');
    // A large preload keeps the run busy in a phase the first Ctrl-C does not cut short.
    const s = start(['run', '-e', 'redis-server', '--keys', '2000000', '--data-size', '512', '-d', '30s', '--progress', '--out', out]);
    await untilPhase(s, 'preload');
    const servers = redisChildren(s.child.pid!);
    expect(servers).toHaveLength(1);
    s.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    const sentAt = Date.now();
    s.child.kill('SIGINT');
    const { code } = await s.exited;
    expect(Date.now() - sentAt).toBeLessThan(3000);
    expect(code, s.stderr).toBe(130);
    expect(await stillAlive(servers)).toEqual([]);
  });
});
