/**
 * `cachebench run`: measure one or more engines on one workload. Typed args, builder and
 * examples live here; the handler is imported only when the command runs.
 */
import type { Argv, CommandModule } from 'yargs';
import { ENGINE_NAMES } from '../../../engines/registry.js';
import { KV_PARAM_TABLE } from '../../../workloads/kv.js';
import { paramDoc } from '../../../workloads/param-table.js';
import { WORKLOAD_NAMES } from '../../../workloads/registry.js';

/** A kv flag's help line, from the kv parameter table (so its default is the one `list` shows). */
export function kvFlagDoc(param: (typeof KV_PARAM_TABLE)[number]['name']): string {
  return `kv: ${paramDoc(KV_PARAM_TABLE.find((s) => s.name === param)!)}`;
}
import { withLoadOptions, withOutputOptions, type LoadArgs, type OutputArgs } from '../options.js';

export interface WorkloadArgs {
  ratio?: string;
  keys?: string;
  keyPrefix?: string;
  keyPattern?: string;
  dataSize?: string;
  ttl?: string;
  preload?: string;
  guaranteedHit?: boolean;
  param?: string[];
}

/** Workload parameters that have a flag of their own (the rest go through -p/--param). */
export const PARAM_FLAGS: Readonly<Record<string, string>> = {
  ratio: '--ratio',
  keys: '--keys',
  keyPrefix: '--key-prefix',
  keyPattern: '--key-pattern',
  dataSize: '--data-size',
  ttlMs: '--ttl',
  preload: '--preload',
  guaranteedHit: '--guaranteed-hit',
};

export interface RunArgs extends LoadArgs, OutputArgs, WorkloadArgs {
  engine?: string[];
  workload?: string;
  url?: string;
  client?: string;
  connections?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServername?: string;
  tlsInsecure?: boolean;
  engineOpt?: string[];
  label?: string;
  list?: boolean;
  shard?: string;
  startAt?: string;
  clusterMasters?: string;
  cpus?: string;
}

/** Engine, workload, load and output options; `slo` and `sweep` take the same. */
export function runBuilder(y: Argv): Argv<RunArgs> {
  const withEngine = y
    .option('engine', {
      alias: 'e',
      type: 'string',
      array: true,
      group: 'Engine:',
      describe: `engine(s) to measure, one after another: ${ENGINE_NAMES.join(' | ')} [default: redis-style]`,
    })
    .option('url', { type: 'string', group: 'Engine:', describe: 'server URL for the redis / memcached engines (redis://, rediss://, redis+cluster://, memcached://)' })
    .option('client', { type: 'string', group: 'Engine:', describe: 'real servers: redis client resp (lean, default) | ioredis; memcached client text (default) | memjs' })
    .option('connections', { type: 'string', group: 'Engine:', describe: 'real servers: sockets per load thread [default: 1]' })
    .option('tls-ca', { type: 'string', group: 'Engine:', describe: 'rediss://: CA certificate file (PEM) to verify the server with' })
    .option('tls-cert', { type: 'string', group: 'Engine:', describe: 'rediss://: client certificate file (PEM), with --tls-key' })
    .option('tls-key', { type: 'string', group: 'Engine:', describe: 'rediss://: client private key file (PEM); the result records the path, never the key' })
    .option('tls-servername', { type: 'string', group: 'Engine:', describe: 'rediss://: server name to verify (SNI) [default: the URL host]' })
    .option('tls-insecure', { type: 'boolean', group: 'Engine:', describe: 'rediss://: do not verify the server certificate (testing only)' })
    .option('cluster-masters', { type: 'string', group: 'Engine:', describe: 'redis-cluster-server: masters of the managed cluster (3..16) [default: 3]' })
    .option('engine-opt', { type: 'string', array: true, group: 'Engine:', describe: 'engine option key=value (repeatable), e.g. persistence=aof' })
    .option('workload', { alias: 'w', type: 'string', group: 'Workload:', describe: `workload: ${WORKLOAD_NAMES.join(' | ')} [default: kv]` })
    .option('ratio', { type: 'string', group: 'Workload:', describe: kvFlagDoc('ratio') })
    .option('keys', { type: 'string', group: 'Workload:', describe: kvFlagDoc('keys') })
    .option('key-prefix', { type: 'string', group: 'Workload:', describe: kvFlagDoc('keyPrefix') })
    .option('key-pattern', { type: 'string', group: 'Workload:', describe: kvFlagDoc('keyPattern') })
    .option('data-size', { type: 'string', group: 'Workload:', describe: kvFlagDoc('dataSize') })
    .option('ttl', { type: 'string', group: 'Workload:', describe: `${kvFlagDoc('ttlMs')}; as a duration, e.g. 30s` })
    .option('preload', { type: 'string', group: 'Workload:', describe: kvFlagDoc('preload') })
    .option('guaranteed-hit', { type: 'boolean', group: 'Workload:', describe: kvFlagDoc('guaranteedHit') })
    .option('param', { alias: 'p', type: 'string', array: true, group: 'Workload:', describe: 'any workload parameter key=value (repeatable); see `cachebench list`' })
    .option('cpus', {
      type: 'string',
      group: 'Load:',
      describe: 'pin the load generator (this process, all its threads) to these CPUs, e.g. 0 or 0-2 (taskset); a managed server goes elsewhere with --engine-opt cpus=1 [default: unpinned]',
    })
    .option('shard', {
      type: 'string',
      group: 'Distributed:',
      describe: 'run part I of N of one run (I/N, 0-based); default from JOB_COMPLETION_INDEX and CACHEBENCH_SHARDS. Threads, rate and requests are the whole run\'s',
    })
    .option('start-at', { type: 'string', group: 'Distributed:', describe: 'ISO time with a zone at which the measured phase starts on every shard, e.g. 2026-12-01T12:00:00Z' })
    .option('label', { type: 'string', describe: 'label for tables and charts [default: derived from the settings]' })
    .option('list', { type: 'boolean', describe: 'list which engine × workload pairings exist (native, emulated, refused) and exit' });
  return withOutputOptions(withLoadOptions(withEngine)) as unknown as Argv<RunArgs>;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'measure engines on a workload and write result files',
  builder: (y) =>
    runBuilder(y)
      .example('$0 run --engine redis-style --workload kv --ratio 1:10 --keys 100000 --duration 10s', 'closed loop, 50 in flight')
      .example('$0 run -e redis-style --rate 50000 --arrival poisson --duration 10s', 'open loop: latency from intended send times')
      .example('$0 run -e redis-style memcached-style -t 2 --key-pattern zipfian', 'two engines side by side, two threads')
      .example('$0 run --list', 'which engine × workload pairings exist')
      .example('$0 run --shard 2/8 --start-at 2026-12-01T12:00:00Z -e redis --url redis://10.0.0.5:6379 --rate 800000 -d 60s', 'part 2 of 8 of one run; join with `cachebench merge`'),
  handler: async (args) => {
    const { runHandler } = await import('./handler.js');
    await runHandler(args);
  },
};
