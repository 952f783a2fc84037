/**
 * What the durability experiment kills: a managed redis-server, or cachebench's own redis-style
 * engine served by `cachebench serve` as a child process (its own process group, so the
 * SIGKILL reaches it exactly as it reaches redis-server). Both are started in a persistence
 * mode on a data directory and restarted on the same directory; the rest of the experiment
 * does not know which it drives.
 *
 * The served engine's settings per mode are redis-server's: `rdb` saves when something changed
 * in the last second (`save-every-sec=1`, as `save 1 1`); `aof-*` logs every write before its
 * reply with that fsync policy (engines/persistence-mode.ts names both).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer, type ManagedServer } from '../../engines/real/managed/index.js';
import { startWatchdog } from '../../engines/real/managed/watchdog.js';
import { ENGINE_VERSION } from '../../engines/redis/version.js';
import { PROJECT_ROOT } from '../../shared/dist-url.js';
import { RDB_SAVE_POLICY, serverOptionsFor, type DurabilityMode } from './modes.js';

export type DurabilityEngine = 'redis-server' | 'redis-style';
export const DURABILITY_ENGINES: readonly DurabilityEngine[] = ['redis-server', 'redis-style'];

/** The part of a managed server the experiment uses. */
export type DurabilityTarget = Pick<ManagedServer, 'host' | 'port' | 'pid' | 'version' | 'dir' | 'stop' | 'kill'>;

const READY_DEADLINE_MS = 60_000;
const LISTENING = /listening on [^ ]+:(\d+)/;

/** `--engine-opt`s of `cachebench serve` for a mode (none has no directory). */
export function servedOptionsFor(mode: DurabilityMode, dir: string): string[] {
  if (mode === 'none') return ['persistence=none'];
  const opts = [`persistence=${mode}`, `dir=${dir}`];
  if (mode === 'rdb') opts.push(`save-every-sec=${RDB_SAVE_POLICY.split(' ')[0]}`);
  return opts;
}

/** `cachebench serve --engine redis-style` on a free loopback port, in `dir` (made when absent). */
async function startServed(mode: DurabilityMode, dir: string | undefined, keepDir: boolean): Promise<DurabilityTarget> {
  const dataDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-durability-'));
  const cli = path.join(PROJECT_ROOT, 'dist', 'harness', 'cli', 'main.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (the served engine runs the compiled CLI)`);
  const args = [cli, 'serve', '--engine', 'redis-style', '--port', '0'];
  for (const o of servedOptionsFor(mode, dataDir)) args.push('--engine-opt', o);
  // As for managed servers: a watchdog ends the served engine (and removes a scratch directory)
  // even if cachebench is SIGKILLed; it finds the child by its working directory until told the pid.
  const watchdog = startWatchdog(fs.realpathSync(dataDir), keepDir);
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir });
  const pid = child.pid!;
  watchdog.watch(pid);
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  // Never outlive cachebench: an exit of this process takes the served engine with it.
  const onExit = (): void => killGroup('SIGKILL');
  process.once('exit', onExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      watchdog.serverExited();
      resolve();
    }),
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cachebench serve did not listen within ${READY_DEADLINE_MS} ms: ${err}`)), READY_DEADLINE_MS);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = LISTENING.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`cachebench serve exited before listening: ${err.trim()}`));
    });
  });
  let stopped: Promise<void> | null = null;
  return {
    host: '127.0.0.1',
    port,
    pid,
    version: ENGINE_VERSION,
    dir: dataDir,
    kill: (signal = 'SIGKILL') => killGroup(signal),
    stop: () => {
      stopped ??= (async () => {
        killGroup('SIGTERM');
        const late = setTimeout(() => killGroup('SIGKILL'), 5000);
        await exited;
        clearTimeout(late);
        process.off('exit', onExit);
        watchdog.disarm();
        if (!keepDir) fs.rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/** Start `engine` in `mode`; with `dir`, on that directory (a restart), which its stop keeps. */
export async function startTarget(engine: DurabilityEngine, mode: DurabilityMode, dir?: string): Promise<DurabilityTarget> {
  if (engine === 'redis-server') {
    return startRedisServer({ ...serverOptionsFor(mode), ...(dir !== undefined ? { dir, keepDir: true } : {}) });
  }
  return startServed(mode, dir, dir !== undefined);
}
