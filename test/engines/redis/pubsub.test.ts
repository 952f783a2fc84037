/**
 * Pub/sub: the Subscriber facade of the in-process engine, and a two-subscriber scenario
 * replayed against a real redis-server comparing every confirmation, PUBLISH count, message
 * (order included), PUBSUB introspection reply and subscribed-mode error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../engines/redis/client.js';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';
import { startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import type { Reply } from '../../../engines/types.js';
import { serverAvailable } from '../../support/servers.js';
import { canonical } from './support/differential.js';
import { RespClient } from './support/resp-client.js';

describe('pub/sub on the in-process engine', () => {
  it('delivers channel and pattern messages to a Subscriber after PUBLISH returns', async () => {
    const e = new RedisStyleEngine();
    const sub = e.redis.subscriber();
    const got: string[] = [];
    sub.onMessage((channel, message, pattern) => got.push(`${pattern ?? '-'} ${channel} ${message}`));
    sub.subscribe(['news']);
    sub.psubscribe(['news.*']);
    expect(e.redis.call(['PUBLISH', 'news', 'a'])).toBe(1);
    expect(e.redis.call(['PUBLISH', 'news.tech', 'b'])).toBe(1);
    expect(e.redis.call(['PUBLISH', 'other', 'c'])).toBe(0);
    expect(got).toEqual([]); // delivery is asynchronous, like a socket
    await Promise.resolve();
    expect(got).toEqual(['- news a', 'news.* news.tech b']);
    sub.unsubscribe([]);
    sub.punsubscribe([]);
    expect(e.redis.call(['PUBLISH', 'news', 'd'])).toBe(0);
    sub.close();
    e.close();
  });

  it('counts one delivery per matching subscription and reports PUBSUB figures', () => {
    const e = new RedisStyleEngine();
    const s1 = e.redis.subscriber();
    const s2 = e.redis.subscriber();
    s1.subscribe(['c1', 'c2']);
    s2.subscribe(['c1']);
    s2.psubscribe(['c*']);
    expect(e.redis.call(['PUBLISH', 'c1', 'x'])).toBe(3);
    expect(e.redis.call(['PUBSUB', 'NUMSUB', 'c1', 'c2', 'c3'])).toEqual(['c1', 2, 'c2', 1, 'c3', 0]);
    expect(e.redis.call(['PUBSUB', 'NUMPAT'])).toBe(1);
    expect(new Set(e.redis.call(['PUBSUB', 'CHANNELS']) as string[])).toEqual(new Set(['c1', 'c2']));
    s1.close();
    expect(e.redis.call(['PUBLISH', 'c1', 'x'])).toBe(2);
    s2.close();
    e.close();
  });
});

type Who = 'S1' | 'S2' | 'P';

/** A session on either side: run a command expecting `replies` replies; collect pushes. */
interface Side {
  run(who: Who, argv: string[], replies: number): Promise<Reply>;
  pushes(who: Who): Promise<Reply[]>;
  close(): void;
}

async function realSide(port: number): Promise<Side> {
  const clients = new Map<Who, RespClient>();
  for (const w of ['S1', 'S2', 'P'] as Who[]) clients.set(w, await RespClient.connect(port));
  return {
    run: (who, argv, replies) => clients.get(who)!.command(argv, replies),
    pushes: (who) => clients.get(who)!.pushes(0, 50),
    close: () => {
      for (const c of clients.values()) c.close();
    },
  };
}

function ourSide(): Side {
  const e = new RedisStyleEngine();
  const sessions = new Map<Who, Client>();
  const inbox = new Map<Who, Reply[]>();
  for (const w of ['S1', 'S2', 'P'] as Who[]) {
    const c = e.redis.session();
    inbox.set(w, []);
    c.push = (p) => inbox.get(w)!.push(p);
    sessions.set(w, c);
  }
  return {
    run: async (who, argv, replies) => {
      const r = await sessions.get(who)!.call(argv);
      // `call` answers a (un)subscribe with one array of confirmations; the wire sends each.
      return replies === 1 && /^P?(UN)?SUBSCRIBE$/i.test(argv[0]!) && Array.isArray(r) && Array.isArray(r[0]) ? r[0]! : r;
    },
    pushes: async (who) => inbox.get(who)!.splice(0),
    close: () => {
      for (const c of sessions.values()) c.close();
      e.close();
    },
  };
}

/** [who, argv, number of replies the command produces on the wire]. */
const SCRIPT: [Who, string[], number][] = [
  ['S1', ['SUBSCRIBE', 'news', 'chat'], 2],
  ['S2', ['PSUBSCRIBE', 'news.*', 'n*'], 2],
  ['S2', ['SUBSCRIBE', 'chat'], 1],
  ['P', ['PUBLISH', 'news', 'hello'], 1],
  ['P', ['PUBLISH', 'news.tech', 'bin\x00\xff\r\n'], 1],
  ['P', ['PUBLISH', 'chat', ''], 1],
  ['P', ['PUBLISH', 'nobody', 'x'], 1],
  ['P', ['PUBSUB', 'NUMSUB', 'news', 'chat', 'none'], 1],
  ['P', ['PUBSUB', 'NUMPAT'], 1],
  ['S1', ['GET', 'k'], 1],
  ['S1', ['PING'], 1],
  ['S1', ['PING', 'msg'], 1],
  ['S1', ['SUBSCRIBE', 'news'], 1],
  ['S1', ['UNSUBSCRIBE', 'news', 'never'], 2],
  ['P', ['PUBLISH', 'news', 'after'], 1],
  ['S2', ['PUNSUBSCRIBE', 'n*'], 1],
  ['P', ['PUBLISH', 'news.x', 'late'], 1],
  ['S2', ['PUNSUBSCRIBE'], 1],
  ['S2', ['UNSUBSCRIBE'], 1],
  ['S2', ['UNSUBSCRIBE'], 1],
  ['S2', ['GET', 'k'], 1],
  ['P', ['PUBSUB', 'FOO'], 1],
  ['P', ['PUBSUB', 'NUMPAT', 'extra'], 1],
];

async function play(side: Side): Promise<string[]> {
  const log: string[] = [];
  try {
    await side.run('P', ['FLUSHALL'], 1);
    for (const [who, argv, replies] of SCRIPT) {
      log.push(`${who} ${argv[0]} -> ${canonical(await side.run(who, argv, replies))}`);
      if (argv[0] === 'PUBLISH') {
        // Let deliveries arrive, then record what each subscriber got, in order.
        await new Promise((r) => setTimeout(r, 20));
        // One PUBLISH reaches a client once per matching pattern in an order Redis leaves to
        // its hash table, so each client's deliveries for one PUBLISH are compared sorted.
        for (const w of ['S1', 'S2'] as Who[]) {
          const got = (await side.pushes(w)).map((p) => `  ${w} got ${canonical(p)}`);
          log.push(...got.sort());
        }
      }
    }
  } finally {
    side.close();
  }
  return log;
}

describe.skipIf(!serverAvailable('redis-server'))('pub/sub: two subscribers against redis-server', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startRedisServer({ persistence: 'none' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('confirmations, counts, messages and subscribed-mode errors match', async () => {
    const theirs = await play(await realSide(server.port));
    const ours = await play(ourSide());
    expect(ours.join('\n')).toBe(theirs.join('\n'));
  });
});
