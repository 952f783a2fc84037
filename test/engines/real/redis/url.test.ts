import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../../engines/secrets.js';
import { parseRedisUrl } from '../../../../engines/real/redis/url.js';
import { resolveAdapterOptions } from '../../../../engines/real/redis/options.js';
import { managedRedisOptions, redisFactory, redisServerFactory } from '../../../../engines/real/redis/factory.js';
import { distUrl } from '../../../../shared/dist-url.js';

describe('redis URLs and options', () => {
  it('parses standalone, TLS, credentials, database and cluster seeds', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380')).toEqual({ mode: 'standalone', tls: false, nodes: [{ host: '127.0.0.1', port: 6380 }], db: 0 });
    expect(parseRedisUrl('rediss://alice:s%3Acret@db.example:6390/3')).toEqual({
      mode: 'standalone', tls: true, nodes: [{ host: 'db.example', port: 6390 }], username: 'alice', password: 's:cret', db: 3,
    });
    expect(parseRedisUrl('redis://:pw@h')).toMatchObject({ password: 'pw', nodes: [{ host: 'h', port: 6379 }] });
    expect(parseRedisUrl('redis+cluster://a:7000,b:7001')).toMatchObject({ mode: 'cluster', nodes: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }] });
  });

  it('rejects bad URLs with the field, the problem and the expected forms, password hidden', () => {
    expect(() => parseRedisUrl('http://x')).toThrow(/^url: 'http:\/\/x' has an unknown scheme \(allowed: redis:\/\/, rediss:\/\/, redis\+cluster:\/\/, rediss\+cluster:\/\/\)/);
    expect(() => parseRedisUrl('redis://u:topsecret@h:1/x')).toThrow(/url: 'redis:\/\/u:\*\*\*@h:1\/x' has database 'x'/);
    expect(() => parseRedisUrl('redis://a:1,b:2')).toThrow(/use redis\+cluster:\/\//);
    expect(() => parseRedisUrl('redis+cluster://a:1/2')).toThrow(/Redis Cluster does not support/);
    expect(redactUrl('redis://u:pw@h:1')).toBe('redis://u:***@h:1');
  });

  it('validates client knobs with the allowed values', () => {
    expect(resolveAdapterOptions({}, false)).toMatchObject({ client: 'resp', connections: 1, pipeline: 1, timeoutMs: 5000 });
    // A cluster too: the lean driver runs behind its slot router there.
    expect(resolveAdapterOptions({}, true).client).toBe('resp');
    expect(() => resolveAdapterOptions({ client: 'jedis' }, false)).toThrow("client: 'jedis' is not one of ioredis, resp");
    expect(() => resolveAdapterOptions({ client: 'resp', pipeline: 16 }, false)).toThrow(/apply to client 'ioredis' only/);
    expect(() => resolveAdapterOptions({ client: 'ioredis', pipeline: 16 }, true)).toThrow(/not with redis\+cluster/);
    expect(() => resolveAdapterOptions({ timeoutMs: -1 }, false)).toThrow("timeoutMs: must be a positive integer (got '-1')");
    expect(() => resolveAdapterOptions({ client: 'ioredis', autoPipelining: 'maybe' }, false)).toThrow(
      "autoPipelining: must be true or false (got 'maybe')",
    );
  });

  it('maps persistence names, aof-always included, and rejects the rest', () => {
    expect(managedRedisOptions({ persistence: 'aof-always' })).toEqual({ persistence: 'aof', appendfsync: 'always' });
    expect(managedRedisOptions({ persistence: 'aof', appendfsync: 'no' })).toEqual({ persistence: 'aof', appendfsync: 'no' });
    expect(managedRedisOptions({})).toEqual({ persistence: 'none' });
    expect(managedRedisOptions({ persistence: 'rdb+aof-always' })).toEqual({ persistence: 'rdb+aof', appendfsync: 'always' });
    expect(managedRedisOptions({ persistence: 'aof' })).toEqual({ persistence: 'aof', appendfsync: 'everysec' });
    expect(() => managedRedisOptions({ persistence: 'fsync' })).toThrow(
      "redis-server option 'persistence': 'fsync' is not one of none, rdb, aof-no, aof-everysec, aof-always, rdb+aof-no, rdb+aof-everysec, rdb+aof-always",
    );
    expect(() => managedRedisOptions({ persistence: 'aof-always', appendfsync: 'no' })).toThrow(/contradicts/);
  });

  it('engines reject unknown options and a missing URL', async () => {
    const thread = { index: 0, count: 1, isWorker: false };
    await expect(redisFactory.create({}, undefined, thread)).rejects.toThrow(/^url: the redis engine needs a URL/);
    await expect(redisServerFactory.prepareShared!({ threads: 4 }, { seed: 1, workerUrl: distUrl })).rejects.toThrow(/redis-server: unknown option 'threads' \(allowed: /);
  });

  it('validateOptions rejects bad options without connecting or starting anything', () => {
    expect(() => redisFactory.validateOptions!({ url: 'redis://127.0.0.1:1', client: 'bogus' })).toThrow(
      "client: 'bogus' is not one of ioredis, resp",
    );
    expect(() => redisFactory.validateOptions!({ url: 'redis://127.0.0.1:1' })).not.toThrow();
    expect(() => redisServerFactory.validateOptions!({ persistence: 'aof-sometimes' })).toThrow(/'persistence': 'aof-sometimes' is not one of/);
    expect(() => redisServerFactory.validateOptions!({ maxmemoryBytes: 'lots' })).toThrow("maxmemoryBytes: must be a positive integer (got 'lots')");
    expect(() => redisServerFactory.validateOptions!({ persistence: 'rdb', connections: '4' })).not.toThrow();
  });
});
