/**
 * CPU placement of a process: parse a CPU list (`1`, `0-2`, `0,2`), pin a process with all its
 * threads to it, and read back where the kernel lets it run. When a load generator and a server
 * share a machine, unpinned, a Node process's helper threads wake onto the server's core and
 * preempt it (memcached's worker preempted 5–17k times per 3M SETs under cachebench against
 * 3.4k under memtier, engines/real/README.md), which changes the server's cost per request —
 * so `cachebench run --cpus` and the managed servers' `cpus` option pin them apart, and results
 * record the placement read from the kernel, not the one asked for.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { EngineOption } from '../../types.js';
import { requireBinary } from './binaries.js';

/** The managed servers' `cpus` engine option (`--engine-opt cpus=1`), for their option tables. */
export const CPUS_OPTION: EngineOption = {
  name: 'cpus',
  values: 'a CPU list: 1, 2-3, 0,2',
  default: 'the CPUs cachebench had before --cpus',
  doc: 'pin every server thread to these CPUs (taskset); apart from the load generator (--cpus) when they share a machine',
  example: '1',
};

/** What a CPU list may be, for error messages. */
export function cpuListAllowed(): string {
  const last = os.cpus().length - 1;
  return last === 0 ? "a CPU list of this machine's one CPU: 0" : `a CPU list such as 0, 0-${last} or 0,${last} of this machine's CPUs 0..${last}`;
}

/** The list as given when it is well formed and names only CPUs this machine has; null otherwise. */
export function parseCpuList(raw: unknown): string | null {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) return null;
  const count = os.cpus().length;
  for (const part of text.split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    if (to < from || to >= count) return null;
  }
  return text;
}

/** `cpus` when `parseCpuList` accepts it; otherwise an error naming the option and what it takes. */
export function checkedCpus(cpus: unknown, field = 'cpus'): string {
  const list = parseCpuList(cpus);
  if (list === null) throw new Error(`${field}: expected ${cpuListAllowed()} (got '${String(cpus)}')`);
  return list;
}

/** Pins every thread of `pid` (`taskset -a`) to `cpus`; threads it starts later inherit the mask. */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync(requireBinary('taskset'), ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore', timeout: 5000 });
}

/** Where this process could run before `pinSelf`; null while it has not pinned itself. */
let beforeSelfPin: string | null = null;

/**
 * Pins this process (`cachebench run --cpus`). Servers it starts afterwards would inherit the
 * mask and share the load generator's CPUs, the opposite of what pinning is for: a managed
 * server given no `cpus` goes back to `cpusBeforeSelfPin()` instead (`managed-server.ts`).
 */
export function pinSelf(cpus: string): void {
  beforeSelfPin ??= cpuAffinityOf('self');
  pinProcess(process.pid, cpus);
}

export function cpusBeforeSelfPin(): string | null {
  return beforeSelfPin;
}

/** The CPUs the kernel lets `pid` run on (`Cpus_allowed_list`), e.g. `0-1`; null off Linux or for a gone process. */
export function cpuAffinityOf(pid: number | 'self'): string | null {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? null;
  } catch {
    return null;
  }
}
