import { describe, expect, it } from 'vitest';
import { parseMemcachedUrl } from '../../../../engines/real/memcached/url.js';
import { resolveMcAdapterOptions } from '../../../../engines/real/memcached/options.js';
import { memcachedFactory, memcachedServerFactory } from '../../../../engines/real/memcached/factory.js';
import { distUrl } from '../../../../shared/dist-url.js';

describe('memcached URLs and options', () => {
  it('parses one server, a pool, default ports and credentials', () => {
    expect(parseMemcachedUrl('memcached://cache:11311')).toEqual({ servers: [{ host: 'cache', port: 11311 }] });
    expect(parseMemcachedUrl('memcached://u:p%40ss@a,b:2')).toEqual({
      servers: [{ host: 'a', port: 11211 }, { host: 'b', port: 2 }],
      username: 'u',
      password: 'p@ss',
    });
  });

  it('reads ketama weights as libmemcached server lists write them (host:port:weight), and refuses bad ones naming the server', () => {
    expect(parseMemcachedUrl('memcached://a:11211:3,b:11212,c:1:1').servers).toEqual([
      { host: 'a', port: 11211, weight: 3 },
      { host: 'b', port: 11212 },
      { host: 'c', port: 1, weight: 1 },
    ]);
    for (const w of ['0', '-1', '1.5', 'x', '', '1000001']) {
      expect(() => parseMemcachedUrl(`memcached://a:1,b:2:${w}`), w).toThrow(
        `has weight '${w}' for b:2; a weight is an integer from 1 to 1000000; expected memcached://[user:pass@]host1:port1[:weight1]`,
      );
    }
  });

  it('rejects malformed URLs naming the field and the expected form, without the password', () => {
    expect(() => parseMemcachedUrl('redis://x')).toThrow(/^url: 'redis:\/\/x' does not start with memcached:\/\/; expected memcached:\/\//);
    expect(() => parseMemcachedUrl('memcached://u:secret@h:99999')).toThrow(/url: 'memcached:\/\/u:\*\*\*@h:99999' has port 99999/);
    expect(() => parseMemcachedUrl('memcached://')).toThrow(/names no server/);
  });

  it('validates client options with the allowed values', () => {
    expect(resolveMcAdapterOptions({})).toEqual({ client: 'text', connections: 1, timeoutMs: 5000 });
    expect(resolveMcAdapterOptions({ client: 'memjs', connections: '4' }).connections).toBe(4);
    expect(() => resolveMcAdapterOptions({ client: 'pylibmc' })).toThrow("client: 'pylibmc' is not one of text, memjs");
    expect(() => resolveMcAdapterOptions({ connections: 0 })).toThrow("connections: must be a positive integer (got '0')");
  });

  it('engines reject unknown options and a missing URL', async () => {
    const thread = { index: 0, count: 1, isWorker: false };
    await expect(memcachedFactory.create({}, undefined, thread)).rejects.toThrow(/^url: the memcached engine needs a URL/);
    await expect(memcachedServerFactory.prepareShared!({ persistence: 'aof' }, { seed: 1, workerUrl: distUrl })).rejects.toThrow(
      "memcached-server: unknown option 'persistence' (allowed: client, connections, timeoutMs, threads, memoryMb, cpus)",
    );
  });

  it('validateOptions rejects bad options without connecting or starting anything', () => {
    expect(() => memcachedFactory.validateOptions!({ url: 'memcached://h:1', client: 'x' })).toThrow("client: 'x' is not one of text, memjs");
    expect(() => memcachedFactory.validateOptions!({ url: 'memcached://h:1' })).not.toThrow();
    expect(() => memcachedServerFactory.validateOptions!({ threads: 'many' })).toThrow("threads: must be a positive integer (got 'many')");
    expect(() => memcachedServerFactory.validateOptions!({ threads: '2', memoryMb: 64 })).not.toThrow();
  });
});
