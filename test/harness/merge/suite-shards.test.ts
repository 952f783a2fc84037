/**
 * A sharded suite, as the Kubernetes Indexed Job runs it: four `cachebench suite` processes
 * (JOB_COMPLETION_INDEX=0..3, CACHEBENCH_SHARDS=4) of a two-cell suite against one managed
 * redis-server, then `merge --group`:
 *   - one merged result per cell, each made of that cell's four shards (cells matched by their
 *     suite identity, not by file order or name),
 *   - counts add up: each merged cell is the sum of its shards, and every operation every
 *     process sent reached the server (INFO commandstats delta),
 *   - a fifth process, shard 3 run with another seed, is refused by `merge --group` naming the
 *     field that differs.
 * The processes run without --start-at: five node processes took over 10 s to start on the
 * loaded 2-core machine (4.2 s for one alone), so a shared start would need a lead longer than
 * the rest of the test. The shared windows of a suite (`suiteStarts`, pure) are checked in
 * test/harness/shard/suite-schedule.test.ts; the single-run four-shard test uses --start-at.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import type { RunResult } from '../../../shared/result-types.js';
import { commandCalls, runCli, spawnCli, type CliOutcome } from '../../support/cli.js';
import { serverAvailable } from '../../support/servers.js';

const SHARDS = 4;
const DURATION_MS = 1000;

const available = serverAvailable('redis-server') && serverAvailable('redis-cli');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-suite-shards-'));
let server: ManagedServer;
let before: Map<string, number>;
let after: Map<string, number>;

function suiteShard(index: number, seed: number, dir: string): Promise<{ code: number | null; stderr: string }> {
  const args = ['suite', path.join(tmp, 'suite.json'), '--seed', String(seed), '-o', path.join(tmp, dir), '--format', 'json'];
  const env = { ...process.env, JOB_COMPLETION_INDEX: String(index), CACHEBENCH_SHARDS: String(SHARDS) };
  return spawnCli(args, env);
}

const cli = (...args: string[]): CliOutcome => runCli(args, { cwd: tmp });

function results(dir: string): RunResult[] {
  const full = path.join(tmp, dir);
  return readdirSync(full)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(full, f), 'utf8')) as RunResult);
}

const cellIndex = (r: RunResult): number => (r.config.extra['suiteCell'] as { index: number }).index;
const sent = (r: RunResult): number => Object.values(r.ops).reduce((n, o) => n + o.count + o.errors, 0);

describe.skipIf(!available)('a sharded suite: four suite processes, merge --group', () => {
  beforeAll(async () => {
    server = await startRedisServer();
    const engines = [{ name: 'redis', options: { url: server.url } }];
    const params = { keys: 1000, preload: 'none' };
    const suite = {
      name: 'sharded',
      defaults: { durationMs: DURATION_MS, warmupMs: 0, threads: SHARDS },
      cells: [
        { engines, workload: 'kv', params, config: { concurrency: 2 }, label: 'kv closed' },
        { engines, workload: 'kv', params: { ...params, ratio: '1:1' }, config: { rate: 2000 }, label: 'kv open' },
      ],
    };
    writeFileSync(path.join(tmp, 'suite.json'), JSON.stringify(suite));
    before = commandCalls(server.port);
    const exits = await Promise.all([
      ...Array.from({ length: SHARDS }, (_, i) => suiteShard(i, 7, `shard-${i}`)),
      suiteShard(SHARDS - 1, 8, 'other-seed'),
    ]);
    for (const e of exits) expect(e.code, e.stderr).toBe(0);
    after = commandCalls(server.port);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('merges each cell from its own four shards; counts add up to the shards and to the server', () => {
    const dirs = Array.from({ length: SHARDS }, (_, i) => `shard-${i}/results`);
    // Folders given in reverse order: cells are matched by identity, not by position.
    const m = cli('merge', '--group', ...dirs.reverse(), '-o', 'merged', '--format', 'json');
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr.match(/^merged 4 shards: /gm)).toHaveLength(2);
    const merged = results('merged').sort((a, b) => cellIndex(a) - cellIndex(b));
    expect(merged.map((r) => r.label)).toEqual(['kv closed redis', 'kv open redis']);
    const shardFiles = dirs.flatMap((d) => results(d));
    expect(shardFiles).toHaveLength(2 * SHARDS);
    for (const cell of merged) {
      const own = shardFiles.filter((s) => cellIndex(s) === cellIndex(cell));
      expect(cell.merged!.shards.map((s) => s.index).sort()).toEqual([0, 1, 2, 3]);
      expect(new Set(cell.merged!.shards.map((s) => s.id))).toEqual(new Set(own.map((s) => s.id)));
      expect(cell.summary.ops).toBe(own.reduce((n, s) => n + s.summary.ops, 0));
      for (const kind of Object.keys(cell.ops)) expect(cell.ops[kind]!.count).toBe(own.reduce((n, s) => n + (s.ops[kind]?.count ?? 0), 0));
      expect(cell.summary.ops).toBeGreaterThan(0);
    }
    // The open cell's rate was split: each shard a quarter of 2000/s.
    for (const s of shardFiles.filter((r) => cellIndex(r) === 2)) expect(s.config.rate).toBe(500);
    // Every operation of every process (the four shards and the other-seed one) reached the server.
    const everySent = [...shardFiles, ...results('other-seed/results')].reduce((n, r) => n + sent(r), 0);
    const delta = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(everySent).toBe(delta('get') + delta('set'));
  });

  it('refuses a shard of a cell run with another seed, naming the field', () => {
    const dirs = ['shard-0/results', 'shard-1/results', 'shard-2/results', 'other-seed/results'];
    const m = cli('merge', '--group', ...dirs, '-o', 'refused', '--format', 'json');
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/shard 3\).* are cell [12] of suite 'sharded' but not one run: .*config\.seed: 8 vs 7|config\.seed: 7 vs 8/);
    expect(m.stderr).not.toMatch(/config\.extra/);
  });
});
