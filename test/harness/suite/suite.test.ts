import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../shared/dist-url.js';
import { DEFAULT_SUITE } from '../../../harness/suite/default-suite.js';
import { expandSuite, parseSuite, SuiteError } from '../../../harness/suite/suite.js';

describe('suite files', () => {
  it('expands engines × matrix in file order', () => {
    const suite = parseSuite({
      name: 's',
      defaults: { durationMs: 1000, seed: 3 },
      cells: [{ engines: ['null', 'null'], workload: 'kv', params: { keys: 10 }, matrix: { threads: [1, 2], concurrency: [1, 8] } }],
    });
    const cells = expandSuite(suite);
    expect(cells).toHaveLength(8);
    expect(cells.map((c) => [c.config?.threads, c.config?.concurrency])).toEqual([
      [1, 1], [1, 8], [2, 1], [2, 8], [1, 1], [1, 8], [2, 1], [2, 8],
    ]);
    expect(cells[0]!.config?.seed).toBe(3);
  });

  it('names the path of a bad field and the allowed values', () => {
    const bad: [unknown, RegExp][] = [
      [{ cells: [] }, /name/],
      [{ name: 'x', cells: [] }, /cells/],
      [{ name: 'x', cells: [{ engines: ['nosuch'], workload: 'kv' }] }, /cells\[0\]\.engines\[0\].*allowed: .*null/],
      [{ name: 'x', cells: [{ engines: ['null'], workload: 'nosuch' }] }, /cells\[0\]\.workload.*allowed: .*kv/],
      [{ name: 'x', cells: [{ engines: ['null'], workload: 'kv', matrix: { colour: [1] } }] }, /cells\[0\]\.matrix\.colour.*allowed/],
      [{ name: 'x', cells: [{ engines: ['null'], workload: 'kv', config: { speed: 1 } }] }, /cells\[0\]\.config\.speed/],
      [{ name: 'x', defaults: { durationMS: 1 }, cells: [{ engines: ['null'], workload: 'kv' }] }, /defaults\.durationMS/],
    ];
    for (const [value, message] of bad) {
      expect(() => parseSuite(value)).toThrow(SuiteError);
      expect(() => parseSuite(value)).toThrow(message);
    }
  });

  it('the default suite is itself a valid suite', () => {
    expect(() => parseSuite(JSON.parse(JSON.stringify(DEFAULT_SUITE)))).not.toThrow();
    expect(expandSuite(DEFAULT_SUITE).length).toBeGreaterThan(5);
  });

  it('every suite file shipped in suites/ is valid', () => {
    const dir = path.join(PROJECT_ROOT, 'suites');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(() => expandSuite(parseSuite(JSON.parse(readFileSync(path.join(dir, f), 'utf8')))), f).not.toThrow();
  });
});
