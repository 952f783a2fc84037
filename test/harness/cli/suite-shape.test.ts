/**
 * memtier's shape in suite files: `clients` and `pipeline` in defaults, a group's config or its
 * matrix give each cell the engine's connections and C×P in flight, as `run --clients
 * --pipeline` does; a bad or contradictory value is refused before anything runs, naming its
 * JSON path.
 */
import { describe, expect, it } from 'vitest';
import { validatedCells } from '../../../harness/cli/suite/handler.js';
import { resolveCell } from '../../../harness/cell/resolve-cell.js';
import { parseSuite, SuiteError } from '../../../harness/suite/suite.js';

const URL = 'redis://127.0.0.1:6379';

function cells(value: unknown) {
  return validatedCells(parseSuite(value), undefined, 1);
}

describe('suite files: clients and pipeline', () => {
  it('a matrix over pipeline gives every cell clients connections and clients × pipeline in flight', () => {
    const out = cells({
      name: 'shape',
      defaults: { clients: 8, durationMs: 1000 },
      cells: [
        { engines: [{ name: 'redis', options: { url: URL } }, { name: 'memcached', options: { url: 'memcached://127.0.0.1:11211' } }], workload: 'kv', matrix: { pipeline: [1, 16] } },
      ],
    });
    expect(out).toHaveLength(4);
    for (const c of out) expect(c.engine.options?.['connections']).toBe(8);
    const resolved = out.map((c) => resolveCell(c).config);
    expect(resolved.map((c) => [c.clients, c.pipeline, c.concurrency])).toEqual([
      [8, 1, 8], [8, 16, 128], [8, 1, 8], [8, 16, 128],
    ]);
  });

  it('refuses what contradicts itself or cannot apply, naming the JSON path', () => {
    const bad: [unknown, RegExp][] = [
      [
        { name: 'x', cells: [{ engines: [{ name: 'redis', options: { url: URL } }], workload: 'kv', matrix: { pipeline: [4, 0] } }] },
        /^suite cells\[0\]\.matrix\.pipeline\[1\]: .*positive integer|^suite cells\[0\]\.matrix\.pipeline\[1\]: .*from 1/,
      ],
      [
        { name: 'x', cells: [{ engines: [{ name: 'redis', options: { url: URL, connections: 4 } }], workload: 'kv', config: { clients: 50, pipeline: 16 } }] },
        /^suite cells\[0\]\.engines\[0\]\.options\.connections: 4 contradicts clients 50 \(cells\[0\]\.config\.clients/,
      ],
      [
        { name: 'x', defaults: { clients: 10 }, cells: [{ engines: ['redis-style'], workload: 'kv' }] },
        /^suite defaults\.clients: clients and pipeline apply to real servers .*use concurrency/,
      ],
      [
        { name: 'x', cells: [{ engines: [{ name: 'redis', options: { url: URL } }], workload: 'kv', config: { clients: 4, pipeline: 4, concurrency: 8 } }] },
        /^suite cells\[0\]\.config\.concurrency: .*16 \(= --clients 4 × --pipeline 4\)/,
      ],
    ];
    for (const [value, message] of bad) {
      let thrown: unknown;
      try {
        cells(value);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(SuiteError);
      expect((thrown as Error).message).toMatch(message);
    }
  });
});
