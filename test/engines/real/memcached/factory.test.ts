import { describe, expect, it } from 'vitest';
import { runCell } from '../../../../harness/cell/run-cell.js';
import { serverAvailable } from '../../../support/servers.js';

describe.runIf(serverAvailable('memcached'))('memcached-server engine through the harness', () => {
  for (const client of ['text', 'memjs'] as const) {
    it(`${client}: a run records the server version, facts and stats deltas beside the client figures`, async () => {
      const result = await runCell({
        engine: { name: 'memcached-server', options: { threads: 2, memoryMb: 32, client } },
        workload: { name: 'kv', params: { keys: 500 } },
        config: { durationMs: 500, warmupMs: 0, concurrency: 8 },
      });
      expect(result.errors).toEqual({});
      expect(result.engine).toMatchObject({ name: 'memcached-server', location: 'managed', family: 'memcached' });
      expect(result.engine.facts).toMatchObject({ threads: 2, memoryMb: 32, version: result.engine.version });
      const { after, delta } = result.engine.stats!;
      expect(after['threads']).toBe(2);
      expect(after['limit_maxbytes']).toBe(32 * 1024 * 1024);
      // At most the 8 operations in flight at the end are counted by the server only.
      const gets = result.ops['get']!.count;
      const sets = result.ops['set']!.count;
      expect(delta['get_hits']).toBeGreaterThanOrEqual(gets);
      expect(delta['cmd_set']).toBeGreaterThanOrEqual(sets);
      expect(delta['get_hits']! + delta['cmd_set']!).toBeLessThanOrEqual(gets + sets + 8);
    });
  }
});
