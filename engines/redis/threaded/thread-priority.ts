/**
 * The engine thread's scheduling priority. Through the engine thread a run has three busy
 * threads (two load threads and the engine) on a machine that may have two cores; at equal
 * priority the scheduler gives the serial engine thread only its share of a core while the
 * load threads poll, and every request waits for it. A server is normally given a core of its
 * own (`nice -n -10 redis-server`, or pinning); this does the same for the one thread that is
 * the server. Measured in engines/redis/README.md ("Through the engine thread"): 2 load threads
 * × 50 in flight went from 0.32× to 0.55–0.58× the in-process rate on a quiet 2-core machine.
 *
 * Linux sets a nice value per thread (setpriority on the thread id, which /proc/thread-self
 * names). Lowering nice needs CAP_SYS_NICE (root, or RLIMIT_NICE): without it the thread keeps
 * the process's priority and the refusal is returned, not thrown.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export interface ThreadPriority {
  /** The nice value the thread runs at. */
  readonly nice: number;
  /** Why the asked-for value was not applied (permission, no per-thread priority on this OS). */
  readonly refused?: string;
}

/** Ask for `nice` on the calling thread; 0-or-higher-than-now is always allowed. */
export function setThreadNice(nice: number): ThreadPriority {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return { nice: getPriority(), refused: 'no per-thread priority on this OS (/proc/thread-self missing)' };
  }
  const now = getPriority(tid);
  if (nice === now) return { nice };
  try {
    setPriority(tid, nice);
    return { nice: getPriority(tid) };
  } catch (e) {
    // Node's SystemError carries the errno name in `info.code` (EACCES), its own in `code`.
    const err = e as { code?: string; info?: { code?: string } };
    return { nice: now, refused: `${err.info?.code ?? err.code ?? 'error'}: raising a thread's priority needs CAP_SYS_NICE (root or RLIMIT_NICE)` };
  }
}
