/**
 * MULTI/EXEC/WATCH between two clients, replayed against a real redis-server with every reply
 * compared: changes by the other client, no-op writes, other databases, FLUSHALL, DISCARD and
 * UNWATCH, expiry of a watched key, errors at queue time and at run time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../engines/redis/client.js';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import type { Reply } from '../../../engines/types.js';
import { serverAvailable } from '../../support/servers.js';
import { canonical } from './support/differential.js';
import { RespClient } from './support/resp-client.js';

type Who = 'A' | 'B';
/** A step: who runs what; a number is a pause in ms (for expiry). */
type Step = [Who, string[]] | number;

const SCENARIOS: ReadonlyMap<string, Step[]> = new Map<string, Step[]>([
  ['another client changes a watched key: EXEC answers nil', [
    ['A', ['SET', 'k', '1']], ['A', ['WATCH', 'k']], ['B', ['INCR', 'k']],
    ['A', ['MULTI']], ['A', ['INCR', 'k']], ['A', ['EXEC']], ['A', ['GET', 'k']],
  ]],
  ['a write that changes nothing does not abort', [
    ['A', ['SADD', 's', 'x']], ['A', ['WATCH', 's']], ['B', ['SADD', 's', 'x']], ['B', ['SREM', 's', 'nope']],
    ['B', ['HDEL', 's', 'f']], ['A', ['MULTI']], ['A', ['SCARD', 's']], ['A', ['EXEC']],
  ]],
  ['the same key name in another database is another key', [
    ['A', ['WATCH', 'k']], ['B', ['SELECT', '1']], ['B', ['SET', 'k', 'other-db']],
    ['A', ['MULTI']], ['A', ['SET', 'k', 'mine']], ['A', ['EXEC']],
    ['B', ['SELECT', '0']], ['B', ['SET', 'k', 'now-db0']], ['A', ['WATCH', 'k']], ['B', ['DEL', 'k']],
    ['A', ['MULTI']], ['A', ['GET', 'k']], ['A', ['EXEC']],
  ]],
  ['FLUSHALL touches watched keys that existed, not ones that did not', [
    ['A', ['SET', 'a', '1']], ['A', ['WATCH', 'a']], ['B', ['FLUSHALL']], ['A', ['MULTI']], ['A', ['PING']], ['A', ['EXEC']],
    ['A', ['WATCH', 'missing']], ['B', ['FLUSHALL']], ['A', ['MULTI']], ['A', ['PING']], ['A', ['EXEC']],
  ]],
  ['UNWATCH and DISCARD forget watches', [
    ['A', ['WATCH', 'k']], ['B', ['SET', 'k', '1']], ['A', ['UNWATCH']], ['A', ['MULTI']], ['A', ['GET', 'k']], ['A', ['EXEC']],
    ['A', ['WATCH', 'k']], ['A', ['MULTI']], ['A', ['DISCARD']], ['B', ['SET', 'k', '2']],
    ['A', ['MULTI']], ['A', ['GET', 'k']], ['A', ['EXEC']],
  ]],
  ['a watched key that expires aborts EXEC', [
    ['A', ['SET', 'k', 'v', 'PX', '30']], ['A', ['WATCH', 'k']], 80, ['A', ['MULTI']], ['A', ['SET', 'x', '1']], ['A', ['EXEC']],
    ['A', ['EXISTS', 'x']],
  ]],
  ['queue-time errors abort, run-time errors do not', [
    ['A', ['MULTI']], ['A', ['SET', 'k', 'v']], ['A', ['LPUSH', 'k']], ['A', ['EXEC']], ['A', ['EXISTS', 'k']],
    ['A', ['MULTI']], ['A', ['SET', 'k', 'v']], ['A', ['LPUSH', 'k', 'x']], ['A', ['INCR', 'k']], ['A', ['EXEC']],
    ['A', ['MULTI']], ['A', ['WATCH', 'k']], ['A', ['MULTI']], ['A', ['EXEC']], ['A', ['EXEC']], ['A', ['DISCARD']],
  ]],
  ['watching inside the transaction of another client does not interfere', [
    ['A', ['MULTI']], ['B', ['WATCH', 'k']], ['A', ['SET', 'k', '1']], ['A', ['EXEC']],
    ['B', ['MULTI']], ['B', ['GET', 'k']], ['B', ['EXEC']],
  ]],
]);

async function play(run: (who: Who, argv: string[]) => Promise<Reply>, steps: readonly Step[]): Promise<string[]> {
  const out: string[] = [];
  for (const step of steps) {
    if (typeof step === 'number') {
      await new Promise((r) => setTimeout(r, step));
      continue;
    }
    out.push(`${step[0]} ${step[1].join(' ')} -> ${canonical(await run(step[0], step[1]))}`);
  }
  return out;
}

describe.skipIf(!serverAvailable('redis-server'))('transactions: two clients against redis-server', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startRedisServer({ persistence: 'none' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const [name, steps] of SCENARIOS) {
    it(name, async () => {
      const a = await RespClient.connect(server.port);
      const b = await RespClient.connect(server.port);
      await a.command(['FLUSHALL']);
      let theirs: string[];
      try {
        theirs = await play((who, argv) => (who === 'A' ? a : b).command(argv), steps);
      } finally {
        a.close();
        b.close();
      }
      const e = new RedisStyleEngine();
      const sessions = new Map<Who, Client>([
        ['A', e.redis.session()],
        ['B', e.redis.session()],
      ]);
      const ours = await play(async (who, argv) => await sessions.get(who)!.call(argv), steps);
      e.close();
      expect(ours.join('\n')).toBe(theirs.join('\n'));
    });
  }
});
