/**
 * Thread safety of the shared store: several worker threads drive one SharedArrayBuffer store
 * at once (through support/stress-worker.ts) and the results must be exact —
 * counters end at N·M, no reader ever sees a torn or foreign value, every add race has exactly
 * one winner, and the consistency walk finds nothing wrong after churn under memory pressure.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openMemcachedStyle, type MemcachedStyleEngine } from '../../../engines/memcached/engine.js';
import { testWorkerUrl } from '../../support/worker-url.js';
import type { StressReport, StressScenario, StressWorkerData } from './support/stress-worker.js';
import { checkValue } from './support/stress-worker.js';
import { H } from '../../../engines/memcached/layout.js';

const THREADS = 4;

async function runWorkers(
  engine: MemcachedStyleEngine,
  scenario: StressScenario,
  opts: { threads?: number; count: number; keys: number; seed?: number },
): Promise<StressReport[]> {
  const threads = opts.threads ?? THREADS;
  const barrier = new SharedArrayBuffer(8);
  const url = testWorkerUrl('test/engines/memcached/support/stress-worker.js');
  const reports = Array.from({ length: threads }, (_, threadIndex) => {
    const data: StressWorkerData = {
      payload: engine.payload,
      scenario,
      threadIndex,
      threads,
      count: opts.count,
      keys: opts.keys,
      seed: opts.seed ?? 7,
      barrier,
    };
    const worker = new Worker(url, { workerData: data });
    return new Promise<StressReport>((resolve, reject) => {
      const fail = (err: Error): void => {
        failure ??= err;
        reject(err);
      };
      worker.once('message', (r: StressReport) => resolve(r));
      worker.once('error', fail);
      worker.once('exit', (code) => {
        if (code !== 0) fail(new Error(`stress worker ${threadIndex} exited with ${code}`));
      });
    });
  });
  let failure: Error | null = null;
  // Release everyone together once all threads are attached and waiting.
  const w = new Int32Array(barrier);
  const deadline = Date.now() + 30_000;
  while (Atomics.load(w, 0) < threads) {
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(`stress workers did not reach the start barrier (${Atomics.load(w, 0)} of ${threads})`);
    await new Promise((r) => setTimeout(r, 5));
  }
  Atomics.store(w, 1, 1);
  Atomics.notify(w, 1);
  return Promise.all(reports);
}

describe('memcached-style store shared by worker threads', () => {
  it('N threads × M incr on a few hot keys end at exactly N·M', async () => {
    const engine = openMemcachedStyle({ memoryMb: 4 });
    const hotKeys = 3;
    for (let k = 0; k < hotKeys; k++) engine.kv.set(`hot${k}`, '0');
    const perThread = 60_000;
    const reports = await runWorkers(engine, 'incr', { count: perThread, keys: hotKeys });
    expect(reports.map((r) => r.failures)).toEqual(new Array(THREADS).fill(0));
    let total = 0;
    for (let k = 0; k < hotKeys; k++) total += Number(engine.kv.get(`hot${k}`));
    expect(total).toBe(THREADS * perThread);
    // Each key got its exact share: ops are spread round-robin in every thread.
    for (let k = 0; k < hotKeys; k++) {
      const share = Array.from({ length: perThread }, (_, i) => i).filter((i) => i % hotKeys === k).length * THREADS;
      expect(Number(engine.kv.get(`hot${k}`))).toBe(share);
    }
    expect(engine.stats()['incr_hits']).toBe(THREADS * perThread);
    expect(engine.verify().problems).toEqual([]);
  });

  it('concurrent set/get of self-checking values never returns a torn or foreign value', async () => {
    const engine = openMemcachedStyle({ memoryMb: 16 });
    const reports = await runWorkers(engine, 'selfcheck', { count: 80_000, keys: 64 });
    const hits = reports.reduce((s, r) => s + r.hits, 0);
    expect(hits).toBeGreaterThan(10_000); // the readers really raced the writers
    expect(reports.map((r) => r.firstProblem)).toEqual(new Array(THREADS).fill(null));
    expect(reports.reduce((s, r) => s + r.torn + r.foreign, 0)).toBe(0);
    for (let k = 0; k < 64; k++) {
      const v = engine.kv.get(`sc${k}`) as string | null;
      if (v !== null) expect(checkValue(`sc${k}`, v)).toBeNull();
    }
    expect(engine.verify().problems).toEqual([]);
  });

  it('the hash table doubles while threads insert and read: no key lost, no value damaged, verify() clean', async () => {
    // 2^10 buckets at start; 4 × 12,000 items need five doublings (over 1.5 items a bucket).
    const engine = openMemcachedStyle({ memoryMb: 16, hashPower: 10, lockPower: 6 });
    expect(engine.stats()['hash_power_level']).toBe(10);
    const perThread = 12_000;
    const reports = await runWorkers(engine, 'grow', { count: perThread, keys: 0 });
    expect(reports.map((r) => r.firstProblem)).toEqual(new Array(THREADS).fill(null));
    expect(reports.reduce((s, r) => s + r.failures + r.torn, 0)).toBe(0);
    expect(reports.reduce((s, r) => s + r.hits, 0)).toBe(THREADS * perThread);
    const stats = engine.stats();
    expect(stats['curr_items']).toBe(THREADS * perThread);
    expect(stats['evictions']).toBe(0);
    expect(Number(stats['hash_power_level'])).toBeGreaterThanOrEqual(15);
    expect(stats['hash_bytes']).toBe(4 * 2 ** Number(stats['hash_power_level']));
    expect(engine.mem.i32[H.expansions]).toBeGreaterThanOrEqual(5);
    expect(engine.verify().problems).toEqual([]);
    for (let t = 0; t < THREADS; t++) {
      for (let i = 0; i < perThread; i++) {
        const key = `g${t}:${i}`;
        const v = engine.kv.get(key) as string | null;
        if (v === null || checkValue(key, v) !== null) throw new Error(`${key} lost or damaged after the expansion: ${String(v)}`);
      }
    }
  });

  it.each(['flat', 'segmented'] as const)('concurrent churn under memory pressure evicts and leaves verify() clean (lru=%s)', async (lru) => {
    const engine = openMemcachedStyle({ memoryMb: 6, lru });
    const reports = await runWorkers(engine, 'churn', { count: 40_000, keys: 20_000 });
    expect(reports.map((r) => r.firstProblem)).toEqual(new Array(THREADS).fill(null));
    const stats = engine.stats();
    expect(stats['evictions'] as number).toBeGreaterThan(0);
    expect(stats['total_malloced']).toBeLessThanOrEqual(6 * 1024 * 1024);
    const report = engine.verify();
    expect(report.problems).toEqual([]);
    expect(report.linkedItems).toBe(stats['curr_items']);
  });

  it('gets + cas read-modify-write loops lose no update', async () => {
    const engine = openMemcachedStyle({ memoryMb: 4 });
    const keys = 2;
    for (let k = 0; k < keys; k++) engine.kv.set(`casctr${k}`, '0');
    const perThread = 5_000;
    const reports = await runWorkers(engine, 'casloop', { count: perThread, keys });
    expect(reports.map((r) => r.firstProblem)).toEqual(new Array(THREADS).fill(null));
    let total = 0;
    for (let k = 0; k < keys; k++) total += Number(engine.kv.get(`casctr${k}`));
    expect(total).toBe(THREADS * perThread);
    // The threads really collided: some cas calls answered EXISTS and were retried.
    expect(reports.reduce((s, r) => s + r.misses, 0)).toBeGreaterThan(0);
    expect(engine.stats()['cas_badval']).toBe(reports.reduce((s, r) => s + r.misses, 0));
  });

  it('add races: exactly one thread wins each key, and its value is the one stored', async () => {
    const engine = openMemcachedStyle({ memoryMb: 8 });
    const keys = 20_000;
    const reports = await runWorkers(engine, 'addrace', { count: keys, keys });
    const winners = new Map<number, number>();
    for (const r of reports) {
      for (const k of r.wins) {
        expect(winners.has(k), `key race${k} won twice`).toBe(false);
        winners.set(k, r.threadIndex);
      }
    }
    expect(winners.size).toBe(keys);
    // More than one thread won something: the race was real, not serialised by start-up.
    expect(new Set(winners.values()).size).toBeGreaterThan(1);
    for (const [k, t] of winners) expect(engine.kv.get(`race${k}`)).toBe(`t${t}`);
    expect(engine.verify().problems).toEqual([]);
  });
});
