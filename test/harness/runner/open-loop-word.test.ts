/**
 * The open loop keeps its word against a real redis-server: the measured phase ends at its
 * duration whatever the rate (what could not be sent is counted as missed), a modest rate is
 * not called saturated, and a stopped server shows in corrected latency without being blamed
 * on the load generator; with `--clients C --pipeline P` (sent through the callback lanes, no
 * Promise per operation) it keeps the shape: C connections, never more than P outstanding on
 * one, every sent operation counted once. Bounds are generous: the machine running the tests
 * may be shared. The tests run one after another (one file): the shape test runs flat out,
 * which would disturb the modest-rate test's saturation verdict if they overlapped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import { runCell, type CellSpec } from '../../../harness/cell/run-cell.js';
import { serverAvailable } from '../../support/servers.js';
import { CountingProxy, redisCommandCalls } from '../../support/resp-counting-proxy.js';

const ready = serverAvailable('redis-server');

describe.skipIf(!ready)('open loop against redis-server', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  function cell(rate: number, durationMs: number, timeoutMs: number): CellSpec {
    return {
      engine: { name: 'redis', options: { url: server.url, connections: 4 } },
      workload: { name: 'kv', params: { keys: 1000, ratio: '1:4' } },
      config: { rate, durationMs, warmupMs: 0, timeoutMs, seed: 5 },
    };
  }

  it('an impossible rate (1e12 ops/s) ends within duration + timeout + 1 s and counts what it missed', async () => {
    let measureAt = 0;
    let checkAt = 0;
    const result = await runCell(cell(1e12, 1000, 2000), {
      onPhase: (phase, d) => {
        if (phase === 'measure') measureAt = d.atEpochMs;
        if (phase === 'check') checkAt = d.atEpochMs;
      },
    });
    expect(checkAt - measureAt).toBeLessThan(1000 + 2000 + 1000);
    // The measured window is the schedule's: 1 s plus at most the lag threshold's grace.
    expect(result.timing.measuredMs).toBeGreaterThanOrEqual(999);
    expect(result.timing.measuredMs).toBeLessThanOrEqual(1000 + result.openLoop!.lateThresholdNs / 1e6 + 1);
    expect(result.openLoop!.missed).toBeGreaterThan(1e9);
    expect(result.openLoop!.saturated).toBe(true);
    expect(result.summary.ops).toBeGreaterThan(0);
    expect(result.statusReasons.some((r) => /load generator saturated/.test(r))).toBe(true);
    expect(result.statusReasons.some((r) => /not sent \(missed\)/.test(r))).toBe(true);
    expect(result.openLoop!.lateThresholdMethod).toMatch(/measured before the run/);
  });

  it('a modest rate is not reported as saturation and misses nothing', async () => {
    const result = await runCell(cell(2000, 1500, 2000));
    expect(result.openLoop!.saturated).toBe(false);
    expect(result.openLoop!.missed).toBe(0);
    expect(result.summary.errors).toBe(0);
    expect(result.summary.ops).toBeGreaterThan(2000 * 1.5 * 0.9);
    expect(result.status).toBe('ok');
  });

  it('a SIGSTOPped server shows in corrected latency and is not generator saturation', async () => {
    const stallMs = 600;
    let stopped = false;
    const result = await runCell(cell(1000, 2500, 4000), {
      onPhase: (phase) => {
        if (phase !== 'measure') return;
        setTimeout(() => {
          process.kill(server.pid, 'SIGSTOP');
          stopped = true;
          setTimeout(() => process.kill(server.pid, 'SIGCONT'), stallMs);
        }, 800);
      },
    });
    expect(stopped).toBe(true);
    const o = result.openLoop!;
    // ~600 of 2500 sends waited on the stopped server: the corrected tail holds the stall …
    expect(result.summary.latency.percentiles.p99).toBeGreaterThanOrEqual(300e6);
    expect(result.summary.latency.max).toBeGreaterThanOrEqual(stallMs * 0.8 * 1e6);
    // … while the sends themselves stayed on schedule: not the generator's fault.
    expect(o.saturated).toBe(false);
    expect(o.missed).toBe(0);
    expect(o.generatorLag!.percentiles.p99).toBeLessThan(result.summary.latency.percentiles.p99);
    expect(result.summary.errors).toBe(0);
  });

  it('open loop at a rate past the shape (callback lanes): ≤ P outstanding per connection, C connections, every sent op counted once', async () => {
    const CLIENTS = 3;
    const PIPELINE = 5;
    const KEYS = 500;
    const proxy = new CountingProxy(server.port);
    await proxy.start();
    const before = await redisCommandCalls(server.port);
    const result = await runCell(
      {
        engine: { name: 'redis', options: { url: `redis://127.0.0.1:${proxy.port}`, connections: CLIENTS } },
        workload: { name: 'kv', params: { keys: KEYS, ratio: '1:3', dataSize: '16-64' } },
        config: { threads: 1, clients: CLIENTS, pipeline: PIPELINE, rate: 1e6, durationMs: 300, warmupMs: 0, seed: 4 },
      },
      {
        onPhase: (phase) => {
          if (phase === 'measure') proxy.measuring = true;
          if (phase === 'check') proxy.measuring = false;
        },
      },
    );
    const after = await redisCommandCalls(server.port);
    await proxy.close();
    expect(result.config.clients).toBe(CLIENTS);
    expect(result.summary.errors).toBe(0);
    expect(result.openLoop!.missed).toBeGreaterThan(0);
    // The window (C×P) was full throughout, and no connection ever carried more than P.
    expect(proxy.maxOutstanding).toBe(PIPELINE);
    // C connections, plus the one the server-side series samples INFO on.
    expect(proxy.connections).toBe(CLIENTS + 1);
    const delta = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta('get')).toBe(result.ops['get']!.count);
    expect(delta('set')).toBe(KEYS + result.ops['set']!.count);
  });
});
