/**
 * The memcached-style engine's differential test over the wire: the seeded command sequences
 * of test/engines/memcached/text-protocol.test.ts (valid and invalid lines, data blocks,
 * noreply) sent through TCP to the served engine (2 worker threads) and to memcached 1.6,
 * every reply compared byte for byte (CAS values by one-to-one correspondence).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { serverAvailable } from '../../../support/servers.js';
import { startServe, type ServeProcess } from '../../../support/serve-process.js';
import { CAS_SLOT, CommandGenerator } from '../../memcached/support/command-generator.js';
import { CasCorrespondence, normalise } from '../../memcached/support/replies.js';
import { TextClient } from '../../memcached/support/text-client.js';

const SEEDS = [21, 22];
const COMMANDS_PER_SEED = 1500;

describe.skipIf(!serverAvailable('memcached'))('served memcached-style vs memcached, over the wire', () => {
  let real: ManagedServer;
  let served: ServeProcess;
  beforeAll(async () => {
    real = await startMemcached({ threads: 2, memoryMb: 64 });
    served = await startServe(['--engine', 'memcached-style', '--threads', '2', '--engine-opt', 'memoryMb=64']);
  });
  afterAll(async () => {
    served?.child.kill('SIGTERM');
    await served?.exited;
    await real?.stop();
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${COMMANDS_PER_SEED} commands answer byte for byte`, async () => {
      const theirs = await TextClient.connect(real.host, real.port);
      const ours = await TextClient.connect('127.0.0.1', served.port);
      try {
        expect(await ours.request('flush_all')).toBe(await theirs.request('flush_all'));
        const gen = new CommandGenerator(seed);
        const cas = new CasCorrespondence();
        for (let i = 0; i < COMMANDS_PER_SEED; i++) {
          gen.casSeen = cas.real.length;
          const command = gen.next();
          const line = (side: string[]): string => (command.casIndex === undefined ? command.line : command.line.replace(CAS_SLOT, side[command.casIndex]!));
          const r = normalise(await theirs.request(line(cas.real), command.data));
          const o = normalise(await ours.request(line(cas.engine), command.data));
          const context = `seed ${seed} command #${i} ${JSON.stringify(command.line.slice(0, 120))}`;
          expect(o.text, context).toBe(r.text);
          cas.record(r.cas, o.cas, context);
        }
      } finally {
        theirs.close();
        ours.close();
      }
    }, 60_000);
  }
});
