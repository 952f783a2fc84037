/**
 * The served memcached-style engine (`cachebench serve --engine memcached-style --threads 2`,
 * a child process) on the wire: raw requests answered byte for byte as memcached 1.6 answers
 * them (text and meta commands, noreply, bad lines, a data block split over reads), many
 * connections spread over both worker threads on one store, and the lean text driver and
 * memjs-free kv through cachebench's own `memcached` engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemcached, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { engineFactory } from '../../../../engines/registry.js';
import { serverAvailable } from '../../../support/servers.js';
import { startServe, type ServeProcess } from '../../../support/serve-process.js';
import { RawClient } from '../support/raw-client.js';

const haveMemcached = serverAvailable('memcached');

/** Scripts whose complete answers must equal memcached's (CAS values masked: both count from their own start). */
const SCRIPTS: { name: string; send: string }[] = [
  { name: 'storage and retrieval', send: 'set a 5 0 5\r\nhello\r\nget a\r\nadd a 0 0 1\r\nx\r\nreplace b 0 0 1\r\nx\r\nappend a 0 0 3\r\n!!!\r\nprepend a 0 0 2\r\n>>\r\nget a b a\r\ndelete a\r\ndelete a\r\nget a\r\n' },
  { name: 'gets / cas', send: 'set c 0 0 1\r\n1\r\ngets c\r\ncas c 0 0 1 999999\r\n2\r\ncas nope 0 0 1 1\r\n2\r\n' },
  { name: 'incr / decr / touch / gat', send: 'set n 0 0 2\r\n10\r\nincr n 5\r\ndecr n 100\r\nincr n 18446744073709551615\r\nincr x 1\r\nset s 0 0 1\r\nz\r\nincr s 1\r\nincr n abc\r\ntouch n 100\r\ntouch x 1\r\ngat 0 n\r\n' },
  { name: 'noreply and bad lines', send: 'set q 0 0 1 noreply\r\nq\r\nget q\r\nset q 0 0 -1\r\nbogus\r\nset\r\nget\r\nincr q\r\ndelete q 0 noreply\r\nget q\r\nflush_all noreply\r\nverbosity 1\r\n' },
  { name: 'a bad data chunk and an over-long key', send: `set k 0 0 2\r\nabc\r\nset ${'k'.repeat(251)} 0 0 1\r\nx\r\n` },
  // A get with a too-long key drops the replies of its batch not yet sent (memcached 1.6).
  { name: 'an over-long get key drops the batch', send: `set k 0 0 1\r\nv\r\nget k\r\nget ${'k'.repeat(251)}\r\nget k\r\n` },
  { name: 'meta: ms / mg / md / ma / mn', send: 'ms m 3 T0 F7\r\nxyz\r\nmg m v f s k\r\nmg m\r\nmg nope v\r\nmg nope v q\r\nmn\r\nmd m q\r\nmd m\r\nmg m v\r\nms n 2\r\n41\r\nma n\r\nma n v\r\nma n MD D2 v\r\nma nope\r\nma nope N0 J10 v\r\nmn\r\n' },
];

async function answer(port: number, send: string): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    c.send('flush_all\r\n');
    await c.until((t) => t === 'OK\r\n');
    c.take();
    // Send in two pieces split inside a data block: the server must wait for the rest.
    const cut = Math.floor(send.length / 2);
    c.send(send.slice(0, cut));
    await new Promise((r) => setTimeout(r, 20));
    c.send(send.slice(cut));
    let last = -1;
    for (;;) {
      const text = await c.until(() => false, 150);
      if (text.length === last || c.closed) break;
      last = text.length;
    }
    return c.take().replace(/(VALUE \S+ \d+ \d+) \d+/g, '$1 <cas>').replace(/ c\d+/g, ' c<cas>');
  } finally {
    c.close();
  }
}

