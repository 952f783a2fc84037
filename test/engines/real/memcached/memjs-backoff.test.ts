/**
 * memjs against a memcached that went away: operations back off (50 ms doubling to 2 s) instead
 * of failing as fast as the loop issues them. The bound below follows from the backoff schedule
 * alone (lanes × windows in the period), so a slower machine only makes the count smaller.
 */
import { describe, expect, it } from 'vitest';
import { startMemcached } from '../../../../engines/real/managed/index.js';
import { MemjsKv } from '../../../../engines/real/memcached/memjs-client.js';
import { serverAvailable } from '../../../support/servers.js';

describe.runIf(serverAvailable('memcached'))('memjs reconnect backoff', () => {
  it('a dead server costs a bounded number of failures, not one per loop turn', async () => {
    const server = await startMemcached({ threads: 1 });
    const kv = new MemjsKv({ servers: [{ host: server.host, port: server.port }] }, { connections: 1, timeoutMs: 1000 });
    try {
      await kv.set('k', 'v');
      expect(await kv.get('k')).toBe('v');
      await server.stop();
      const lanes = 20;
      const periodMs = 700;
      let failures = 0;
      const end = Date.now() + periodMs;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (Date.now() < end) {
            try {
              await kv.get('k');
            } catch {
              failures++;
            }
          }
        }),
      );
      // Windows of 50, 100, 200, 400 ms fit in 700 ms: at most ~5 tries per lane (+1 for the first failure).
      expect(failures).toBeGreaterThan(0);
      expect(failures).toBeLessThanOrEqual(lanes * 7);
    } finally {
      await kv.close();
      await server.stop();
    }
  }, 30_000);
});
