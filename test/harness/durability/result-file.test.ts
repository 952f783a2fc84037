/**
 * Durability result files: written atomically under their id, read back only when kind and
 * schema version are the ones this cachebench writes.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDurabilityResult, writeDurabilityResult } from '../../../harness/durability/result-file.js';
import { DURABILITY_KIND, type DurabilityResult } from '../../../harness/durability/types.js';
import { collectEnvironment, collectToolInfo } from '../../../harness/env.js';
import { ResultFileError } from '../../../harness/results/files.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-durability-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A result without modes: the file layer does not look inside them.
const empty: DurabilityResult = {
  kind: DURABILITY_KIND,
  schemaVersion: 1,
  id: 'durability-test',
  startedAt: new Date().toISOString(),
  finishedAt: new Date().toISOString(),
  environment: collectEnvironment(),
  tool: collectToolInfo(),
  redisServerVersion: 'unknown',
  config: { modes: [], writes: null, durationMs: null, killAfterMs: 1, inFlight: 1, valueBytes: 1, keyPrefix: 'k', seed: 1, timeoutMs: 1 },
  modes: [],
};

describe('durability result files', () => {
  it('round-trips through <dir>/<id>.json with no temp file left behind', async () => {
    const file = await writeDurabilityResult(path.join(tmp, 'a'), empty);
    expect(path.basename(file)).toBe('durability-test.json');
    expect(readdirSync(path.join(tmp, 'a'))).toEqual(['durability-test.json']);
    expect(await readDurabilityResult(file)).toEqual(empty);
  });

  it('refuses another kind or schema version, naming the file', async () => {
    const run = path.join(tmp, 'run.json');
    writeFileSync(run, JSON.stringify({ ...empty, kind: 'cachebench.run' }));
    await expect(readDurabilityResult(run)).rejects.toThrow(ResultFileError);
    await expect(readDurabilityResult(run)).rejects.toThrow(/run\.json: kind is "cachebench\.run", expected "cachebench\.durability"/);
    const future = path.join(tmp, 'future.json');
    writeFileSync(future, JSON.stringify({ ...empty, schemaVersion: 2 }));
    await expect(readDurabilityResult(future)).rejects.toThrow(/schemaVersion 2 is not supported/);
  });
});
