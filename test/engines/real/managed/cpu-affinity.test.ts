/**
 * CPU placement: a CPU list is checked against this machine's CPUs, a pinned process (all its
 * threads) runs only where it was put, as the kernel reports it, and a managed server started
 * with `cpus` is pinned before it is handed out.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkedCpus, cpuAffinityOf, parseCpuList, pinProcess, startMemcached, startRedisServer } from '../../../../engines/real/managed/index.js';
import { serverAvailable } from '../../../support/servers.js';

const last = os.cpus().length - 1;

/** Every thread's own mask (`/proc/<pid>/task/<tid>/status`). */
function threadAffinities(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'latin1'))![1]!);
}

describe('CPU lists', () => {
  it('accepts single CPUs, ranges and lists of this machine and refuses the rest', () => {
    expect(parseCpuList('0')).toBe('0');
    expect(parseCpuList(0)).toBe('0');
    expect(parseCpuList(`0-${last}`)).toBe(`0-${last}`);
    expect(parseCpuList(`0,${last}`)).toBe(`0,${last}`);
    for (const bad of [String(last + 1), `0-${last + 1}`, '1-0', 'a', '', '0,', '-1', ' 0', 1.5, null]) {
      expect(parseCpuList(bad), String(bad)).toBeNull();
    }
    expect(() => checkedCpus(String(last + 1))).toThrow(new RegExp(`cpus: expected a CPU list .* CPUs 0\\.\\.${last} \\(got '${last + 1}'\\)`));
  });
});

// Linux only (taskset, /proc), like the managed servers themselves; elsewhere this fails loudly.
describe('pinning', () => {
  it('pins every thread of a running process, and the kernel says so', async () => {
    // A Node child has several threads (V8's helpers, libuv's), all of which must move.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      pinProcess(child.pid!, String(last));
      expect(cpuAffinityOf(child.pid!)).toBe(String(last));
      const threads = threadAffinities(child.pid!);
      expect(threads.length).toBeGreaterThan(1);
      expect(new Set(threads)).toEqual(new Set([String(last)]));
    } finally {
      child.kill('SIGKILL');
    }
    expect(cpuAffinityOf(999_999_999)).toBeNull();
  });

  it.runIf(serverAvailable('memcached'))('memcached started with cpus runs there, every thread', async () => {
    const server = await startMemcached({ threads: 2, cpus: String(last) });
    try {
      expect(cpuAffinityOf(server.pid)).toBe(String(last));
      expect(new Set(threadAffinities(server.pid))).toEqual(new Set([String(last)]));
    } finally {
      await server.stop();
    }
    await expect(startMemcached({ cpus: 'x' })).rejects.toThrow(/cpus: expected a CPU list/);
  });

  it.runIf(serverAvailable('redis-server'))('redis-server started with cpus runs there, every thread', async () => {
    const server = await startRedisServer({ cpus: '0' });
    try {
      expect(cpuAffinityOf(server.pid)).toBe('0');
      expect(new Set(threadAffinities(server.pid))).toEqual(new Set(['0']));
    } finally {
      await server.stop();
    }
  });
});