describe('served memcached-style (2 worker threads)', () => {
  let served: ServeProcess;
  beforeAll(async () => {
    served = await startServe(['--engine', 'memcached-style', '--threads', '2', '--engine-opt', 'memoryMb=16']);
  });
  afterAll(async () => {
    served?.child.kill('SIGTERM');
    await served?.exited;
  });

  describe.skipIf(!haveMemcached)('byte for byte as memcached 1.6 answers', () => {
    let real: ManagedServer;
    beforeAll(async () => {
      real = await startMemcached({ threads: 2, memoryMb: 16 });
    });
    afterAll(async () => {
      await real?.stop();
    });
    for (const script of SCRIPTS) {
      it(script.name, async () => {
        const theirs = await answer(real.port, script.send);
        const ours = await answer(served.port, script.send);
        expect(ours).toBe(theirs);
      });
    }
  });

  it('connections land on both worker threads and all see one store', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => RawClient.connect(served.port)));
    await Promise.all(clients.map((c, i) => c.exchange(`set shared${i} 0 0 ${String(i).length}\r\n${i}\r\n`, 'STORED\r\n')));
    for (const c of clients) {
      const keys = clients.map((_, i) => `shared${i}`).join(' ');
      const out = await c.exchange(`get ${keys}\r\n`, 'END\r\n');
      expect(out.match(/^VALUE /gm)).toHaveLength(12);
    }
    const stats = await clients[0]!.exchange('stats\r\n', 'END\r\n');
    expect(stats).toContain('STAT threads 2');
    for (const c of clients) c.close();
  });

  it('quit closes; a line without newline over 2048 bytes closes', async () => {
    const a = await RawClient.connect(served.port);
    a.send('version\r\nquit\r\n');
    expect(await a.until(() => false, 10_000)).toMatch(/^VERSION /);
    expect(a.closed).toBe(true);
    const b = await RawClient.connect(served.port);
    b.send('x'.repeat(3000));
    await b.until(() => false, 10_000);
    expect(b.closed).toBe(true);
  });

  it('memjs (binary protocol) drives it: set/get/add/replace/delete/increment/touch/flush/stats', async () => {
    const memjs = (await import('memjs')).default;
    const client = memjs.Client.create(`127.0.0.1:${served.port}`, { retries: 0, timeout: 2 });
    try {
      expect(await client.set('mj', 'value', { expires: 0 })).toBe(true);
      expect((await client.get('mj')).value?.toString()).toBe('value');
      expect(await client.add('mj', 'x', {})).toBe(false);
      expect(await client.replace('mj-missing', 'x', {})).toBe(false);
      expect(await client.replace('mj', 'v2', {})).toBe(true);
      expect((await client.get('mj')).value?.toString()).toBe('v2');
      expect((await client.increment('mj-n', 5, { initial: 10 })).value).toBe(10);
      expect((await client.increment('mj-n', 5, {})).value).toBe(15);
      expect((await client.decrement('mj-n', 20, {})).value).toBe(0);
      expect(await client.touch('mj', 100)).toBe(true);
      expect(await client.delete('mj')).toBe(true);
      expect((await client.get('mj')).value).toBe(null);
      const stats = await new Promise<Record<string, string>>((resolve, reject) =>
        client.stats((err: Error | null, _server: string, figures: Record<string, string> | null) => (err ? reject(err) : resolve(figures ?? {}))),
      );
      expect(stats).toMatchObject({ threads: '2' });
    } finally {
      client.close();
    }
  });

  it("cachebench's memcached engine (lean text driver) drives it: kv and the memcached facet", async () => {
    const factory = engineFactory('memcached')!;
    const options = { url: `memcached://127.0.0.1:${served.port}`, connections: 2 };
    const engine = await factory.create(options, undefined, { index: 0, count: 1, isWorker: false });
    try {
      await engine.kv.set('drv', 'value');
      expect(await engine.kv.get('drv')).toBe('value');
      expect(await engine.kv.add('drv', 'x')).toBe(false);
      expect(await engine.kv.incr('drv-missing', 1)).toBe(null);
      const mc = engine.memcached!;
      const got = await mc.get('drv');
      expect(got?.value).toBe('value');
      expect(await mc.cas('drv', 'new', got!.cas)).toBe('STORED');
      expect(await mc.cas('drv', 'newer', got!.cas)).toBe('EXISTS');
      expect(await mc.incr('drv-ctr', 1n)).toBe(null);
      await mc.set('drv-ctr', '18446744073709551615');
      expect(await mc.incr('drv-ctr', 1n)).toBe(0n);
    } finally {
      await engine.close();
    }
  });
});
