/**
 * What the experiment relies on in the managed servers: `keepDir` leaves a stopped (or
 * killed) server's data directory in place, and `dir` starts a new server on it, which loads
 * what the old one persisted; that second server removes the directory when it stops.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startRedisServer } from '../../../engines/real/managed/index.js';
import { RespClient } from '../../../engines/real/resp/index.js';
import { serverAvailable } from '../../support/servers.js';

describe.runIf(serverAvailable('redis-server'))('restarting redis-server on a kept data directory', () => {
  it('keeps the directory through SIGKILL and restarts on it', async () => {
    const first = await startRedisServer({ persistence: 'aof', appendfsync: 'always', keepDir: true });
    const a = new RespClient({ host: first.host, port: first.port });
    await a.set('survivor', 'yes');
    await a.close();
    first.kill('SIGKILL');
    await first.stop();
    expect(existsSync(first.dir)).toBe(true);

    const second = await startRedisServer({ persistence: 'aof', dir: first.dir });
    expect(second.dir).toBe(first.dir);
    const b = new RespClient({ host: second.host, port: second.port });
    expect(await b.get('survivor')).toBe('yes');
    await b.close();
    await second.stop();
    expect(existsSync(first.dir)).toBe(false);
  }, 20_000);

  it('refuses a directory that does not exist, naming it', async () => {
    await expect(startRedisServer({ dir: '/nonexistent/cachebench-dir' })).rejects.toThrow(/dir: '\/nonexistent\/cachebench-dir' does not exist/);
  });
});
