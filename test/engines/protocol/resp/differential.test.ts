/**
 * The redis-style engine's differential test over the wire: the same seeded random command
 * sequences as test/engines/redis/differential.test.ts, sent through RESP to the served engine
 * and to redis-server 7.0, every reply compared — so the server adds nothing and loses nothing
 * between the engine and a client (encoding, null arrays, integers past 2^53, binary values).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { RespServer } from '../../../../engines/protocol/resp/server.js';
import { serverAvailable } from '../../../support/servers.js';
import { CommandGenerator } from '../../redis/support/command-generator.js';
import { RespClient } from '../../redis/support/resp-client.js';
import { step } from '../../redis/support/differential.js';

const SEEDS = [11, 12];
const COMMANDS_PER_SEED = 2500;

describe.skipIf(!serverAvailable('redis-server'))('served redis-style vs redis-server, over the wire', () => {
  let real: ManagedServer;
  let served: RespServer;
  beforeAll(async () => {
    real = await startRedisServer({ persistence: 'none' });
    served = await RespServer.start({ port: 0 });
  });
  afterAll(async () => {
    await served?.shutdown();
    await real?.stop();
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${COMMANDS_PER_SEED} commands answer identically through RESP`, async () => {
      const gen = new CommandGenerator(seed);
      const theirs = await RespClient.connect(real.port);
      const ours = await RespClient.connect(served.port);
      let failure: string | null = null;
      try {
        await theirs.command(['FLUSHALL']);
        await ours.command(['FLUSHALL']);
        const engine = { redis: { call: (argv: readonly string[]) => ours.command(argv) } };
        for (let i = 0; i < COMMANDS_PER_SEED && failure === null; i++) {
          const cmd = gen.next();
          const m = await step({ engine, real: theirs }, cmd, i);
          if (m) failure = `seed ${seed}, command #${m.index}: ${m.command.argv.map((a) => JSON.stringify(a)).join(' ')}\n  served:       ${m.ours}\n  redis-server: ${m.theirs}`;
        }
      } finally {
        theirs.close();
        ours.close();
      }
      expect(failure, failure ?? '').toBeNull();
    }, 60_000);
  }
});
