/**
 * Both lean drivers against real servers whose replies arrive a few bytes at a time (through a
 * dribbling proxy): values, VALUE blocks, STAT lists, arrays and errors split at arbitrary
 * points must come out whole and in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import { McTextClient } from '../../../engines/real/memcached/text/client.js';
import { RespClient } from '../../../engines/real/resp/client.js';
import { ErrorReply } from '../../../engines/types.js';
import { serverAvailable } from '../../support/servers.js';
import { TcpProxy } from '../../support/tcp-proxy.js';

const VALUES = Array.from({ length: 40 }, (_, i) => 'x'.repeat(i * 7) + `\r\n${i}\x00\xff`);
/** Key indices of every width the load path writes as digits (one to sixteen). */
const INDICES = [0, 7, 10, 99, 100, 65535, 123456789, 2 ** 32, 2 ** 40 + 3, 2 ** 53 - 1];

/** Runs `issue(i, onValue, onError)` for every value, each through the driver's callback lane; resolves with the settled values in order. */
function viaLanes(count: number, issue: (i: number, onValue: (v: unknown) => void, onError: (e: unknown) => void) => void): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const out = new Array<unknown>(count);
    let left = count;
    for (let i = 0; i < count; i++) {
      issue(
        i,
        (v) => {
          out[i] = v;
          if (--left === 0) resolve(out);
        },
        reject,
      );
    }
  });
}


