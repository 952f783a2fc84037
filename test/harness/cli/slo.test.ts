import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { distUrl } from '../../../shared/dist-url.js';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-slo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cachebench slo / sweep: bad input exits 2 naming the flag', () => {
  const cases: [string[], RegExp][] = [
    [['slo', '-e', 'null'], /slo needs --slo/],
    [['slo', '-e', 'null', '--slo', 'p98<1ms'], /invalid --slo: got "p98<1ms".*p50\|p90\|p99\|p99.9\|p99.99/],
    [['slo', '-e', 'null', '--slo', 'p99<1ms', '--rate-min', '5k', '--rate-max', '1k'], /--rate-max.*more than --rate-min/],
    [['slo', '-e', 'null', '--slo', 'p99<1ms', '--resolution', '90%'], /--resolution.*0.1% to 50%/],
    [['slo', '-e', 'null', '--slo', 'p99<1ms', '--rate', '10k'], /--rate does not apply to slo.*--rate-min/],
    [['slo', '-e', 'null', '--slo', 'p99<1ms', '-n', '100'], /--requests does not apply/],
    [['slo', '-e', 'null', '--slo', 'p99<1ms', '--engine-opt', 'serviceModel=sleep'], /serviceModel.*spin, queue/],
    [['sweep', '-e', 'null'], /sweep needs --rates/],
    [['sweep', '-e', 'null', '--rates', '10k,zero'], /--rates.*zero/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => {
      const r = cli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('cachebench slo on a scenario', () => {
  it('searches the rate of a scenario workload (leaderboard): every step an open-loop leaderboard run with its own checks', () => {
    const out = path.join(tmp, 'slo-leaderboard');
    // A generous SLO and a short range: what is tested is that a scenario searches, not where it ends.
    const r = cli('slo', '-e', 'redis-style', '--workload', 'leaderboard', '--slo', 'p50<2s', '--rate-min', '50', '--rate-max', '100', '--resolution', '50%', '-d', '300ms', '--warmup', '0', '--seed', '5', '--out', out);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/redis-style leaderboard — rate search, p50 < 2 s/);
    expect(r.stdout).toMatch(/redis-style leaderboard: highest rate meeting p50 < 2 s/);
    const files = readdirSync(out);
    const record = JSON.parse(readFileSync(path.join(out, files.find((f) => f.endsWith('.search.json'))!), 'utf8'));
    expect(record).toMatchObject({ kind: 'cachebench.search', mode: 'slo', workload: { name: 'leaderboard' } });
    expect(record.answer).not.toBeNull();
    const results = files.filter((f) => !f.endsWith('.search.json')).map((f) => JSON.parse(readFileSync(path.join(out, f), 'utf8')));
    expect(results.length).toBe(record.steps.length);
    for (const x of results) {
      expect(x.workload.name).toBe('leaderboard');
      expect(x.config.loop).toBe('open');
      expect(x.domain.figures.incrs).toBeGreaterThan(0);
      // The scenario's correctness check ran at every step, under the open loop's schedule.
      expect(x.checks.length).toBeGreaterThan(0);
      for (const c of x.checks) expect(c.passed, c.detail).toBe(true);
    }
  });
});

describe('cachebench sweep', () => {
  it('writes one result per rate, a search record and a report, and prints the steps', () => {
    const out = path.join(tmp, 'sweep');
    const report = path.join(tmp, 'sweep.html');
    const r = cli('sweep', '-e', 'null', '--keys', '100', '--rates', '2k,1k', '--slo', 'p99<50ms', '-d', '200ms', '--warmup', '0', '--seed', '5', '--out', out, '--report', report);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.search.json'))).toHaveLength(1);
    const results = files.filter((f) => !f.endsWith('.search.json')).map((f) => JSON.parse(readFileSync(path.join(out, f), 'utf8')));
    expect(results.map((x) => x.config.rate).sort()).toEqual([1000, 2000]);
    const record = JSON.parse(readFileSync(path.join(out, files.find((f) => f.endsWith('.search.json'))!), 'utf8'));
    expect(record).toMatchObject({ kind: 'cachebench.search', mode: 'sweep', search: { rates: [1000, 2000] } });
    expect(record.steps.map((s: { resultId: string }) => s.resultId).sort()).toEqual(results.map((x) => x.id).sort());
    expect(r.stdout).toMatch(/null kv — sweep, p99 < 50 ms/);
    expect(r.stdout).toMatch(/#\s+phase\s+target\s+achieved/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('id="latency-throughput"');
    // `report` on the folder reads the results and skips the search record.
    const again = cli('report', out, '-o', path.join(tmp, 'again.html'));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/\(2 results\)/);
  });
});
