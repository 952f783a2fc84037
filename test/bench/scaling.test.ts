/**
 * bench/scaling writes the JSON the report charts (ops/s against threads, one line per engine).
 * This checks the shape and that every point measured something — not how fast anything is.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { distUrl } from '../../shared/dist-url.js';

const run = promisify(execFile);

describe('bench/scaling', () => {
  it('writes cachebench.scaling JSON with a point per engine and thread count', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scaling-'));
    try {
      const out = path.join(dir, 'scaling.json');
      const script = distUrl('bench/scaling.js').pathname;
      const { stdout } = await run(process.execPath, [script, '--duration-ms', '150', '--rounds', '1', '--max-threads', '2', '--keys', '200', '--engines', 'memcached-style,map-ceiling', '--json', out], { timeout: 60_000 });
      expect(stdout).toMatch(/memcached-style 1 thread \/ Map loop 1 thread: [\d.]+×/);
      const json = JSON.parse(await readFile(out, 'utf8'));
      expect(json).toMatchObject({ schemaVersion: 1, kind: 'cachebench.scaling' });
      expect(json.env.node).toBe(process.version);
      const points = json.points as { engine: string; threads: number; opsPerSec: number }[];
      expect(points.map((p) => `${p.engine}@${p.threads}`)).toEqual(['memcached-style@1', 'memcached-style@2', 'map-ceiling@1', 'map-ceiling@2']);
      for (const p of points) expect(p.opsPerSec).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('compares the engine thread (2 client threads × lanes) with the in-process engine, quiet and loaded', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scaling-fair-'));
    try {
      const out = path.join(dir, 'scaling.json');
      const script = distUrl('bench/scaling.js').pathname;
      const args = ['--only', 'fair', '--driver', 'bare', '--duration-ms', '150', '--rounds', '1', '--keys', '200', '--lanes', '8', '--load-threads', '1', '--json', out];
      const { stdout } = await run(process.execPath, [script, ...args], { timeout: 60_000 });
      expect(stdout).toMatch(/bare loops \(no recording\), lanes 2×8 \/ direct calls: quiet [\d.]+×, loaded [\d.]+×/);
      const json = JSON.parse(await readFile(out, 'utf8'));
      const points = json.engineThread as { condition: string; driver: string; laneSpinUs: number | null; opsPerSec: number; cpuShare: number }[];
      expect(points.map((p) => `${p.condition} ${p.laneSpinUs === null ? 'in-process' : 'engine thread'}`).sort()).toEqual([
        'loaded engine thread',
        'loaded in-process',
        'quiet engine thread',
        'quiet in-process',
      ]);
      for (const p of points) {
        expect(p.opsPerSec).toBeGreaterThan(0);
        expect(p.cpuShare).toBeGreaterThan(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad arguments naming the flag and what it allows', async () => {
    const script = distUrl('bench/scaling.js').pathname;
    await expect(run(process.execPath, [script, '--engines', 'redis'])).rejects.toMatchObject({
      stderr: expect.stringMatching(/--engines: 'redis' is not one of memcached-style, redis-style, map-ceiling/),
    });
  });
});
