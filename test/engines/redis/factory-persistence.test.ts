/**
 * The factory's persistence options end to end through runCell: one load thread wraps the
 * engine in place; two load threads put the files in the engine thread, whose AOF must replay
 * to the keyspace it ended with (checked against its closing RDB) and whose scratch directory
 * must be gone after the run; bad options are refused up front.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redisStyleFactory } from '../../../engines/redis/factory.js';
import { runCell } from '../../../harness/cell/run-cell.js';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { loadAof } from '../../../engines/redis/persistence/aof.js';
import { syncCall } from '../../../engines/redis/persistence/keyspace-walk.js';
import { loadRdb } from '../../../engines/redis/persistence/rdb-reader.js';
import { parseCommands } from '../../../engines/redis/persistence/resp-commands.js';
import { dumpKeyspace, expectSameKeyspace } from './persistence/support/keyspace.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cachebench-factory-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('redis-style factory: persistence options', () => {
  it('a run with persistence=aof writes an AOF in the given dir and reports the capability', async () => {
    const r = await runCell({
      engine: { name: 'redis-style', options: { persistence: 'aof', appendfsync: 'everysec', dir } },
      workload: { name: 'kv', params: { keys: 200, ratio: '1:1' } },
      config: { requests: 2000, warmupMs: 0, seed: 4, concurrency: 1 },
    });
    expect(r.status).toBe('ok');
    expect(r.engine.capabilities).toContain('persistence');
    const files = readdirSync(dir);
    expect(files.some((f) => f.endsWith('.aof'))).toBe(true);
  });

  it('bad persistence options are refused before anything starts, naming the option', () => {
    expect(() => redisStyleFactory.validateOptions!({ persistence: 'sometimes' })).toThrow(/persistence.*none, rdb, aof/);
    expect(() => redisStyleFactory.validateOptions!({ appendfsync: 'always' })).toThrow(/appendfsync.*only applies/);
    expect(() => redisStyleFactory.validateOptions!({ persistence: 'aof', appendfsync: 'always' })).not.toThrow();
  });

  it('with 2 load threads the engine thread owns the files: the AOF (evictions included) replays to the final keyspace', async () => {
    const threadedDir = mkdtempSync(path.join(os.tmpdir(), 'cachebench-factory-persist-threads-'));
    try {
      const r = await runCell({
        // rdb+aof: the RDB saved on close is the engine's final keyspace, written by another path.
        // 2,000 keys of ~100 bytes do not fit in 100 kB: the engine thread evicts as it goes.
        engine: {
          name: 'redis-style',
          options: { persistence: 'rdb+aof', appendfsync: 'everysec', dir: threadedDir, maxmemory: 100_000, 'maxmemory-policy': 'allkeys-lru' },
        },
        workload: { name: 'kv', params: { keys: 2000, ratio: '1:1', dataSize: 32 } },
        config: { requests: 4000, warmupMs: 0, seed: 9, concurrency: 2, threads: 2 },
      });
      expect(r.status).toBe('ok');
      expect(r.engine.capabilities).toContain('persistence');
      const sets = r.ops['set']?.count ?? 0;
      expect(sets).toBeGreaterThan(1000);

      const aofFile = path.join(threadedDir, 'appendonly.aof');
      const rdbFile = path.join(threadedDir, 'dump.rdb');
      expect(existsSync(aofFile) && existsSync(rdbFile)).toBe(true);
      // Every measured SET of both threads is in the log (preload adds more).
      const commands = parseCommands(readFileSync(aofFile)).commands;
      expect(commands.filter((c) => c[0] === 'SET').length).toBeGreaterThanOrEqual(sets);
      // Evicted keys are logged as DEL (the workload itself never deletes).
      expect(commands.filter((c) => c[0] === 'DEL').length).toBeGreaterThan(100);

      const fromAof = new RedisStyleEngine();
      const fromRdb = new RedisStyleEngine();
      try {
        loadAof(aofFile, syncCall((a) => fromAof.redis.call(a)));
        loadRdb(rdbFile, syncCall((a) => fromRdb.redis.call(a)));
        const final = await dumpKeyspace((a) => fromRdb.redis.call(a), [0]);
        expect(final.size).toBeGreaterThan(100);
        expectSameKeyspace(await dumpKeyspace((a) => fromAof.redis.call(a), [0]), final, 50);
      } finally {
        fromAof.close();
        fromRdb.close();
      }
    } finally {
      rmSync(threadedDir, { recursive: true, force: true });
    }
  });

  it('with 2 load threads and no dir, the engine thread removes its scratch directory at the end', async () => {
    const before = new Set(readdirSync(os.tmpdir()).filter((f) => f.startsWith('cachebench-redis-style-')));
    const r = await runCell({
      engine: { name: 'redis-style', options: { persistence: 'aof' } },
      workload: { name: 'kv', params: { keys: 100 } },
      config: { requests: 500, warmupMs: 0, seed: 1, threads: 2 },
    });
    expect(r.status).toBe('ok');
    const after = readdirSync(os.tmpdir()).filter((f) => f.startsWith('cachebench-redis-style-') && !before.has(f));
    expect(after).toEqual([]);
  });
});
