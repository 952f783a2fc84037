/**
 * `cachebench serve`: bad flags and engine options are refused before anything starts (naming
 * the flag and the allowed values); the served engine runs as a process and stops cleanly on
 * SIGTERM with its AOF synced, so a restart on the same directory has every write.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { servePlanFrom } from '../../../harness/cli/serve/handler.js';
import { RawClient } from '../../engines/protocol/support/raw-client.js';
import { startServe } from '../../support/serve-process.js';

describe('cachebench serve', () => {
  it('validates every flag before starting, naming it and what is allowed', () => {
    expect(() => servePlanFrom({})).toThrow("invalid --engine: got ''; expected redis-style or memcached-style");
    expect(() => servePlanFrom({ engine: 'redis-style', port: '70000' })).toThrow(/invalid --port: got '70000'; expected an integer from 0/);
    expect(() => servePlanFrom({ engine: 'redis-style', threads: '2' })).toThrow(/invalid --threads: only for memcached-style/);
    expect(() => servePlanFrom({ engine: 'redis-style', engineOpt: ['persistence=fast'] })).toThrow(
      /invalid --engine-opt: redis-style option 'persistence': 'fast' is not one of none, rdb, aof-no, aof-everysec, aof-always/,
    );
    expect(() => servePlanFrom({ engine: 'redis-style', engineOpt: ['maxmemory-policy=lifo'] })).toThrow(/invalid --engine-opt: .*maxmemory-policy/);
    expect(() => servePlanFrom({ engine: 'redis-style', queryBufferLimit: 'lots' })).toThrow(/invalid --query-buffer-limit: got 'lots'/);
    expect(() => servePlanFrom({ engine: 'memcached-style', requirepass: 'x' })).toThrow(/invalid --requirepass: only for redis-style/);
    expect(() => servePlanFrom({ engine: 'memcached-style', engineOpt: ['memoryMb=0'] })).toThrow(/invalid --engine-opt: memcached-style option memoryMb/);
    const plan = servePlanFrom({ engine: 'redis-style', engineOpt: ['persistence=aof-always', 'dir=data'] });
    expect(plan).toMatchObject({ port: 6379, bind: '127.0.0.1', engineOptions: { persistence: 'aof-always', dir: path.resolve('data') } });
  });

  it('aof-always: a pipelined read is one group commit (one fdatasync), acknowledged only after it, and survives SIGKILL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-serve-'));
    try {
      const opts = ['--engine', 'redis-style', '--engine-opt', 'persistence=aof-always', '--engine-opt', `dir=${dir}`];
      const first = await startServe(opts);
      const c = await RawClient.connect(first.port);
      const fsyncs = async (): Promise<number> => Number(/aof_fsyncs:(\d+)/.exec(await c.exchange('INFO persistence\r\n', '\r\n\r\n'))![1]);
      const before = await fsyncs();
      let batch = '';
      for (let i = 0; i < 16; i++) batch += `SET g${i} ${i}\r\n`;
      expect(await c.exchange(batch, '+OK\r\n', 16)).toBe('+OK\r\n'.repeat(16));
      const after = await fsyncs();
      // 16 writes in one read: one fdatasync (two if the kernel split the read), never 16.
      expect(after - before).toBeGreaterThanOrEqual(1);
      expect(after - before).toBeLessThanOrEqual(2);
      first.child.kill('SIGKILL');
      await first.exited;
      c.close();
      const second = await startServe(opts);
      const d = await RawClient.connect(second.port);
      expect(await d.exchange('MGET g0 g7 g15\r\n', '\r\n', 7)).toBe('*3\r\n$1\r\n0\r\n$1\r\n7\r\n$2\r\n15\r\n');
      d.send('SHUTDOWN\r\n');
      expect(await second.exited).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves redis-style as a process; SIGTERM stops it cleanly and a restart loads the AOF', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-serve-'));
    try {
      const opts = ['--engine', 'redis-style', '--engine-opt', 'persistence=aof-everysec', '--engine-opt', `dir=${dir}`];
      const first = await startServe(opts);
      const c = await RawClient.connect(first.port);
      expect(await c.exchange('SET a 1\r\nRPUSH l x y\r\nZADD z 2 m\r\n', '\r\n', 3)).toBe('+OK\r\n:2\r\n:1\r\n');
      c.close();
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.stderr()).toContain('stopped (SIGTERM)');
      const second = await startServe(opts);
      const d = await RawClient.connect(second.port);
      expect(await d.exchange('GET a\r\nLRANGE l 0 -1\r\nZSCORE z m\r\n', '\r\n', 8)).toBe('$1\r\n1\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\n2\r\n');
      d.send('SHUTDOWN\r\n');
      expect(await second.exited).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
