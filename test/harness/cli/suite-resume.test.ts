/**
 * A suite keeps every finished cell: results are written as each cell ends (atomic, fsync'd),
 * a kill between cells or in the middle of one leaves every finished cell's result valid on
 * disk, a failing cell does not lose the ones before it, and `--resume` runs only the rest.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readResult } from '../../../harness/results/files.js';
import { suiteCellOf } from '../../../harness/suite/cell-key.js';
import { distUrl } from '../../../shared/dist-url.js';
import { waitFor } from '../../support/processes.js';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-resume-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function suiteFile(name: string, cells: unknown[]): string {
  const file = path.join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, defaults: { durationMs: 500, warmupMs: 0, concurrency: 1, seed: 7 }, cells }));
  return file;
}

const nullCell = (keys: number) => ({ engines: ['null'], workload: 'kv', params: { keys } });
const jsonFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []);

async function keysIn(dir: string): Promise<string[]> {
  const keys: string[] = [];
  for (const n of jsonFiles(dir)) keys.push(suiteCellOf(await readResult(path.join(dir, n)))!.cellId);
  return keys.sort();
}

/** Start the suite, SIGKILL it `afterFirstMs` after the first result appears; return the results folder. */
async function killedSuite(file: string, out: string, afterFirstMs: number): Promise<string> {
  const dir = path.join(out, 'results');
  const child = spawn(process.execPath, [MAIN, 'suite', file, '--out', out], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  expect(await waitFor(() => jsonFiles(dir).length >= 1, 30_000, 10)).toBe(true);
  if (afterFirstMs > 0) await new Promise((r) => setTimeout(r, afterFirstMs));
  child.kill('SIGKILL');
  await exited;
  return dir;
}

function resume(file: string, out: string): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, 'suite', file, '--out', out, '--resume'], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stderr: r.stderr };
}

describe('suite: per-cell results and --resume', () => {
  for (const [when, afterFirstMs] of [['between cells', 0], ['mid-cell', 250]] as const) {
    it(`SIGKILL ${when}: finished cells are on disk and valid; --resume runs only the rest`, async () => {
      const file = suiteFile(`cut-${afterFirstMs}`, [nullCell(100), nullCell(200), nullCell(300)]);
      const out = path.join(tmp, `out-${afterFirstMs}`);
      const dir = await killedSuite(file, out, afterFirstMs);
      const kept = jsonFiles(dir);
      expect(kept.length).toBeGreaterThanOrEqual(1);
      expect(kept.length).toBeLessThan(3);
      const before = new Map(kept.map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));
      for (const n of kept) expect((await readResult(path.join(dir, n))).summary.ops).toBeGreaterThan(0);
      // What a kill in the middle of a write leaves: a temp file of a writer that is gone.
      const stale = `${kept[0]}.999999999.1.tmp`;
      writeFileSync(path.join(dir, stale), '{"half":');

      const r = resume(file, out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`3 cells, ${kept.length} already in`);
      expect(r.stderr).toContain(`running ${3 - kept.length}`);
      expect(await keysIn(dir)).toEqual(['1-', '2-', '3-'].map((p) => expect.stringMatching(new RegExp(`^${p}`))) as never);
      expect(jsonFiles(dir)).toHaveLength(3);
      for (const [n, text] of before) expect(readFileSync(path.join(dir, n), 'utf8'), `${n} was rewritten`).toBe(text);
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(readFileSync(path.join(out, 'summary.md'), 'utf8').split('\n').filter((l) => l.startsWith('| null')).length).toBe(3);
    }, 60_000);
  }

  it('a failing cell keeps the results before it and says how to continue', async () => {
    const file = suiteFile('fails', [nullCell(100), { engines: [{ name: 'redis', options: { url: 'redis://127.0.0.1:1' } }], workload: 'kv' }]);
    const out = path.join(tmp, 'out-fail');
    const r = spawnSync(process.execPath, [MAIN, 'suite', file, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--resume');
    expect(await keysIn(path.join(out, 'results'))).toEqual([expect.stringMatching(/^1-/)]);
  }, 60_000);

  it('--no-save writes no results folder and does not print one', () => {
    const file = suiteFile('nosave', [{ ...nullCell(100) }]);
    const out = path.join(tmp, 'out-nosave');
    const r = spawnSync(process.execPath, [MAIN, 'suite', file, '--out', out, '--no-save'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(path.join(out, 'results'))).toBe(false);
    expect(r.stderr).not.toMatch(/results in/);
    expect(r.stderr).toMatch(/report: /);
    const again = spawnSync(process.execPath, [MAIN, 'suite', file, '--out', out, '--no-save', '--resume'], { encoding: 'utf8', timeout: 60_000 });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/--resume .*--no-save/);
  }, 60_000);
});
