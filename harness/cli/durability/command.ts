/**
 * `cachebench durability`: what each Redis persistence mode costs in write latency and how many
 * acknowledged writes it loses when redis-server is SIGKILLed mid-stream. Typed args, builder
 * and examples here; the handler is imported only when the command runs.
 */
import type { Argv, CommandModule } from 'yargs';
import { DURABILITY_MODES } from '../../durability/modes.js';
import { DURABILITY_ENGINES } from '../../durability/targets.js';

export interface DurabilityArgs {
  engine?: string | string[];
  persistence?: string;
  writes?: string;
  duration?: string;
  killAfter?: string;
  inFlight?: string;
  valueSize?: string;
  seed?: string;
  timeout?: string;
  out?: string;
  format?: string;
}

function builder(y: Argv): Argv<DurabilityArgs> {
  return y
    .option('engine', {
      alias: 'e',
      type: 'string',
      array: true,
      describe: `servers to kill, each in every mode: ${DURABILITY_ENGINES.join(', ')} (redis-style is served by \`cachebench serve\`) [default: redis-server]`,
    })
    .option('persistence', { type: 'string', describe: `comma-separated modes: ${DURABILITY_MODES.join(', ')} [default: all]` })
    .option('writes', { type: 'string', describe: 'stop issuing writes after this many (k/M suffixes) [default: until the kill]' })
    .option('duration', { type: 'string', describe: 'stop issuing writes after this long, e.g. 5s [default: until the kill]' })
    .option('kill-after', { type: 'string', describe: 'SIGKILL redis-server this long after the first write [default: 2s]' })
    .option('in-flight', { type: 'string', describe: 'writes outstanding at once on one connection [default: 8]' })
    .option('value-size', { type: 'string', describe: 'bytes per value [default: 32]' })
    .option('seed', { type: 'string', describe: 'seed of the value bytes [default: random, recorded]' })
    .option('timeout', { type: 'string', describe: 'per-write timeout [default: 5s]' })
    .option('out', { alias: 'o', type: 'string', describe: 'folder for the result JSON [default: out/results]' })
    .option('format', { type: 'string', describe: 'what to print on stdout: table | markdown | json [default: table]' }) as unknown as Argv<DurabilityArgs>;
}

export const durabilityCommand: CommandModule<object, DurabilityArgs> = {
  command: 'durability',
  describe: 'kill -9 redis-server (or the served redis-style engine) mid-stream in each persistence mode: write latency, acknowledged writes lost, restart time',
  builder: (y) =>
    builder(y)
      .example('$0 durability', 'all five modes, SIGKILL 2 s after the first write')
      .example('$0 durability --engine redis-style redis-server --persistence none,aof-everysec,aof-always', 'the native engine and redis-server in one table')
      .example('$0 durability --persistence none,aof-always --kill-after 1s --in-flight 1', 'the cost of fsync per write')
      .example('$0 durability --persistence rdb --writes 50k --kill-after 3s', 'the stream ends, then the kill comes 3 s after it began'),
  handler: async (args) => {
    const { durabilityHandler } = await import('./handler.js');
    await durabilityHandler(args);
  },
};
