/**
 * Damaged or foreign files among results: a damaged result is named with its file and field
 * (exit 2), a durability result beside run results is not mistaken for a broken one, and folders
 * are searched recursively — for `report` and `compare` alike.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { distUrl, PROJECT_ROOT } from '../../../shared/dist-url.js';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));
const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/results/null-kv-closed.json');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });

function damaged(name: string, change: (r: Record<string, unknown>) => void): string {
  const r = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
  change(r);
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(r));
  return file;
}

describe('report and compare on damaged and mixed input', () => {
  for (const [name, change, field] of [
    ['no-series.json', (r: Record<string, unknown>) => delete r['timeSeries'], 'timeSeries'],
    ['numeric-label.json', (r: Record<string, unknown>) => (r['label'] = 7), 'label'],
    ['no-interval.json', (r: Record<string, unknown>) => ((r['timeSeries'] as Record<string, unknown>)['intervalMs'] = 'x'), 'timeSeries.intervalMs'],
  ] as const) {
    it(`a result with a damaged ${field} is named with its file and field (exit 2)`, () => {
      const file = damaged(name, change);
      for (const args of [['report', file, '-o', path.join(tmp, 'r.html')], ['compare', FIXTURE, file]]) {
        const r = cli(...args);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toContain(file);
        expect(r.stderr).toContain(`field ${field}:`);
        expect(r.stderr).not.toMatch(/\n\s+at |Cannot read properties|is not a function/);
      }
    });
  }

  it('a durability result among run results, in nested folders, is not an error', () => {
    const root = path.join(tmp, 'mixed');
    mkdirSync(path.join(root, 'nested', 'deeper'), { recursive: true });
    copyFileSync(FIXTURE, path.join(root, 'nested', 'deeper', 'run.json'));
    writeFileSync(path.join(root, 'durability-x.json'), JSON.stringify({ kind: 'cachebench.durability', schemaVersion: 1 }));
    const out = path.join(tmp, 'mixed.html');
    const report = cli('report', root, '-o', out);
    // The durability file is read by the report's own durability section (and refused there if damaged).
    expect(report.stderr).not.toMatch(/kind is "cachebench.durability"/);
    const compare = cli('compare', root, root);
    expect(compare.stderr).not.toMatch(/kind is "cachebench.durability"/);
    expect(compare.stderr + compare.stdout).toMatch(/skipped 1 cachebench.durability file/);
  });
});
