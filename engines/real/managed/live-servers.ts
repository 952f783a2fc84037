/**
 * The set of server processes this process started and has not stopped yet, and the hooks
 * that kill them when this process ends: normal exit, a crash (uncaught exceptions still emit
 * `exit`), or Ctrl-C / SIGTERM / SIGHUP. Cleanup here is synchronous because `exit` handlers
 * cannot wait: SIGKILL the server, remove its temp directory. Servers run in their own process
 * group (spawned detached), so a terminal's Ctrl-C reaches only us and we decide.
 */
import { rmSync } from 'node:fs';

export interface LiveServer {
  readonly pid: number;
  readonly dir: string;
  /** The directory outlives the server (a crash experiment restarts on it); not removed. */
  readonly keepDir?: boolean;
}

const live = new Set<LiveServer>();
let hooksInstalled = false;

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killAllNow(): void {
  for (const server of live) {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    if (!server.keepDir) rmSync(server.dir, { recursive: true, force: true });
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Someone else handles this signal (the CLI finishes the current phase on the first Ctrl-C):
  // leave the servers running for them; the exit hook still kills them when the process ends.
  if (process.listenerCount(signal) > 1) return;
  killAllNow();
  // Our listener swallowed the default action (terminate); restore it by re-raising the signal.
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  for (const s of SIGNALS) process.on(s, onSignal);
}

export function trackServer(server: LiveServer): void {
  installHooks();
  live.add(server);
}

export function untrackServer(server: LiveServer): void {
  live.delete(server);
}

/** How many servers are running right now (tests check that stop() really forgets them). */
export function liveServerCount(): number {
  return live.size;
}
