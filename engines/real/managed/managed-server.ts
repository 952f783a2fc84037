/**
 * One server process we started: spawn it on a free loopback port with a temp data directory,
 * wait until it answers, and stop it (SIGTERM, then SIGKILL after a grace period) removing the
 * directory. Retries with a new port when the chosen one was taken in the meantime.
 * The kind-specific argument lists live in redis-server.ts and memcached.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpusBeforeSelfPin, pinProcess } from './cpu-affinity.js';
import { freeLoopbackPort } from './free-port.js';
import { trackServer, untrackServer, type LiveServer } from './live-servers.js';
import { waitUntilAnswering, type Probe } from './probe.js';
import { startWatchdog, type Watchdog } from './watchdog.js';

export type ManagedKind = 'redis-server' | 'memcached';

export interface ManagedServer {
  readonly kind: ManagedKind;
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:port` or `memcached://127.0.0.1:port`. */
  readonly url: string;
  readonly pid: number;
  readonly version: string;
  /** Data directory: a temp one, or the one given at start; removed on stop unless `keepDir`. */
  readonly dir: string;
  /** Stop: SIGTERM (memcached: SIGKILL), SIGKILL after 5 s, then remove `dir` (unless kept). Safe to call twice. */
  stop(): Promise<void>;
  /** Send a signal (default SIGKILL) without cleaning up; `stop()` still removes `dir`. */
  kill(signal?: NodeJS.Signals): void;
}

export interface LaunchSpec {
  readonly kind: ManagedKind;
  readonly binary: string;
  /** Arguments for a given port and data directory. */
  args(port: number, dir: string): string[];
  /** Line sent to check the server answers (`PING\r\n`, `version\r\n`). */
  readonly probe: string | Probe;
  /** Runs in the data directory before each spawn (e.g. writing a SASL password database). */
  readonly prepare?: (dir: string) => void;
  /** Extra environment for the server process. */
  readonly env?: (dir: string) => Record<string, string>;
  /** File inside `dir` the server logs to, read for error messages; null to capture stderr. */
  readonly logFile: string | null;
  /**
   * Signal for stop(): redis-server saves/flushes on SIGTERM; memcached has nothing to save and
   * lingers ~0.7 s on SIGINT/SIGTERM (measured, 1.6.18), so it gets SIGKILL.
   */
  readonly stopSignal: NodeJS.Signals;
  /** Version from the probe's reply line (memcached) or from elsewhere (redis). */
  version(probeReply: string): string;
  /** An existing data directory to run in (e.g. a restart after a crash); default: a new temp one. */
  readonly dir?: string;
  /** Leave `dir` in place on stop, kill and exit. @default false */
  readonly keepDir?: boolean;
  /** Pin every thread of the server to these CPUs once it answers (`cpu-affinity.ts`). @default where cachebench could run before `--cpus` */
  readonly cpus?: string;
}

const HOST = '127.0.0.1';
const START_ATTEMPTS = 5;
const READY_DEADLINE_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const LOG_TAIL_CHARS = 2_000;

class RunningServer implements ManagedServer, LiveServer {
  readonly host = HOST;
  readonly url: string;
  private stopped: Promise<void> | null = null;

  constructor(
    readonly kind: ManagedKind,
    readonly port: number,
    readonly pid: number,
    readonly version: string,
    readonly dir: string,
    private readonly child: ChildProcess,
    private readonly exitedPromise: Promise<void>,
    private readonly stopSignal: NodeJS.Signals,
    readonly keepDir: boolean,
    private readonly watchdog: Watchdog,
  ) {
    this.url = `${kind === 'redis-server' ? 'redis' : 'memcached'}://${HOST}:${port}`;
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  stop(): Promise<void> {
    this.stopped ??= this.doStop();
    return this.stopped;
  }

  private async doStop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(this.stopSignal);
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, STOP_GRACE_MS);
      });
      await Promise.race([this.exitedPromise, forced]);
      clearTimeout(timer);
      await this.exitedPromise;
    }
    untrackServer(this);
    if (!this.keepDir) rmSync(this.dir, { recursive: true, force: true });
    this.watchdog.disarm();
  }
}

