import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../shared/result-types.js';
import { runCli } from '../../support/cli.js';
import { around, repeats } from '../compare/fixture-repeats.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-compare-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(args);

/** Writes results as `<dir>/<sub>/<id>.json` files, like suite output folders. */
function side(name: string, results: readonly RunResult[], sub = 'results'): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, sub), { recursive: true });
  for (const r of results) writeFileSync(path.join(dir, sub, `${r.id}.json`), JSON.stringify(r));
  return dir;
}

const base = side('base', repeats({ ops: around(1e6, 0.02) }), 'deep/er/results');
const same = side('same', repeats({ ops: around(1e6, 0.02) }));
const slow = side('slow', repeats({ ops: around(0.75e6, 0.02) }));
const noisy = side('noisy', repeats({ ops: around(0.97e6, 0.2) }));
const other = side('other', repeats({ label: 'other', ops: around(1e6, 0.02) }));

describe('cachebench compare: verdicts and exit codes', () => {
  it('no change exits 0; folders are searched recursively', () => {
    const r = cli('compare', base, same);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^no change\s+null · kv · gate cell\s+throughput\s+1M ops\/s ±1\.3% \(n=7\)/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('verdict: no change');
  });

  it('regressed exits 1, and the Markdown summary is appended to --markdown', () => {
    const md = path.join(tmp, 'summary.md');
    writeFileSync(md, '## earlier step output\n');
    const r = cli('compare', base, slow, '--min-effect', '5%', '--markdown', md);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^regressed\s+null · kv · gate cell\s+throughput .* −25\.0% \[/m);
    const text = readFileSync(md, 'utf8');
    expect(text.startsWith('## earlier step output\n### cachebench compare: regressed')).toBe(true);
  });

  it('inconclusive exits 0, or 1 with --strict; 0.05 means the same as 5%', () => {
    expect(cli('compare', base, noisy, '--min-effect', '0.05').code).toBe(0);
    const strict = cli('compare', base, noisy, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/inconclusive/);
  });

  it('missing exits 1 unless --allow-missing; no cell in common never reads as ok', () => {
    const r = cli('compare', base, other);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('verdict: missing');
    expect(cli('compare', base, other, '--allow-missing').code).toBe(0);
  });

  it('a bare 5 is refused with "write 5%"', () => {
    const r = cli('compare', base, same, '--min-effect', '5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid --min-effect: got '5'; write 5% for a percentage (or 0.05 as a fraction)");
  });

  it('durability results in a folder are skipped with a note; a damaged result names its file and field', () => {
    const mixed = side('mixed', repeats({ ops: around(1e6, 0.02) }));
    writeFileSync(path.join(mixed, 'results', 'durability-1.json'), JSON.stringify({ kind: 'cachebench.durability', schemaVersion: 1 }));
    const r = cli('compare', base, mixed, '--format', 'markdown');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Note: skipped 1 cachebench.durability file in ${mixed} (not run results)`);

    const damaged = repeats({ ops: around(1e6, 0.02) });
    (damaged[3]!.summary as { opsPerSec: unknown }).opsPerSec = 'fast';
    const dir = side('damaged', damaged);
    const bad = cli('compare', base, dir);
    expect(bad.code).toBe(2);
    // The loader's schema check (harness/results) or compare's own field check may be the one
    // that catches it; either way the line names the file, the field and the bad value.
    expect(bad.stderr).toContain(`${path.join(dir, 'results', `${damaged[3]!.id}.json`)}:`);
    expect(bad.stderr).toMatch(/summary\.opsPerSec: expected [^\n]*number[^\n]*"fast"/);
  });

  it('--report writes the head results with the comparison section and its forest plots', () => {
    const report = path.join(tmp, 'compare.html');
    expect(cli('compare', base, slow, '--report', report).code).toBe(1);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<section id="comparison"><h2>Comparison: base vs head</h2>');
    expect(html).toContain('throughput: change per cell');
  });
});