describe.runIf(serverAvailable('redis-server'))('lean RESP driver: replies split at arbitrary points', () => {
  let server: ManagedServer;
  let proxy: TcpProxy;
  beforeAll(async () => {
    server = await startRedisServer();
    proxy = await TcpProxy.start(server.port);
    proxy.dribble();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it('assembles bulk strings, arrays, integers, statuses and errors in order', async () => {
    const client = new RespClient({ host: '127.0.0.1', port: proxy.port, connections: 2 });
    try {
      await Promise.all(VALUES.map((v, i) => client.set(`s:${i}`, v)));
      const [values, many, count, wrong, pong] = await Promise.all([
        Promise.all(VALUES.map((_, i) => client.get(`s:${i}`))),
        client.mget(VALUES.map((_, i) => `s:${i}`)),
        client.incr('s:n', 12345678901),
        client.call(['LPUSH', 's:0', 'x']),
        client.call(['PING']),
      ]);
      expect(values).toEqual(VALUES);
      expect(many).toEqual(VALUES);
      expect(count).toBe(12345678901);
      expect((wrong as ErrorReply).code).toBe('WRONGTYPE');
      expect(String(pong)).toBe('PONG');
    } finally {
      await client.close();
    }
  });

  it('callback lanes: GET reports lengths (-1 for a miss) without the value; SET with a TTL lands', async () => {
    const client = new RespClient({ host: '127.0.0.1', port: proxy.port, connections: 2 });
    try {
      await viaLanes(VALUES.length, (i, ok, fail) => client.setTtlWith(i, `l:${i}`, VALUES[i]!, i % 2 === 0 ? 60_000 : 0, ok, fail));
      const lengths = await viaLanes(VALUES.length + 1, (i, ok, fail) => client.getLengthWith(i, i < VALUES.length ? `l:${i}` : 'l:none', ok, fail));
      expect(lengths).toEqual([...VALUES.map((v) => v.length), -1]);
      expect(await client.call(['PTTL', 'l:0'])).toBeGreaterThan(0);
      expect(await client.call(['PTTL', 'l:1'])).toBe(-1);
      // A value read is still whole after length-only reads on the same connection.
      expect(await client.get('l:3')).toBe(VALUES[3]);
    } finally {
      await client.close();
    }
  });

  it('callback lanes with the key as prefix + index: the server sees exactly `prefix` + the digits', async () => {
    const client = new RespClient({ host: '127.0.0.1', port: proxy.port, connections: 2 });
    try {
      await viaLanes(INDICES.length, (i, ok, fail) => client.setAtWith(i, 'ix:', INDICES[i]!, VALUES[i]!, i === 1 ? 60_000 : 0, ok, fail));
      const lengths = await viaLanes(INDICES.length + 1, (i, ok, fail) => client.getLengthAtWith(i, 'ix:', i < INDICES.length ? INDICES[i]! : 424242, ok, fail));
      expect(lengths).toEqual([...INDICES.map((_, i) => VALUES[i]!.length), -1]);
      // Read back by the ordinary string keys.
      expect(await Promise.all(INDICES.map((n) => client.get(`ix:${n}`)))).toEqual(INDICES.map((_, i) => VALUES[i]));
      expect(await client.call(['PTTL', `ix:${INDICES[1]}`])).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});

describe.runIf(serverAvailable('memcached'))('memcached text driver: replies split at arbitrary points', () => {
  let server: ManagedServer;
  let proxy: TcpProxy;
  beforeAll(async () => {
    server = await startMemcached({ threads: 1 });
    proxy = await TcpProxy.start(server.port);
    proxy.dribble();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it('assembles VALUE blocks, multi-gets, stats and error lines in order', async () => {
    const client = new McTextClient({ servers: [{ host: '127.0.0.1', port: proxy.port }], connections: 2 });
    try {
      await Promise.all(VALUES.map((v, i) => client.set(`s:${i}`, v)));
      const keys = VALUES.map((_, i) => `s:${i}`);
      const [values, many, multi, stats, notNumber, missing] = await Promise.all([
        Promise.all(keys.map((k) => client.get(k))),
        client.mget([...keys, 'nope']),
        client.memcached.getMulti(keys),
        client.stats(),
        client.memcached.incr('s:1', 1),
        client.get('nope'),
      ]);
      expect(values).toEqual(VALUES);
      expect(many).toEqual([...VALUES, null]);
      expect([...multi.values()].map((v) => v.value).sort()).toEqual([...VALUES].sort());
      expect(typeof stats['curr_items']).toBe('number');
      expect(notNumber).toBeInstanceOf(ErrorReply);
      expect(missing).toBeNull();
    } finally {
      await client.close();
    }
  });

  it('callback lanes: GET reports lengths (-1 for a miss) without the value; SET lands', async () => {
    const client = new McTextClient({ servers: [{ host: '127.0.0.1', port: proxy.port }], connections: 2 });
    try {
      await viaLanes(VALUES.length, (i, ok, fail) => client.setWith(i, `l:${i}`, VALUES[i]!, 0, ok, fail));
      const lengths = await viaLanes(VALUES.length + 1, (i, ok, fail) => client.getLengthWith(i, i < VALUES.length ? `l:${i}` : 'l:none', ok, fail));
      expect(lengths).toEqual([...VALUES.map((v) => v.length), -1]);
      expect(await client.get('l:5')).toBe(VALUES[5]);
      await expect(viaLanes(1, (i, ok, fail) => client.getLengthWith(i, 'bad key', ok, fail))).rejects.toThrow(/CLIENT_ERROR/);
    } finally {
      await client.close();
    }
  });

  it('callback lanes with the key as prefix + index: the server sees exactly `prefix` + the digits; a bad prefix is refused', async () => {
    const client = new McTextClient({ servers: [{ host: '127.0.0.1', port: proxy.port }], connections: 2 });
    try {
      await viaLanes(INDICES.length, (i, ok, fail) => client.setAtWith(i, 'ix:', INDICES[i]!, VALUES[i]!, 0, ok, fail));
      const lengths = await viaLanes(INDICES.length + 1, (i, ok, fail) => client.getLengthAtWith(i, 'ix:', i < INDICES.length ? INDICES[i]! : 424242, ok, fail));
      expect(lengths).toEqual([...INDICES.map((_, i) => VALUES[i]!.length), -1]);
      expect(await Promise.all(INDICES.map((n) => client.get(`ix:${n}`)))).toEqual(INDICES.map((_, i) => VALUES[i]));
      await expect(viaLanes(1, (i, ok, fail) => client.getLengthAtWith(i, 'bad prefix', 1, ok, fail))).rejects.toThrow(/CLIENT_ERROR/);
      await expect(viaLanes(1, (i, ok, fail) => client.setAtWith(i, 'k'.repeat(240), 1, 'v', 0, ok, fail))).rejects.toThrow(/CLIENT_ERROR/);
    } finally {
      await client.close();
    }
  });
});
