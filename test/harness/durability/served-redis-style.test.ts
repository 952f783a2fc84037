/**
 * Durability of the served redis-style engine (`cachebench serve`, killed as a process group):
 * under aof-always every acknowledged write survives SIGKILL after SIGKILL on the same data
 * directory; and the experiment puts the served engine and redis-server in one result.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RespClient } from '../../../engines/real/resp/index.js';
import { runDurability } from '../../../harness/durability/experiment.js';
import { startTarget } from '../../../harness/durability/targets.js';
import { durabilityToTable } from '../../../reports/durability.js';
import { serverAvailable } from '../../support/servers.js';

describe('served redis-style durability', () => {
  it('aof-always: nothing acknowledged is lost across three SIGKILLs', async () => {
    let target = await startTarget('redis-style', 'aof-always');
    const dir = target.dir;
    const acked: string[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        const client = new RespClient({ host: target.host, port: target.port, connections: 1, timeoutMs: 5000 });
        await client.whenReady();
        // Everything acknowledged so far is there after the restart.
        if (acked.length > 0) {
          const values = (await client.call(['MGET', ...acked])) as (string | null)[];
          expect(values.filter((v, i) => v !== `v-${acked[i]}`)).toEqual([]);
        }
        // Writes in flight when the kill comes: only the acknowledged ones are counted.
        const inFlight: Promise<void>[] = [];
        let stop = false;
        for (let lane = 0; lane < 4; lane++) {
          inFlight.push(
            (async () => {
              for (let i = 0; !stop; i++) {
                const key = `r${round}:l${lane}:${i}`;
                try {
                  await client.call(['SET', key, `v-${key}`]);
                  acked.push(key);
                } catch {
                  return;
                }
              }
            })(),
          );
        }
        await new Promise((r) => setTimeout(r, 300));
        target.kill('SIGKILL');
        stop = true;
        await Promise.all(inFlight);
        await client.close();
        await new Promise((r) => setTimeout(r, 100));
        target = await startTarget('redis-style', 'aof-always', dir);
      }
      expect(acked.length).toBeGreaterThan(10);
      const client = new RespClient({ host: target.host, port: target.port, connections: 1, timeoutMs: 5000 });
      const values = (await client.call(['MGET', ...acked])) as (string | null)[];
      expect(values.filter((v, i) => v !== `v-${acked[i]}`)).toEqual([]);
      await client.close();
    } finally {
      await target.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(serverAvailable('redis-server'))('one experiment, both engines, one table', async () => {
    const result = await runDurability({
      modes: ['aof-always'],
      engines: ['redis-style', 'redis-server'],
      writes: null,
      durationMs: null,
      killAfterMs: 300,
      inFlight: 4,
      valueBytes: 16,
      keyPrefix: 'durability:',
      seed: 7,
      timeoutMs: 5000,
    });
    expect(result.modes.map((m) => [m.engine, m.mode])).toEqual([['redis-style', 'aof-always'], ['redis-server', 'aof-always']]);
    for (const m of result.modes) {
      expect(m.acked).toBeGreaterThan(0);
      expect(m.lost).toBe(0);
      expect(m.serverConfig.appendfsync).toBe('always');
    }
    expect(result.engineVersions?.['redis-style']).toBe('7.0.15-cachebench');
    const table = durabilityToTable(result);
    expect(table.split('\n')[0]).toMatch(/^engine\s+mode\s+writes\/s/);
    expect(table).toMatch(/^redis-style\s+aof-always/m);
  });
});
