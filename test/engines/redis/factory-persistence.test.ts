import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redisStyleFactory } from '../../../engines/redis/factory.js';
import { runCell } from '../../../harness/runner/run-cell.js';

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

  it('persistence with several load threads is refused with a clear message', async () => {
    await expect(
      runCell({
        engine: { name: 'redis-style', options: { persistence: 'aof' } },
        workload: { name: 'kv', params: { keys: 100 } },
        config: { requests: 100, warmupMs: 0, seed: 1, threads: 2 },
      }),
    ).rejects.toThrow(/one load thread only/);
    expect(existsSync(dir)).toBe(true);
  });
});
