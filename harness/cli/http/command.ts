/**
 * `cachebench http`: the seeds' HTTP API over each cache (and `none`), driven by autocannon.
 * Typed args, builder and examples here; the handler is imported only when the command runs.
 */
import type { Argv, CommandModule } from 'yargs';
import { ROUTES } from '../../../workloads/http/routes/index.js';
import { API_PARAMS } from '../../../workloads/http/params.js';
import { withOutputOptions, type OutputArgs } from '../options.js';
import { HTTP_ENGINE_NAMES } from './engines.js';

export interface HttpArgs extends OutputArgs {
  engine?: string[];
  route?: string;
  connections?: string;
  pipelining?: string;
  duration?: string;
  amount?: string;
  warmup?: string;
  rate?: string;
  listeners?: string;
  seed?: string;
  timeout?: string;
  param?: string[];
  url?: string;
  client?: string;
  engineOpt?: string[];
  label?: string;
  check?: boolean;
}

function builder(y: Argv): Argv<HttpArgs> {
  const withFlags = y
    .option('engine', { alias: 'e', type: 'string', array: true, group: 'Cache:', describe: `cache(s) behind the API, one after another: ${HTTP_ENGINE_NAMES.join(' | ')} [default: redis-style]` })
    .option('url', { type: 'string', group: 'Cache:', describe: 'server URL for the redis / memcached engines' })
    .option('client', { type: 'string', group: 'Cache:', describe: 'real servers: redis client resp | ioredis; memcached client text | memjs' })
    .option('engine-opt', { type: 'string', array: true, group: 'Cache:', describe: 'engine option key=value (repeatable)' })
    .option('route', {
      type: 'string',
      group: 'API:',
      describe: `comma-separated routes, each optionally :weight [default: users]:\n${ROUTES.map((r) => `  ${r.name.padEnd(12)}${r.doc}`).join('\n')}`,
    })
    .option('param', { alias: 'p', type: 'string', array: true, group: 'API:', describe: `API parameter key=value (repeatable):\n${Object.entries(API_PARAMS).map(([k, v]) => `  ${k}: ${v}`).join('\n')}` })
    .option('listeners', { type: 'string', group: 'API:', describe: 'events: event-stream listeners per room (4 rooms) [default: 5]' })
    .option('check', { type: 'boolean', group: 'API:', describe: 'only run the correctness checks of the routes (no load); exit 1 when one fails' })
    .option('connections', { alias: 'c', type: 'string', group: 'Load (autocannon):', describe: 'concurrent connections [default: 10]' })
    .option('pipelining', { type: 'string', group: 'Load (autocannon):', describe: 'requests in flight per connection [default: 1]' })
    .option('duration', { alias: 'd', type: 'string', group: 'Load (autocannon):', describe: 'measured phase, e.g. 10s [default: 10s]' })
    .option('amount', { alias: 'n', type: 'string', group: 'Load (autocannon):', describe: 'measured requests instead of a duration' })
    .option('warmup', { type: 'string', group: 'Load (autocannon):', describe: 'excluded warm-up run [default: 1s]' })
    .option('rate', { type: 'string', group: 'Load (autocannon):', describe: 'requests/s over all connections (paced, closed loop: not corrected for coordinated omission)' })
    .option('seed', { type: 'string', group: 'Load (autocannon):', describe: 'seed of ids, users table and follower graph [default: random, recorded]' })
    .option('timeout', { type: 'string', group: 'Load (autocannon):', describe: 'per-request timeout [default: 10s]' })
    .option('label', { type: 'string', describe: 'label for tables and charts [default: derived from the settings]' });
  return withOutputOptions(withFlags) as unknown as Argv<HttpArgs>;
}

export const httpCommand: CommandModule<object, HttpArgs> = {
  command: 'http',
  describe: 'the HTTP API over each cache (and none) under autocannon: per-route latency, status codes, hit ratio, DB queries/s, time split',
  builder: (y) =>
    builder(y)
      .example('$0 http -e redis-server memcached-server redis-style none --route users -d 10s --report out/http.html', 'cache-aside over Postgres per cache, and without one')
      .example('$0 http -e redis-server --route login,me,score,top,tweet,timeline --connections 100 -d 10s', 'a route mix')
      .example('$0 http -e redis-style --route limited --check', '10 requests in a minute from one client: 5 × 200, then 5 × 429'),
  handler: async (args) => {
    const { httpHandler } = await import('./handler.js');
    await httpHandler(args);
  },
};
