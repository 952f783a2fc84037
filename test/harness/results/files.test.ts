import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResult, removeStaleTempFiles, ResultFileError, writeFileAtomic, writeResult } from '../../../harness/results/files.js';
import { runCell } from '../../../harness/cell/run-cell.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('result files', () => {
  it('temp files of killed writers are removed; a live writer\'s are kept', async () => {
    const dir = path.join(tmp, 'stale');
    await writeFileAtomic(path.join(dir, 'r.json'), '{}');
    const dead = `r.json.999999999.1700000000000.tmp`;
    const live = `q.json.${process.ppid}.1700000000000.tmp`;
    for (const n of [dead, live]) writeFileSync(path.join(dir, n), '{"half":');
    expect(await removeStaleTempFiles(dir)).toEqual([dead]);
    expect(readdirSync(dir).sort()).toEqual([live, 'r.json']);
  });

  it('round-trips a result and leaves no temp file behind', async () => {
    const r = await runCell({ engine: { name: 'null' }, workload: { name: 'kv', params: { keys: 10 } }, config: { requests: 1000, warmupMs: 0, seed: 1 } });
    const file = await writeResult(path.join(tmp, 'a'), r);
    expect(readdirSync(path.join(tmp, 'a'))).toEqual([path.basename(file)]);
    expect((await readResult(file)).id).toBe(r.id);
  });

  it('an atomic write replaces the whole file or nothing', async () => {
    const file = path.join(tmp, 'x.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    expect(readdirSync(tmp).filter((n) => n.startsWith('x.json'))).toEqual(['x.json']);
  });

  it('reading a foreign or newer file names the file and the problem', async () => {
    const other = path.join(tmp, 'other.json');
    writeFileSync(other, JSON.stringify({ kind: 'something-else' }));
    await expect(readResult(other)).rejects.toThrow(ResultFileError);
    await expect(readResult(other)).rejects.toThrow(/other\.json.*kind/);
    const newer = path.join(tmp, 'newer.json');
    writeFileSync(newer, JSON.stringify({ kind: 'cachebench.run', schemaVersion: 99 }));
    await expect(readResult(newer)).rejects.toThrow(/schemaVersion 99/);
    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, '{');
    await expect(readResult(broken)).rejects.toThrow(/not readable JSON/);
  });
});
