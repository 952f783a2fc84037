import { describe, expect, test } from 'vitest';
import { hashObjectsWorkload } from '../../../workloads/scenarios/hash-objects.js';
import { DropEveryTenthWrite } from './support/drop-writes.js';
import { ENGINE_TARGETS, expectChecksPassed, figure, openInProcessEngine, runScenarioCell, targetReady } from './support/engines.js';
import { failedChecks, runScenario } from './support/run-scenario.js';
import { requirePairing } from '../../../workloads/pairing.js';

describe('hash objects', () => {
  for (const target of ENGINE_TARGETS) {
    test.skipIf(!targetReady(target))(`on ${target.name}: every object equals the model`, async () => {
      const result = await runScenarioCell(target.name, 'hash-objects', { objects: 200 });
      expectChecksPassed(result);
      expect(result.ops['blob-read']!.count).toBeGreaterThan(0);
      expect(result.ops['blob-update']!.count).toBeGreaterThan(0);
      if (target.family === 'redis') {
        // Both layouts side by side in one run.
        expect(result.workload.mode).toBe('native');
        expect(result.ops['hash-read']!.count).toBeGreaterThan(0);
        expect(result.ops['hash-update']!.count).toBeGreaterThan(0);
      } else {
        expect(result.workload.mode).toMatch(/^emulated: whole-object JSON blobs only/);
        expect(result.ops['hash-read']?.count ?? 0).toBe(0);
      }
      // A blob read moves the whole object: ten 20-byte fields and JSON around them.
      expect(figure(result, 'meanBlobBytes')).toBeGreaterThan(10 * 20);
      expect(figure(result, 'blobBytesPerFieldByte')).toBeGreaterThan(10);
    });
  }

  test('layout=hash is refused on the memcached family', () => {
    expect(() =>
      hashObjectsWorkload.create(hashObjectsWorkload.resolveParams({ layout: 'hash' }), {
        rng: undefined as never,
        seed: 1,
        threadIndex: 0,
        threadCount: 1,
        family: 'memcached',
        capabilities: new Set(['strings']),
        mode: requirePairing(hashObjectsWorkload, { name: 'memcached-style', family: 'memcached', capabilities: ['strings'] }),
      }),
    ).toThrow(/needs hashes/);
  });

  for (const name of ['redis-style', 'memcached-style'] as const) {
    test(`the model checks fail on ${name} when every tenth write is dropped`, async () => {
      const { engine, close } = await openInProcessEngine(name);
      try {
        const good = await runScenario(engine, hashObjectsWorkload, { params: { objects: 100 }, threads: 2, steps: 200, concurrency: 2 });
        expect(failedChecks(good)).toEqual([]);
        await engine.flush();
        const bad = await runScenario(new DropEveryTenthWrite(engine), hashObjectsWorkload, { params: { objects: 100 }, threads: 2, steps: 200, concurrency: 2 });
        expect(failedChecks(bad).join('\n')).toMatch(/every object equals the model: \d+ of \d+ objects differ/);
      } finally {
        await close();
      }
    });
  }
});
