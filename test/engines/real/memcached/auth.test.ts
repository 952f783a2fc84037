import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { memcachedFactory } from '../../../../engines/real/memcached/factory.js';
import { serverAvailable } from '../../../support/servers.js';

const THREAD = { index: 0, count: 1, isWorker: false };

describe.runIf(serverAvailable('memcached'))('memcached engine: text-protocol authentication (-Y)', () => {
  let server: ManagedServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cachebench-mcauth-'));
    const authFile = path.join(dir, 'auth');
    writeFileSync(authFile, 'bench:s3cret\n');
    server = await startMemcached({ threads: 1, extraArgs: ['-Y', authFile] });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the version even though the server refuses commands before login', () => {
    expect(server.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('logs in with the URL credentials and then serves commands', async () => {
    const engine = await memcachedFactory.create({ url: `memcached://bench:s3cret@127.0.0.1:${server.port}` }, undefined, THREAD);
    try {
      await engine.kv.set('auth:k', 'v');
      expect(await engine.kv.get('auth:k')).toBe('v');
      expect(engine.info.version).toBe(server.version);
    } finally {
      await engine.close();
    }
  });

  it('wrong credentials fail to connect with the server named', async () => {
    await expect(
      memcachedFactory.create({ url: `memcached://bench:wrong@127.0.0.1:${server.port}`, timeoutMs: 1000 }, undefined, THREAD),
    ).rejects.toThrow(new RegExp(`cannot use memcached at 127\\.0\\.0\\.1:${server.port}`));
  });
});
