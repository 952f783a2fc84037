/**
 * The lean driver's slot router against a real three-master Redis Cluster that is resharded
 * while it runs (test/support/cluster-slots.ts): MOVED and ASK replies really occur and are
 * followed on every path — generic calls, the typed kv Promises (the first test) and the
 * callback lanes of the closed and the open loop (the runs) — with
 * ASKING on the connection of the command it allows; a run through a resharding counts no
 * error and reports the redirects it followed. One cluster for the whole file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type ManagedCluster } from '../../../../engines/real/managed/index.js';
import { RespClusterClient } from '../../../../engines/real/resp/cluster-client.js';
import { keySlot } from '../../../../engines/real/resp/slots.js';
import { runCell } from '../../../../harness/cell/run-cell.js';
import type { RunResult } from '../../../../shared/result-types.js';
import { ClusterAdmin } from '../../../support/cluster-slots.js';
import { PROJECT_ROOT } from '../../../../shared/dist-url.js';
import { serverAvailable } from '../../../support/servers.js';

const validate = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true } }).compile(
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'shared/run-result.schema.json'), 'utf8')),
);

const available = serverAvailable('redis-server') && serverAvailable('redis-cli');

describe.runIf(available)('RespClusterClient on a cluster being resharded', () => {
  let cluster: ManagedCluster;
  let admin: ClusterAdmin;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    admin = await ClusterAdmin.open(cluster);
  }, 60_000);
  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  const seeds = (): { host: string; port: number }[] => [{ host: '127.0.0.1', port: cluster.nodes[0]!.port }];

  it('ASK with four connections per node: one ASK per command, never bounced back (ASKING shares its connection); then one MOVED updates the table', async () => {
    const client = new RespClusterClient({ seeds: seeds(), connections: 12 }); // 12 in all: 4 per master
    try {
      await client.whenReady();
      const key = 'redirect:ask:{one}';
      const other = 'redirect:ask:{one}:absent';
      const slot = keySlot(key);
      await client.set(key, 'v');
      const { from, to, keys } = await admin.beginMigration(slot);
      expect(keys).toBe(1);

      // The key left the source: every command on it is answered ASK and must succeed in one hop.
      const n = 40;
      const gets = await Promise.all(Array.from({ length: n }, () => client.get(key)));
      const calls = await Promise.all(Array.from({ length: n }, () => client.call(['GET', key])));
      const lengths = await Promise.all(
        Array.from({ length: 8 }, (_, lane) => new Promise((resolve, reject) => client.lanes.getLength(lane, key, resolve, reject))),
      );
      expect(new Set(gets)).toEqual(new Set(['v']));
      expect(new Set(calls)).toEqual(new Set(['v']));
      expect(lengths).toEqual(Array(8).fill(1));
      // A write of an absent key in a migrating slot is sent to the target as well.
      await client.set(other, 'w');
      expect(await admin.on(to, 'ASKING').then(() => admin.on(to, 'EXISTS', other))).toBe(1);
      expect(client.redirects).toEqual({ moved: 0, ask: 2 * n + 8 + 1, tryagain: 0 });

      await admin.endMigration(slot, from, to);
      expect(await client.get(key)).toBe('v');
      expect(client.redirects.moved).toBe(1);
      // The table now points at the new owner: no further redirects.
      await Promise.all(Array.from({ length: n }, () => client.get(key)));
      expect(client.redirects).toEqual({ moved: 1, ask: 2 * n + 8 + 1, tryagain: 0 });
    } finally {
      await client.close();
    }
  }, 30_000);

  it('TRYAGAIN: a multi-key command caught half way through its slot migration is resent until the migration ends, then answered whole', async () => {
    const client = new RespClusterClient({ seeds: seeds(), connections: 3 });
    try {
      await client.whenReady();
      const [a, b] = ['tryagain:{pair}:a', 'tryagain:{pair}:b'];
      const slot = keySlot(a);
      await client.call(['MSET', a, '1', b, '2']);
      // a moved, b not yet: the source answers MGET with -TRYAGAIN (it has b, not a).
      const { from, to, keys } = await admin.beginMigration(slot, [a]);
      expect(keys).toBe(1);
      expect(String(await admin.on(from, 'MGET', a, b).catch((err: Error) => err.message))).toMatch(/TRYAGAIN/);
      const reply = client.call(['MGET', a, b]);
      await new Promise((r) => setTimeout(r, 150));
      await admin.endMigration(slot, from, to);
      expect(await reply).toEqual(['1', '2']);
      expect(client.redirects.tryagain).toBeGreaterThan(0);
      // The last resend meets either the ended migration (MOVED to the new owner) or, while
      // endMigration moves the remaining key, a source that has neither key (ASK): one of them.
      expect(client.redirects.moved + client.redirects.ask).toBe(1);
    } finally {
      await client.close();
    }
  }, 30_000);

  /** A kv run on 64 keys while their slots move one after another; the migrations made during the measured phase. */
  async function runWhileResharding(config: Record<string, unknown>): Promise<{ r: RunResult; moved: number }> {
    const slots = [...new Set(Array.from({ length: 64 }, (_, i) => keySlot(`reshard:${i}`)))];
    let stop = false;
    let migrations: Promise<number> = Promise.resolve(0);
    const reshard = async (): Promise<number> => {
      let moved = 0;
      for (const slot of slots) {
        if (stop) break;
        await admin.migrateSlot(slot, 120);
        moved++;
      }
      return moved;
    };
    const r = await runCell(
      {
        engine: { name: 'redis', options: { url: cluster.url, client: 'resp', connections: 2 } },
        workload: { name: 'kv', params: { keys: 64, keyPrefix: 'reshard:', ratio: '1:1' } },
        config: { durationMs: 2500, warmupMs: 0, seed: 21, ...config },
      },
      {
        onPhase: (phase) => {
          if (phase === 'measure') migrations = reshard();
          if (phase === 'check') stop = true;
        },
      },
    );
    stop = true;
    return { r, moved: await migrations };
  }

  it('a closed-loop run on the callback lanes through a resharding: zero errors, MOVED and ASK counted as redirects', async () => {
    const { r, moved } = await runWhileResharding({ concurrency: 8 });
    expect(moved).toBeGreaterThan(2);
    expect(r.errors).toEqual({});
    expect(r.summary.errors).toBe(0);
    expect(r.summary.ops).toBeGreaterThan(500);
    expect(r.engine.client!['movedRedirects']).toBeGreaterThan(0);
    expect(r.engine.client!['askRedirects']).toBeGreaterThan(0);
    expect(r.checks.every((c) => c.passed), JSON.stringify(r.checks)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true);
  }, 40_000);

  it('an open-loop run (the open loop\'s callback lanes) through a resharding: zero errors, MOVED and ASK counted', async () => {
    const { r, moved } = await runWhileResharding({ loop: 'open', rate: 3000 });
    expect(moved).toBeGreaterThan(2);
    expect(r.errors).toEqual({});
    expect(r.summary.errors).toBe(0);
    expect(r.engine.client!['movedRedirects']).toBeGreaterThan(0);
    expect(r.engine.client!['askRedirects']).toBeGreaterThan(0);
  }, 40_000);
});
