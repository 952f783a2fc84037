/**
 * The redis-style engine against a real redis-server: seeded random command sequences over
 * every family, every reply compared (sets where Redis's order is unspecified). A mismatch
 * fails with the seed, the command, both replies and a shrunk sequence that reproduces it.
 */
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import { serverAvailable } from '../../support/servers.js';
import { CommandGenerator, type GeneratedCommand } from './support/command-generator.js';
import { RespClient } from './support/resp-client.js';
import { describe, runSequence, shrink, step } from './support/differential.js';
import { RedisStyleEngine } from '../../../engines/redis/engine.js';

/** CI runs six seeds; CACHEBENCH_REDIS_DIFF_SEEDS=a-b explores more (e.g. 1-200). */
const SEEDS = seedsFromEnv(process.env.CACHEBENCH_REDIS_DIFF_SEEDS) ?? [1, 2, 3, 4, 5, 6];
const COMMANDS_PER_SEED = 4000;
const available = serverAvailable('redis-server');

function seedsFromEnv(text: string | undefined): number[] | undefined {
  if (!text) return undefined;
  const m = /^(\d+)-(\d+)$/.exec(text);
  if (!m) throw new Error(`CACHEBENCH_REDIS_DIFF_SEEDS: expected a range like 1-50 (got '${text}')`);
  const out: number[] = [];
  for (let s = Number(m[1]); s <= Number(m[2]); s++) out.push(s);
  return out;
}

suite.skipIf(!available)('redis-style vs redis-server: random command sequences', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startRedisServer({ persistence: 'none' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the engine under test is the real redis-server 7.0 whose formats we follow', async () => {
    expect(server.version.startsWith('7.0')).toBe(true);
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${COMMANDS_PER_SEED} commands answer identically`, async () => {
      const gen = new CommandGenerator(seed);
      const commands: GeneratedCommand[] = [];
      const real = await RespClient.connect(server.port);
      const engine = new RedisStyleEngine();
      let failure: string | null = null;
      try {
        await real.command(['FLUSHALL']);
        for (let i = 0; i < COMMANDS_PER_SEED; i++) {
          const cmd = gen.next();
          commands.push(cmd);
          const m = await step({ engine, real }, cmd, i);
          if (m) {
            const shrunk = await shrink(server.port, commands, 15_000);
            const again = await runSequence(server.port, shrunk);
            failure =
              `seed ${seed}, command #${m.index}: ${m.command.argv.map((a) => JSON.stringify(a)).join(' ')}\n` +
              `  redis-style:  ${m.ours}\n  redis-server: ${m.theirs}\n` +
              `shrunk to ${shrunk.length} commands (last one differs: ${again ? `${again.ours} vs ${again.theirs}` : 'not reproduced'}):\n` +
              describe(shrunk);
            break;
          }
        }
      } finally {
        real.close();
        engine.close();
      }
      expect(failure, failure ?? '').toBeNull();
    });
  }
});
