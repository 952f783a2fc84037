/**
 * bench/loadgen against real servers, tiny: every cell gets a row, memtier's absence is said
 * loudly, the placement and each cell's server-side figures are printed, every GET hit, and a
 * wrong flag names itself before any server starts. Not how fast anything is.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { distUrl } from '../../shared/dist-url.js';
import { serverAvailable } from '../support/servers.js';

const run = promisify(execFile);
const script = distUrl('bench/loadgen.js').pathname;
const ready = serverAvailable('redis-server') && serverAvailable('memcached') && serverAvailable('redis-benchmark');

/** PATH without any directory that holds memtier_benchmark, so the run is the same on every machine. */
function pathWithoutMemtier(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => {
      try {
        accessSync(path.join(dir, 'memtier_benchmark'), constants.X_OK);
        return false;
      } catch {
        return true;
      }
    })
    .join(path.delimiter);
}

describe('bench/loadgen', () => {
  it.each([
    ['--pin', 'maybe', /--pin: must be on or off \(got maybe\)/],
    ['--cachebench-process', 'forked', /--cachebench-process: must be fresh or shared \(got forked\)/],
    ['--condition-ms', '-5', /--condition-ms: expected a non-negative integer \(got -5\)/],
  ])('refuses %s %s, naming the flag and what it takes', async (flag, value, message) => {
    const failure = await run(process.execPath, [script, flag, value], { timeout: 20_000 }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure).not.toBeNull();
    expect(failure!.code).not.toBe(0);
    expect(failure!.stderr).toMatch(message);
    expect(failure!.stderr).not.toMatch(/redis-server \d/); // refused before any server started
  });

  it.runIf(ready)('prints every cell, the placement, the server side and the GET hits', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [script, '--rounds', '1', '--requests', '2000', '--pipelines', '1,4', '--condition-ms', '30', '--warmup-ms', '30'],
      { timeout: 120_000, env: { ...process.env, PATH: pathWithoutMemtier() } },
    );
    expect(stderr).toMatch(/!!! memtier_benchmark is NOT on PATH/);
    const cells = ['redis GET', 'memcached GET', 'redis SET', 'memcached SET'].flatMap((c) => [`${c} -c 50 -P 1`, `${c} -c 50 -P 4`]);
    for (const cell of cells) {
      // The table: cachebench's ops/s, its CPU per request and share; redis cells with a ratio to redis-benchmark.
      const row = stdout.split('\n').find((l) => l.startsWith(cell) && /\d%\s*$/.test(l));
      expect(row, cell).toBeDefined();
      if (cell.startsWith('redis')) expect(row).toMatch(/\d\.\d\d×/);
      // The server side: CPU per command under each tool that ran and how busy it kept the server.
      expect(stdout).toMatch(new RegExp(`  ${cell}\\s+(—|\\d+\\.\\d\\d)\\s+—\\s+\\d+\\.\\d\\d\\s+busy`));
    }
    if (os.cpus().length >= 2) expect(stdout).toMatch(new RegExp(`servers on CPU ${os.cpus().length - 1}, load generators on CPU 0-${os.cpus().length - 2}`));
    expect(stdout).toMatch(/GET lookups counted by the servers/);
    expect(stdout).not.toMatch(/[1-9][\d,]* misses/);
    expect(stderr).not.toMatch(/GET cells with misses/);
  }, 150_000);
});
