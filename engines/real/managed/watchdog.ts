/**
 * The watchdog that makes a managed server die with cachebench, however cachebench dies.
 *
 * The exit hooks of live-servers.ts cover exit, crashes and catchable signals; nothing in a
 * process runs after SIGKILL (or the OOM killer), and the servers run in their own process
 * group, so without more they would keep running and keep their temp directory. So each server
 * gets a tiny `/bin/sh` whose stdin is a pipe from cachebench. cachebench never closes it; when
 * cachebench is gone the kernel does, `read` sees end-of-file, and the watchdog SIGKILLs the
 * server's process group (the server and any BGSAVE/rewrite child) and removes the directory.
 *
 * The watchdog starts BEFORE the server, knowing only the directory the server will run in;
 * the server's pid follows on stdin. If cachebench dies between the two, the watchdog finds the
 * server by its working directory (/proc/<pid>/cwd, Linux), so there is no window in which a
 * server exists unwatched. A normal stop disarms it (`disarm` line), and a server that exited
 * on its own is reported (`exited`), so it never signals a pid that may have been reused.
 * A shell rather than a second Node process: ~1 MB, nothing to load.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `$1` = the server's directory, `$2` = 1 to remove it. Lines on stdin: `pid N` (the server's
 * process group), `exited`, `disarm`. End-of-file: cachebench is gone.
 */
const SCRIPT = [
  'pgid=; alive=1',
  'while IFS= read -r line; do',
  '  case "$line" in disarm) exit 0 ;; exited) alive=0 ;; pid\\ *) pgid=${line#pid } ;; esac',
  'done',
  'if [ "$alive" = 1 ]; then',
  // No `--`: dash's kill takes `-KILL -PGID` as is and refuses `--`.
  '  [ -n "$pgid" ] && kill -KILL "-$pgid" 2>/dev/null',
  '  for p in /proc/[0-9]*; do',
  '    [ "$(readlink "$p/cwd" 2>/dev/null)" = "$1" ] && kill -KILL "${p#/proc/}" 2>/dev/null',
  '  done',
  // Wait (≤ 2 s) for the group to be gone, so nothing writes into the directory being removed.
  '  n=0; while [ -n "$pgid" ] && kill -0 "-$pgid" 2>/dev/null && [ "$n" -lt 40 ]; do sleep 0.05; n=$((n+1)); done',
  'fi',
  '[ "$2" = 1 ] && rm -rf -- "$1"',
  'exit 0',
].join('\n');

export interface Watchdog {
  /** The server was spawned: its pid (= its process group, spawned detached). */
  watch(pid: number): void;
  /** The server process is gone; on cachebench's death only the directory is still removed. */
  serverExited(): void;
  /** Stopped and cleaned up normally: the watchdog exits without acting. */
  disarm(): void;
}

/** Start a watchdog for a server about to run in `dir` (an absolute path; removed when it fires unless `keepDir`). */
export function startWatchdog(dir: string, keepDir: boolean): Watchdog {
  if (process.platform === 'win32') return { watch() {}, serverExited() {}, disarm() {} };
  const child: ChildProcess = spawn('/bin/sh', ['-c', SCRIPT, 'cachebench-watchdog', dir, keepDir ? '0' : '1'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    // Its own group, so a terminal's Ctrl-C does not end it before cachebench has decided.
    detached: true,
  });
  child.on('error', () => {});
  child.stdin?.on('error', () => {});
  // Neither the process nor its pipe keeps cachebench alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  let armed = true;
  const say = (line: string): void => {
    if (armed && child.stdin?.writable) child.stdin.write(`${line}\n`);
  };
  return {
    watch: (pid) => say(`pid ${pid}`),
    serverExited: () => say('exited'),
    disarm(): void {
      if (!armed) return;
      armed = false;
      if (child.stdin?.writable) child.stdin.end('disarm\n');
    },
  };
}
