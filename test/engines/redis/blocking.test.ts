/**
 * Blocking list commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH): unit behaviour of the in-process
 * engine, and two/three-client scenarios replayed against a real redis-server with every reply
 * compared — arrival order, multi-key waits, BLMOVE chains, timeouts, MULTI, wrong types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import type { Reply } from '../../../engines/types.js';
import { serverAvailable } from '../../support/servers.js';
import { canonical } from './support/differential.js';
import { RespClient } from './support/resp-client.js';

describe('blocking commands on the in-process engine', () => {
  it('BLPOP waits for a push from another client and returns [key, value]', async () => {
    const e = new RedisStyleEngine();
    const waiter = e.redis.blockingClient();
    const pending = waiter.call(['BLPOP', 'jobs', '0']);
    expect(pending).toBeInstanceOf(Promise);
    expect(e.redis.call(['RPUSH', 'jobs', 'j1', 'j2'])).toBe(2);
    expect(await pending).toEqual(['jobs', 'j1']);
    expect(e.redis.call(['LRANGE', 'jobs', '0', '-1'])).toEqual(['j2']);
    e.close();
  });

  it('answers at once when a list has elements, without a Promise', () => {
    const e = new RedisStyleEngine();
    e.redis.call(['RPUSH', 'q', 'a']);
    expect(e.redis.blockingClient().call(['BRPOP', 'empty', 'q', '1'])).toEqual(['q', 'a']);
    e.close();
  });

  it('times out with nil after the timeout (not before)', async () => {
    const e = new RedisStyleEngine();
    const started = performance.now();
    const r = await e.redis.blockingClient().call(['BLPOP', 'nothing', '0.15']);
    const waited = performance.now() - started;
    expect(r).toBeNull();
    expect(waited).toBeGreaterThanOrEqual(140);
    e.close();
  });

  it('serves waiters on one key in arrival order', async () => {
    const e = new RedisStyleEngine();
    const first = e.redis.blockingClient().call(['BLPOP', 'q', '0']);
    const second = e.redis.blockingClient().call(['BLPOP', 'q', '0']);
    e.redis.call(['RPUSH', 'q', 'one']);
    expect(await first).toEqual(['q', 'one']);
    e.redis.call(['RPUSH', 'q', 'two']);
    expect(await second).toEqual(['q', 'two']);
    e.close();
  });

  it('rejects bad timeouts with Redis errors', () => {
    const e = new RedisStyleEngine();
    const c = e.redis.blockingClient();
    expect(canonical(c.call(['BLPOP', 'q', 'soon']) as Reply)).toBe('-ERR timeout is not a float or out of range');
    expect(canonical(c.call(['BLPOP', 'q', '-1']) as Reply)).toBe('-ERR timeout is negative');
    e.close();
  });

  it('closing a blocked client ends its wait with nil', async () => {
    const e = new RedisStyleEngine();
    const c = e.redis.blockingClient();
    const p = c.call(['BLPOP', 'q', '0']);
    c.close();
    expect(await p).toBeNull();
    expect(e.stats()['blocked_clients']).toBe(0);
    e.close();
  });
});

/** One step of a scenario: which client runs what; `blocks` steps are sent without waiting. */
interface Step {
  readonly client: 'A' | 'B' | 'P';
  readonly argv: string[];
  readonly blocks?: boolean;
}

