/**
 * `cachebench durability` from the command line: bad flags exit 2 naming the flag and the
 * allowed values; a small run writes a `cachebench.durability` result file and prints JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readDurabilityResult } from '../../../harness/durability/result-file.js';
import { distUrl } from '../../../shared/dist-url.js';
import { serverAvailable } from '../../support/servers.js';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-durability-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cachebench durability: bad input exits 2 naming the flag', () => {
  const cases: [string[], RegExp][] = [
    [['--persistence', 'aof-sometimes'], /--persistence.*'aof-sometimes'.*none, rdb, aof-no, aof-everysec, aof-always/],
    [['--persistence', 'none,none'], /--persistence.*'none' is listed twice/],
    [['--kill-after', '-1s'], /--kill-after.*-1s/],
    [['--kill-after', '0s'], /--kill-after.*> 0/],
    [['--writes', '0'], /--writes/],
    [['--in-flight', '5000'], /--in-flight.*1 to 1024/],
    [['--writes', '1G'], /--writes/],
    [['--kill-after', '1h'], /--kill-after.*≤ 2m/],
    [['--seed', 'abc'], /--seed.*0 to 4294967295/],
    [['--format', 'xml'], /--format.*table, markdown, json/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => {
      const r = cli('durability', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('cachebench --help', () => {
  it('lists the durability command and its flags', () => {
    expect(cli('--help').stdout).toMatch(/durability\s+kill -9 redis-server/);
    const help = cli('durability', '--help').stdout;
    for (const flag of ['--persistence', '--writes', '--duration', '--kill-after', '--in-flight', '--seed', '--out', '--format']) expect(help).toContain(flag);
  });
});

describe.runIf(serverAvailable('redis-server'))('cachebench durability run', () => {
  it('writes a schema-versioned result file and prints it as JSON', async () => {
    const out = path.join(tmp, 'out');
    const r = cli('durability', '--persistence', 'aof-always', '--kill-after', '300ms', '--seed', '9', '--out', out, '--format', 'json');
    expect(r.stderr).toMatch(/result: .*durability-.*\.json/);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { kind: string; modes: { mode: string; acked: number; lost: number }[] };
    const files = readdirSync(out).filter((f) => /^durability-.*\.json$/.test(f));
    expect(files).toHaveLength(1);
    const stored = await readDurabilityResult(path.join(out, files[0]!));
    expect(stored).toEqual(printed);
    expect(stored.config.seed).toBe(9);
    expect(stored.modes[0]!.mode).toBe('aof-always');
    expect(stored.modes[0]!.lost).toBe(0);
    expect(stored.environment.node).toBe(process.version);
  }, 30_000);
});
