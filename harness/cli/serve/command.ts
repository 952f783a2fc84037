/**
 * `cachebench serve`: one of cachebench's own engines behind its real protocol — redis-style
 * over RESP2/RESP3 (redis-cli, redis-benchmark, ioredis, `cachebench run -e redis --url …`),
 * memcached-style over memcached's text and meta protocol with N worker threads on the one
 * shared store. Typed args, builder and examples here; the handler is imported when it runs.
 */
import type { Argv, CommandModule } from 'yargs';

export const SERVE_ENGINES = ['redis-style', 'memcached-style'] as const;

export interface ServeArgs {
  engine?: string;
  port?: string;
  bind?: string;
  threads?: string;
  engineOpt?: string | string[];
  requirepass?: string;
  maxclients?: string;
  queryBufferLimit?: string;
  protoMaxBulkLen?: string;
}

function builder(y: Argv): Argv<ServeArgs> {
  return y
    .option('engine', { alias: 'e', type: 'string', describe: `engine to serve: ${SERVE_ENGINES.join(' | ')}` })
    .option('port', { alias: 'p', type: 'string', describe: 'TCP port; 0 picks a free one (printed) [default: 6379 redis-style, 11211 memcached-style]' })
    .option('bind', { type: 'string', describe: 'address to listen on; anything but loopback only when given explicitly [default: 127.0.0.1]' })
    .option('threads', { alias: 't', type: 'string', describe: 'memcached-style: worker threads, each serving its own connections (memcached -t) [default: 4]' })
    .option('engine-opt', {
      type: 'string',
      describe: 'engine option key=value, repeatable (redis-style: persistence, appendfsync, dir, save-every-sec, maxmemory…; memcached-style: memoryMb, hashPower…)',
    })
    .option('requirepass', { type: 'string', describe: 'redis-style: password clients must AUTH with [default: none]' })
    .option('maxclients', { type: 'string', describe: 'most connections at once; more are refused [default: 10000 redis-style, 1024 memcached-style]' })
    .option('query-buffer-limit', { type: 'string', describe: 'redis-style: close a client buffering more unparsed bytes, e.g. 1gb [default: 1gb]' })
    .option('proto-max-bulk-len', { type: 'string', describe: 'redis-style: longest bulk string accepted, e.g. 512mb [default: 512mb]' }) as unknown as Argv<ServeArgs>;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: "serve a cachebench engine over its real protocol (RESP for redis-style, memcached's for memcached-style)",
  builder: (y) =>
    builder(y)
      .example('$0 serve --engine redis-style --port 6380 --engine-opt persistence=aof-everysec --engine-opt dir=data', 'redis-cli -p 6380 / redis-benchmark -p 6380 can drive it')
      .example('$0 serve --engine memcached-style --port 11311 --threads 2 --engine-opt memoryMb=256', 'two worker threads on one shared store'),
  handler: async (args) => {
    const { serveHandler } = await import('./handler.js');
    await serveHandler(args);
  },
};