const SCENARIOS: ReadonlyMap<string, Step[]> = new Map([
  [
    'two waiters on one key are served in arrival order by one multi-element push',
    [
      { client: 'A', argv: ['BLPOP', 'q1', 'q2', '0'], blocks: true },
      { client: 'B', argv: ['BLPOP', 'q1', '0'], blocks: true },
      { client: 'P', argv: ['RPUSH', 'q1', 'x', 'y', 'z'] },
      { client: 'P', argv: ['LRANGE', 'q1', '0', '-1'] },
    ],
  ],
  [
    'a waiter on several keys is served from the first key that gets data',
    [
      { client: 'A', argv: ['BRPOP', 'q2', 'q1', '0'], blocks: true },
      { client: 'P', argv: ['LPUSH', 'q1', 'a', 'b'] },
      { client: 'P', argv: ['LRANGE', 'q1', '0', '-1'] },
    ],
  ],
  [
    'BLMOVE feeds a BLPOP waiting on its destination',
    [
      { client: 'A', argv: ['BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0'], blocks: true },
      { client: 'B', argv: ['BLPOP', 'dst', '0'], blocks: true },
      { client: 'P', argv: ['RPUSH', 'src', 'm1', 'm2'] },
      { client: 'P', argv: ['LRANGE', 'src', '0', '-1'] },
      { client: 'P', argv: ['EXISTS', 'dst'] },
    ],
  ],
  [
    'pushes inside MULTI are served after EXEC, keys in the order they became ready',
    [
      { client: 'A', argv: ['BLPOP', 'q2', 'q1', '0'], blocks: true },
      { client: 'B', argv: ['BLPOP', 'q2', '0'], blocks: true },
      { client: 'P', argv: ['MULTI'] },
      { client: 'P', argv: ['RPUSH', 'q1', 'a'] },
      { client: 'P', argv: ['RPUSH', 'q2', 'b'] },
      { client: 'P', argv: ['EXEC'] },
    ],
  ],
  [
    'a blocking command inside MULTI answers nil at once',
    [
      { client: 'P', argv: ['MULTI'] },
      { client: 'P', argv: ['BLPOP', 'none', '0'] },
      { client: 'P', argv: ['BLMOVE', 'none', 'x', 'LEFT', 'LEFT', '0'] },
      { client: 'P', argv: ['EXEC'] },
    ],
  ],
  [
    'a waiter survives its key becoming a string and is served when a list comes back',
    [
      { client: 'A', argv: ['BLPOP', 'k', '0'], blocks: true },
      { client: 'P', argv: ['SET', 'k', 'str'] },
      { client: 'P', argv: ['DEL', 'k'] },
      { client: 'P', argv: ['RPUSH', 'k', 'back'] },
    ],
  ],
  [
    'wrong types and short timeouts',
    [
      { client: 'P', argv: ['SET', 's', 'v'] },
      { client: 'A', argv: ['BLPOP', 's', '0.05'] },
      { client: 'A', argv: ['BRPOP', 'empty', '0.05'] },
      { client: 'A', argv: ['BRPOPLPUSH', 'empty', 'd', '0.05'] },
      { client: 'P', argv: ['RPUSH', 'l', 'only'] },
      { client: 'A', argv: ['BRPOPLPUSH', 'l', 's', '0.05'] },
      { client: 'A', argv: ['BLMOVE', 'l', 'l', 'RIGHT', 'LEFT', '0'] },
    ],
  ],
]);

async function blockedClients(real: RespClient): Promise<number> {
  const info = (await real.command(['INFO', 'clients'])) as string;
  return Number(/blocked_clients:(\d+)/.exec(info)![1]);
}

async function runReal(port: number, steps: readonly Step[]): Promise<string[]> {
  const clients = new Map<string, RespClient>();
  for (const name of ['A', 'B', 'P']) clients.set(name, await RespClient.connect(port));
  const P = clients.get('P')!;
  await P.command(['FLUSHALL']);
  const results: Promise<Reply>[] = [];
  try {
    for (const step of steps) {
      const c = clients.get(step.client)!;
      if (step.blocks) {
        const before = await blockedClients(P);
        results.push(c.send(step.argv));
        // Wait until redis-server has the client parked, so the next step really races it.
        for (let i = 0; i < 200 && (await blockedClients(P)) === before; i++) await new Promise((r) => setTimeout(r, 2));
      } else {
        results.push(Promise.resolve(await c.command(step.argv)));
      }
    }
    return (await Promise.all(results)).map(canonical);
  } finally {
    for (const c of clients.values()) c.close();
  }
}

async function runOurs(steps: readonly Step[]): Promise<string[]> {
  const e = new RedisStyleEngine();
  const clients = new Map([
    ['A', e.redis.blockingClient()],
    ['B', e.redis.blockingClient()],
    ['P', e.redis.blockingClient()],
  ]);
  const results: Promise<Reply>[] = [];
  try {
    for (const step of steps) results.push(Promise.resolve(clients.get(step.client)!.call(step.argv)));
    return (await Promise.all(results)).map(canonical);
  } finally {
    for (const c of clients.values()) c.close();
    e.close();
  }
}

describe.skipIf(!serverAvailable('redis-server'))('blocking commands: three-client scenarios against redis-server', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startRedisServer({ persistence: 'none' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const [name, steps] of SCENARIOS) {
    it(name, async () => {
      const theirs = await runReal(server.port, steps);
      const ours = await runOurs(steps);
      expect(ours).toEqual(theirs);
    });
  }
});
