import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../shared/result-types.js';
import { repeatSeed, withRepeats } from '../../../harness/suite/repeats.js';
import { expandSuite, parseSuite } from '../../../harness/suite/suite.js';
import { runCli } from '../../support/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-repeats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('suite repeats', () => {
  const suite = parseSuite({
    name: 'r',
    repeat: 3,
    defaults: { seed: 7 },
    cells: [
      { engines: ['null'], workload: 'kv', label: 'a' },
      { engines: ['null'], workload: 'kv', label: 'b', config: { seed: 100 } },
    ],
  });

  it('interleaves repeats across cells (ABAB, not AAA BBB) and records which repeat each run is', () => {
    const cells = withRepeats(expandSuite(suite), suite.repeat!);
    expect(cells.map((c) => `${c.label}#${c.repeat!.index}/${c.repeat!.of}`)).toEqual(['a null#1/3', 'b null#1/3', 'a null#2/3', 'b null#2/3', 'a null#3/3', 'b null#3/3']);
  });

  it('repeat 1 keeps the cell seed; later repeats get distinct, reproducible seeds; no seed stays random', () => {
    const cells = withRepeats(expandSuite(suite), 3);
    expect(cells.filter((c) => c.label === 'a null').map((c) => c.config!.seed)).toEqual([7, repeatSeed(7, 1), repeatSeed(7, 2)]);
    expect(new Set(cells.map((c) => c.config!.seed)).size).toBe(6);
    expect(withRepeats(expandSuite(suite), 3)).toEqual(cells);
    const unseeded = withRepeats(expandSuite(parseSuite({ name: 'u', cells: [{ engines: ['null'], workload: 'kv' }] })), 2);
    expect(unseeded.map((c) => c.config!.seed)).toEqual([undefined, undefined]);
    expect(withRepeats(expandSuite(suite), 1).every((c) => c.repeat === undefined)).toBe(true);
  });

  it('a bad repeat names the field and the allowed values', () => {
    for (const repeat of [0, 1.5, '7', 1001]) {
      expect(() => parseSuite({ name: 'x', repeat, cells: [{ engines: ['null'], workload: 'kv' }] })).toThrow(/suite repeat: got .*; expected an integer from 1 to 1000/);
    }
  });

  it('`suite --repeat 2` runs every cell twice, interleaved, each result saying its repeat and seed', () => {
    const file = path.join(tmp, 'tiny.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'tiny',
        defaults: { requests: 2000, warmupMs: 0, concurrency: 1, seed: 5 },
        cells: [{ engines: ['null'], workload: 'kv', params: { keys: 100 }, label: 'x' }, { engines: ['null'], workload: 'kv', params: { keys: 200 }, label: 'y' }],
      }),
    );
    const out = path.join(tmp, 'out');
    const r = runCli(['suite', file, '--repeat', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("suite 'tiny': 2 cells × 2 repeats, interleaved");
    const dir = path.join(out, 'results');
    const results = readdirSync(dir).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as RunResult);
    results.sort((p, q) => p.timing.startedAt.localeCompare(q.timing.startedAt));
    expect(results.map((x) => `${x.label}#${x.repeat?.index}/${x.repeat?.of}@${x.config.seed}`)).toEqual([
      'x null#1/2@5',
      'y null#1/2@5',
      `x null#2/2@${repeatSeed(5, 1)}`,
      `y null#2/2@${repeatSeed(5, 1)}`,
    ]);
    const bad = runCli(['suite', file, '--repeat', '0', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--repeat/);
  });
});
