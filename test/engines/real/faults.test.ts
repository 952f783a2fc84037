/**
 * Faults: the server dies or stops answering mid-run. Operations fail with EngineError kinds
 * (connection, timeout, closed), clients reconnect with backoff, nothing crashes, and a run
 * through the harness completes at its planned end marked degraded with the errors counted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import { RespClient } from '../../../engines/real/resp/client.js';
import { McTextClient } from '../../../engines/real/memcached/text/client.js';
import { EngineError } from '../../../engines/types.js';
import { runCell } from '../../../harness/cell/run-cell.js';
import { serverAvailable } from '../../support/servers.js';
import { TcpProxy } from '../../support/tcp-proxy.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));
afterEach(() => {
  expect(unhandled).toEqual([]);
});

function kindOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (err: unknown) => (err instanceof EngineError ? err.kind : `not an EngineError: ${String(err)}`),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function killMidRun(engine: string, options: Record<string, unknown>, server: ManagedServer) {
  let killTimer: NodeJS.Timeout | undefined;
  const result = await runCell(
    { engine: { name: engine, options }, workload: { name: 'kv', params: { keys: 1000 } }, config: { durationMs: 3000, warmupMs: 0, concurrency: 8 } },
    {
      onPhase(phase) {
        if (phase === 'measure') killTimer = setTimeout(() => server.kill('SIGKILL'), 1000);
      },
    },
  );
  clearTimeout(killTimer);
  return result;
}

describe.runIf(serverAvailable('redis-server'))('redis: server killed mid-run', () => {
  for (const client of ['resp', 'ioredis'] as const) {
    it(`${client}: the run completes at its planned end, degraded, with connection errors counted`, async () => {
      const server = await startRedisServer();
      try {
        const result = await killMidRun('redis', { url: server.url, client, timeoutMs: 1000 }, server);
        expect(result.status).toBe('degraded');
        expect(result.errors['connection'] ?? 0).toBeGreaterThan(0);
        const okOps = Object.values(result.ops).reduce((n, op) => n + op.count, 0);
        expect(okOps).toBeGreaterThan(100); // the first second worked
        expect(result.timing.measuredMs).toBeGreaterThan(2900);
        expect(result.timing.measuredMs).toBeLessThan(6000); // plan + at most a timeout, not a hang
        expect(result.statusReasons.join(' ')).toMatch(/failed operations/);
      } finally {
        await server.stop();
      }
    });
  }
});

describe.runIf(serverAvailable('memcached'))('memcached: server killed mid-run', () => {
  it('text: the run completes, degraded, with connection errors counted', async () => {
    const server = await startMemcached({ threads: 1 });
    try {
      const result = await killMidRun('memcached', { url: server.url, timeoutMs: 1000 }, server);
      expect(result.status).toBe('degraded');
      expect(result.errors['connection'] ?? 0).toBeGreaterThan(0);
      expect(result.timing.measuredMs).toBeGreaterThan(2900);
    } finally {
      await server.stop();
    }
  });
});

describe.runIf(serverAvailable('redis-server'))('lean RESP client: timeouts, reconnects, close', () => {
  let server: ManagedServer;
  let proxy: TcpProxy;
  beforeAll(async () => {
    server = await startRedisServer();
    proxy = await TcpProxy.start(server.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it('a server that stops answering gives timeouts; a cut gives connection errors; it reconnects after', async () => {
    const client = new RespClient({ host: '127.0.0.1', port: proxy.port, timeoutMs: 300, backoffInitialMs: 20, backoffMaxMs: 100 });
    try {
      await client.whenReady();
      await client.set('f:k', 'v');
      proxy.stall();
      const started = performance.now();
      expect(await kindOf(client.get('f:k'))).toBe('timeout');
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(290);
      expect(waited).toBeLessThan(1500);

      proxy.cut();
      const during = await Promise.all([client.get('f:k'), client.get('f:k')].map(kindOf));
      expect(during).toEqual(['connection', 'connection']);
      const acceptedBefore = proxy.accepted;
      await sleep(300);
      expect(proxy.accepted).toBeGreaterThan(acceptedBefore); // it kept trying, with backoff
      proxy.restore();
      // Requests issued while reconnecting wait for the next attempt rather than fail at once.
      let value: string | null = null;
      for (let i = 0; i < 40 && value === null; i++) {
        value = await client.get('f:k').catch(() => null);
        if (value === null) await sleep(25);
      }
      expect(value).toBe('v');
    } finally {
      await client.close();
    }
    expect(await kindOf(client.get('f:k'))).toBe('closed');
  });
});

describe.runIf(serverAvailable('memcached'))('memcached text client: timeouts, reconnects, close', () => {
  it('maps a stall to timeout, a cut to connection, and recovers', async () => {
    const server = await startMemcached({ threads: 1 });
    const proxy = await TcpProxy.start(server.port);
    const client = new McTextClient({ servers: [{ host: '127.0.0.1', port: proxy.port }], timeoutMs: 300 });
    try {
      await client.whenReady();
      await client.set('f:k', 'v');
      proxy.stall();
      expect(await kindOf(client.get('f:k'))).toBe('timeout');
      proxy.cut();
      expect(await kindOf(client.get('f:k'))).toBe('connection');
      proxy.restore();
      let value: string | null = null;
      for (let i = 0; i < 80 && value === null; i++) {
        value = await client.get('f:k').catch(() => null);
        if (value === null) await sleep(25);
      }
      expect(value).toBe('v');
    } finally {
      await client.close();
      await proxy.close();
      await server.stop();
    }
    expect(await kindOf(client.get('f:k'))).toBe('closed');
  });
});
