import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distUrl } from '../../../shared/dist-url.js';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cachebench CLI: bad input exits 2 naming the flag, never a stack trace', () => {
  const cases: [string[], RegExp][] = [
    [['run', '--engine', 'nosuch'], /--engine.*nosuch.*expected one of .*redis-style/],
    [['run', '--workload', 'nosuch'], /--workload.*nosuch.*expected one of .*kv/],
    [['run', '-e', 'null', '--ratio', '1-10'], /--ratio.*1:10/],
    [['run', '-e', 'null', '--duration', '-3s'], /--duration.*-3s/],
    [['run', '-e', 'null', '--duration', '0s'], /--duration/],
    [['run', '-e', 'null', '--rate', '0'], /--rate.*> 0/],
    [['run', '-e', 'null', '--threads', '0'], /--threads/],
    [['run', '-e', 'null', '--arrival', 'bursty', '--rate', '10'], /--arrival.*constant \| poisson/],
    [['run', '-e', 'null', '--key-pattern', 'zipfy'], /--key-pattern/],
    [['run', '-e', 'null', '--format', 'xml'], /--format.*table/],
    [['run', '--no-such-flag'], /Unknown argument/],
    [['run', '-e', 'redis-server', '--engine-opt', 'persistence=sometimes'], /persistence.*aof/],
    [['run', '-e', 'redis', '--url', 'http://127.0.0.1:1'], /url.*redis:\/\//],
    [['run', '-e', 'redis-server', '--client', 'jedis'], /client.*ioredis, resp/],
    [['run', '-e', 'redis-style', '--client', 'ioredis'], /--client.*real servers/],
    [['run', '-e', 'redis-server', '--clients', '5', '--pipeline', '4', '-c', '10'], /--concurrency: got 10.*--clients 5 × --pipeline 4.*contradict/],
    [['run', '-e', 'redis-server', '--clients', '5', '--connections', '4'], /--connections 4 contradicts --clients 5/],
    [['run', '-e', 'redis-style', '--pipeline', '4'], /--clients and --pipeline apply to real servers.*--concurrency/],
    [['run', '-e', 'redis-server', '--clients', 'many'], /--clients: got 'many'/],
    [['report', path.join(tmp, 'missing')], /does not exist/],
    [['suite'], /suite JSON file or --default/],
    [['compare', tmp, tmp, '--min-effect', 'lots'], /--min-effect.*5%/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => {
      const r = cli(...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('cachebench CLI: help and a real run', () => {
  it('run --help lists every flag', () => {
    const r = cli('run', '--help');
    expect(r.code).toBe(0);
    for (const flag of [
      '--engine', '--url', '--client', '--connections', '--engine-opt', '--workload', '--ratio', '--keys', '--key-prefix', '--key-pattern', '--data-size',
      '--ttl', '--preload', '--guaranteed-hit', '--param', '--concurrency', '--requests', '--duration', '--warmup', '--rate',
      '--arrival', '--threads', '--seed', '--timeout', '--out', '--save', '--format', '--report', '--progress', '--strict',
      '--label', '--list',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('a run writes a result file and prints the summary table; report turns it into HTML', () => {
    const out = path.join(tmp, 'results');
    const r = cli('run', '-e', 'null', '-n', '20000', '--warmup', '0', '--seed', '11', '-c', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/kind\s+ops\/s\s+p50\s+p90\s+p99\s+p99\.9\s+max\s+errors/);
    const files = readdirSync(out);
    expect(files).toHaveLength(1);
    const result = JSON.parse(readFileSync(path.join(out, files[0]!), 'utf8'));
    expect(result.config.seed).toBe(11);
    expect(result.summary.ops).toBe(20000);
    const html = path.join(tmp, 'report.html');
    const rep = cli('report', out, '-o', html, '--markdown', path.join(tmp, 'summary.md'));
    expect(rep.code, rep.stderr).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<html');
    expect(readFileSync(path.join(tmp, 'summary.md'), 'utf8')).toContain('| ');
  });

  it('--format json prints the result on stdout', () => {
    const r = cli('run', '-e', 'null', '-n', '5000', '--warmup', '0', '--seed', '3', '--no-save', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).kind).toBe('cachebench.run');
  });
});
