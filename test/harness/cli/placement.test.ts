/**
 * `--cpus` and the managed servers' `cpus` option, as a user meets them: a CPU this machine
 * lacks is refused with exit 2 naming the flag and what it takes, before anything starts; a
 * pinned run's result says where the load generator and the server ran, as the kernel reports.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuAffinityOf } from '../../../engines/real/managed/index.js';
import type { RunResult } from '../../../shared/result-types.js';
import { runCli } from '../../support/cli.js';
import { serverAvailable } from '../../support/servers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-placement-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const last = os.cpus().length - 1;

describe('cachebench run --cpus', () => {
  it('refuses a CPU the machine lacks, naming --cpus and the CPUs it has (exit 2)', () => {
    const r = runCli(['run', '-e', 'null', '--cpus', String(last + 1), '-n', '10', '--no-save']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`invalid --cpus: got '${last + 1}'; expected a CPU list such as 0`);
    expect(r.stderr).toContain(`CPUs 0..${last}`);
  });

  it.runIf(serverAvailable('memcached'))('refuses a bad server cpus option before starting a server (exit 2)', () => {
    const r = runCli(['run', '-e', 'memcached-server', '--engine-opt', 'cpus=1-0', '-n', '10', '--no-save']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid engine option for memcached-server .*cpus: expected a CPU list .*\(got '1-0'\)/);
  });

  it.runIf(serverAvailable('memcached'))('a pinned run records where the load generator and the server ran', () => {
    const out = path.join(tmp, 'pinned');
    const serverCpu = String(last);
    const r = runCli(['run', '-e', 'memcached-server', '--engine-opt', `cpus=${serverCpu}`, '--cpus', '0', '-d', '300ms', '--warmup', '100ms', '--clients', '4', '--pipeline', '2', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const [file] = readdirSync(out).filter((f) => f.endsWith('.json'));
    const result = JSON.parse(readFileSync(path.join(out, file!), 'utf8')) as RunResult;
    expect(result.env.cpu.affinity).toBe('0');
    expect(result.env.cpu.count).toBe(os.cpus().length); // the machine's CPUs, not the affinity's
    expect(result.engine.facts?.['cpus']).toBe(serverCpu);
    expect(result.summary.ops).toBeGreaterThan(0);
  });

  it.runIf(serverAvailable('memcached'))('a managed server given no cpus does not inherit the load generator\'s', () => {
    const out = path.join(tmp, 'server-unpinned');
    const r = runCli(['run', '-e', 'memcached-server', '--cpus', '0', '-d', '200ms', '--warmup', '0ms', '--clients', '2', '--pipeline', '1', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const [file] = readdirSync(out).filter((f) => f.endsWith('.json'));
    const result = JSON.parse(readFileSync(path.join(out, file!), 'utf8')) as RunResult;
    expect(result.env.cpu.affinity).toBe('0');
    expect(result.engine.facts?.['cpus']).toBe(cpuAffinityOf('self')); // where the CLI could run before --cpus
  });

  it('an unpinned run records the CPUs it inherited', () => {
    const out = path.join(tmp, 'unpinned');
    const r = runCli(['run', '-e', 'null', '-n', '1000', '--warmup', '0ms', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const [file] = readdirSync(out).filter((f) => f.endsWith('.json'));
    const result = JSON.parse(readFileSync(path.join(out, file!), 'utf8')) as RunResult;
    expect(result.env.cpu.affinity).toBe(cpuAffinityOf('self')); // this test's own, which the CLI inherits
    expect(result.env.cpu.affinity).toMatch(/^[0-9,-]+$/);
  });
});

describe('cachebench suite --cpus', () => {
  const file = path.join(tmp, 'suite.json');
  writeFileSync(file, JSON.stringify({ name: 'placement', defaults: { requests: 2000, warmupMs: 0 }, cells: [{ engines: ['null'], workload: 'kv' }] }));

  it('pins the load generator for every cell, and the results say so', () => {
    const out = path.join(tmp, 'suite-out');
    const r = runCli(['suite', file, '--cpus', '0', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const results = readdirSync(path.join(out, 'results')).filter((f) => f.endsWith('.json'));
    expect(results).toHaveLength(1);
    const result = JSON.parse(readFileSync(path.join(out, 'results', results[0]!), 'utf8')) as RunResult;
    expect(result.env.cpu.affinity).toBe('0');
  });

  it('refuses a CPU the machine lacks before any cell runs (exit 2)', () => {
    const out = path.join(tmp, 'suite-bad');
    const r = runCli(['suite', file, '--cpus', `0-${last + 1}`, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`invalid --cpus: got '0-${last + 1}'`);
    expect(() => readdirSync(path.join(out, 'results'))).toThrow(); // nothing ran, nothing written
  });
});