function tail(text: string): string {
  return text.length > LOG_TAIL_CHARS ? '…' + text.slice(-LOG_TAIL_CHARS) : text;
}

function readLog(dir: string, logFile: string | null, stderr: string): string {
  let log = stderr;
  if (logFile !== null) {
    try {
      log += readFileSync(path.join(dir, logFile), 'latin1');
    } catch {
      // no log written yet
    }
  }
  return tail(log.trim());
}

/** Start the server described by `spec`; resolves once it answers its probe. */
export async function launch(spec: LaunchSpec): Promise<ManagedServer> {
  if (spec.dir !== undefined && !existsSync(spec.dir)) throw new Error(`dir: '${spec.dir}' does not exist`);
  const dir = spec.dir ?? mkdtempSync(path.join(os.tmpdir(), `cachebench-${spec.kind}-`));
  const keepDir = spec.keepDir ?? false;
  let lastFailure = '';
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freeLoopbackPort();
    // Ends the server and removes the directory if cachebench is SIGKILLed; started first, so
    // no server ever runs unwatched.
    const watchdog = startWatchdog(realpathSync(dir), keepDir);
    spec.prepare?.(dir);
    const child = spawn(spec.binary, spec.args(port, dir), {
      cwd: dir,
      ...(spec.env ? { env: { ...process.env, ...spec.env(dir) } } : {}),
      stdio: ['ignore', 'ignore', 'pipe'],
      // Own process group: a terminal's Ctrl-C goes to cachebench only, which may want to
      // finish the current phase against a live server before stopping it.
      detached: true,
      windowsHide: true,
    });
    let stderr = '';
    child.stderr?.setEncoding('latin1');
    child.stderr?.on('data', (chunk: string) => {
      stderr = tail(stderr + chunk);
    });
    let spawnError: Error | null = null;
    if (child.pid !== undefined) watchdog.watch(child.pid);
    const exitedPromise = new Promise<void>((resolve) => {
      child.once('exit', () => {
        watchdog.serverExited();
        resolve();
      });
      child.once('error', (err) => {
        spawnError = err;
        resolve();
      });
    });
    const exited = (): boolean => spawnError !== null || child.exitCode !== null || child.signalCode !== null;
    const pid = child.pid;
    // Tracked from the moment it exists, so Ctrl-C during start-up kills it too.
    const provisional: LiveServer | null = pid === undefined ? null : { pid, dir, keepDir };
    if (provisional !== null) trackServer(provisional);
    try {
      const reply = await waitUntilAnswering(HOST, port, spec.probe, READY_DEADLINE_MS, exited);
      if (pid === undefined) throw new Error('spawn gave no pid');
      const cpus = spec.cpus ?? cpusBeforeSelfPin();
      if (cpus !== null) pinProcess(pid, cpus);
      const server = new RunningServer(spec.kind, port, pid, spec.version(reply), dir, child, exitedPromise, spec.stopSignal, keepDir, watchdog);
      // Swap the provisional record for the server object so stop() can untrack it.
      if (provisional !== null) untrackServer(provisional);
      trackServer(server);
      return server;
    } catch (err) {
      if (!exited()) child.kill('SIGKILL');
      await exitedPromise;
      watchdog.disarm();
      if (provisional !== null) untrackServer(provisional);
      const log = readLog(dir, spec.logFile, stderr);
      lastFailure = `${spawnError ?? (err as Error).message}${log ? `\n--- ${spec.kind} output ---\n${log}` : ''}`;
      if (!/address already in use/i.test(log)) break;
    }
  }
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
  throw new Error(`${spec.kind} failed to start: ${lastFailure}`);
}
