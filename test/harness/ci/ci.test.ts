/**
 * `cachebench ci` end to end: a temporary git repository holding this project's sources in two
 * commits — the second makes the null engine spend 30 µs per operation — built, and `ci` run
 * from its head against its first commit on a tiny suite. The base side is a real git worktree
 * of the first commit, built there with `npm run build`; both sides run interleaved.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../shared/dist-url.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-ci-test-'));
const repo = path.join(tmp, 'repo');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' };
const git = (...args: string[]): string => execFileSync('git', ['-C', repo, ...args], { env: GIT_ENV, encoding: 'utf8' }).trim();

/** What a build needs: the compiled folders of tsconfig.json and the package files. */
const SOURCES = ['shared', 'engines', 'workloads', 'harness', 'reports', 'bench', 'package.json', 'package-lock.json', 'tsconfig.json', '.gitignore'];
const NULL_ENGINE = 'engines/null/null-engine.ts';
const FAST = 'if (raw === undefined) return 0;';
const SLOW = 'if (raw === undefined) return 30_000; // the regression under test';

function makeRepository(): void {
  mkdirSync(repo);
  for (const s of SOURCES) cpSync(path.join(PROJECT_ROOT, s), path.join(repo, s), { recursive: true });
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  writeFileSync(
    path.join(repo, 'ci-suite.json'),
    JSON.stringify({
      name: 'ci test',
      repeat: 4,
      defaults: { requests: 2000, warmupMs: 0, concurrency: 1 },
      cells: [{ engines: ['null'], workload: 'kv', params: { keys: 100 }, label: 'gate' }],
    }),
  );
  git('init', '-q', '-b', 'main');
  // The link to this project's node_modules is the checkout's, not the commit's (`node_modules/` ignores directories only).
  writeFileSync(path.join(repo, '.git', 'info', 'exclude'), 'node_modules\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const file = path.join(repo, NULL_ENGINE);
  const source = readFileSync(file, 'utf8');
  expect(source, `${NULL_ENGINE} no longer has the line this test patches`).toContain(FAST);
  writeFileSync(file, source.replace(FAST, SLOW));
  git('commit', '-q', '-am', 'slower null engine');
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' });
}

describe('cachebench ci', () => {
  it('runs base (a worktree of the first commit) and head interleaved, finds the regression, exits 1 and cleans up', () => {
    makeRepository();
    const main = path.join(repo, 'dist', 'harness', 'cli', 'main.js');
    const summary = path.join(tmp, 'step-summary.md');
    const out = path.join(tmp, 'ci-out');
    const r = spawnSync(process.execPath, [main, 'ci', 'ci-suite.json', '--baseline-ref', 'HEAD~1', '--out', out, '--seed', '9', '--markdown', summary], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status, r.stderr).toBe(1);
    const base = git('rev-parse', 'HEAD~1');
    expect(r.stderr).toContain(`ci: base HEAD~1 (${base.slice(0, 12)}) vs head ${git('rev-parse', 'HEAD').slice(0, 12)}`);
    expect(r.stderr).toContain('(dependencies linked)');
    // Interleaved: each repeat on both sides back to back, alternating who goes first, same seed on both.
    const order = [...r.stderr.matchAll(/^\[\d+\/8\] (base|head) gate null \(repeat (\d)\/4, seed (\d+)\): ok$/gm)].map((m) => `${m[1]}${m[2]}`);
    expect(order).toEqual(['base1', 'head1', 'head2', 'base2', 'base3', 'head3', 'head4', 'base4']);
    expect(r.stdout).toMatch(/^regressed\s+null · kv · gate null\s+throughput/m);
    expect(r.stdout).toMatch(/^regressed\s+null · kv · gate null\s+p50/m);
    for (const side of ['base', 'head']) expect(readdirSync(path.join(out, side, 'results'))).toHaveLength(4);
    const head = JSON.parse(readFileSync(path.join(out, 'head', 'results', readdirSync(path.join(out, 'head', 'results'))[0]!), 'utf8'));
    expect(head.summary.latency.percentiles.p50).toBeGreaterThanOrEqual(30_000 * 0.99);
    const md = readFileSync(path.join(out, 'summary.md'), 'utf8');
    expect(md).toContain('### cachebench compare: regressed');
    expect(md).toMatch(/\| null · kv · gate null \| throughput \| .* \| 🔴 regressed \|/);
    expect(readFileSync(summary, 'utf8')).toContain('### cachebench compare: regressed');
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
    // The base worktree is gone, registration included.
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
    expect(existsSync(path.join(out, '.scratch'))).toBe(false);

    const bad = spawnSync(process.execPath, [main, 'ci', 'ci-suite.json', '--baseline-ref', 'no-such-ref', '--out', out], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("invalid --baseline-ref: 'no-such-ref' is not a commit in");
  }, 320_000);
});
