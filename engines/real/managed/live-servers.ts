/**
 * The set of server processes this process started and has not stopped yet, and the hooks
 * that kill them when this process ends: normal exit, a crash (uncaught exceptions still emit
 * `exit`), or Ctrl-C / SIGTERM / SIGHUP. Cleanup here is synchronous because `exit` handlers
 * cannot wait: SIGKILL the server, remove its temp directory.
 */
import { rmSync } from 'node:fs';

export interface LiveServer {
  readonly pid: number;
  readonly dir: string;
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
    rmSync(server.dir, { recursive: true, force: true });
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  // When nobody else listens, installing a listener swallowed the default action (terminate);
  // restore it by re-raising the signal without our hook.
  const othersListening = process.listenerCount(signal) > 1;
  if (!othersListening) {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    process.kill(process.pid, signal);
  }
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
