/**
 * The served redis-style engine on the wire. Byte for byte against redis-server 7.0 for the
 * same raw requests (inline and RESP, pipelined, errors, protocol errors that close, RESP3
 * after HELLO 3, subscribed mode); then what only several connections show (pub/sub, BLPOP
 * served by another client's push, WATCH broken by another client, CLIENT LIST, AUTH,
 * maxclients, query-buffer limit, SHUTDOWN) and the real tools (redis-cli, redis-benchmark,
 * ioredis).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedisServer, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { RespServer } from '../../../../engines/protocol/resp/server.js';
import { serverAvailable } from '../../../support/servers.js';
import { RawClient } from '../support/raw-client.js';

const run = promisify(execFile);
const haveRedis = serverAvailable('redis-server');
const haveCli = serverAvailable('redis-cli');
const haveBenchmark = serverAvailable('redis-benchmark');

/** Requests whose complete answers must equal redis-server's, byte for byte. */
const SCRIPTS: { name: string; send: string }[] = [
  { name: 'RESP ping, echo, set/get, integers, nil', send: '*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$3\r\na\x00b\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*2\r\n$3\r\nGET\r\n$4\r\nnone\r\n' },
  { name: 'inline commands with quotes and escapes', send: 'PING\r\nSET q "a b\\x41\\n"\r\nGET q\r\nSET s \'it\\\'s\'\r\nGET s\r\n\r\n   \r\nEXISTS q s\n' },
  { name: 'errors: unknown command, arity, wrong type, not an integer', send: 'FOO bar baz\r\nGET\r\nLPUSH l a\r\nGET l\r\nINCRBY l x\r\nSET k v\r\nINCR k\r\n' },
  { name: 'null arrays and empty replies', send: 'LPOP none 2\r\nLPOP none\r\nHGETALL none\r\nSMEMBERS none\r\nZRANGE none 0 -1 WITHSCORES\r\nMGET a b\r\n' },
  { name: 'MULTI/EXEC with a queued error and a runtime error', send: 'MULTI\r\nSET a 1\r\nINCR a\r\nLPUSH a x\r\nEXEC\r\nMULTI\r\nGET\r\nEXEC\r\nEXEC\r\nDISCARD\r\n' },
  { name: 'RESP3 after HELLO 3: maps, sets, doubles, nulls, pairs', send: 'HSET h f v\r\nSADD s a\r\nZADD z 1.5 m 2 n\r\nHELLO 3\r\nHGETALL h\r\nSMEMBERS s\r\nZSCORE z m\r\nZRANGE z 0 -1 WITHSCORES\r\nZPOPMIN z\r\nGET nothing\r\nLPOP nothing 2\r\nZMSCORE z n x\r\nHELLO 2\r\nGET nothing\r\n' },
  { name: 'subscribed mode (RESP2): only subscribe commands, PING and QUIT', send: 'SUBSCRIBE a b\r\nGET k\r\nPING\r\nPING hi\r\nPSUBSCRIBE p*\r\nUNSUBSCRIBE a\r\nUNSUBSCRIBE\r\nPUNSUBSCRIBE\r\nGET k\r\nUNSUBSCRIBE\r\n' },
  { name: 'AUTH without a password, CLIENT names', send: 'AUTH x\r\nAUTH a b c d\r\nCLIENT SETNAME "a b"\r\nCLIENT SETNAME good\r\nCLIENT GETNAME\r\nCLIENT NOPE\r\nSELECT 99\r\nSELECT 1\r\nGET k\r\n' },
  { name: 'protocol error: bulk length', send: 'SET a 1\r\n*2\r\n$3\r\nGET\r\n$-3\r\nGET a\r\n' },
  { name: 'protocol error: multibulk length', send: '*x\r\n' },
  { name: "protocol error: expected '$'", send: '*2\r\n$3\r\nGET\r\n:1\r\n' },
  { name: 'protocol error: unbalanced quotes', send: 'PING\r\nSET a "b\r\n' },
  { name: 'QUIT answers and closes', send: 'PING\r\nQUIT\r\nPING\r\n' },
];

/** Every byte a server answers to `send` on a fresh connection (until it goes quiet or closes). */
async function answer(port: number, send: string): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    c.send('FLUSHALL\r\n');
    await c.until((t) => t === '+OK\r\n');
    c.take();
    c.send(send);
    let last = -1;
    // Wait until no more bytes come for 150 ms.
    for (;;) {
      const text = await c.until(() => false, 150);
      if (text.length === last || c.closed) break;
      last = text.length;
    }
    return c.take() + (c.closed ? '<closed>' : '');
  } finally {
    c.close();
  }
}

/** total_reads_processed / total_writes_processed moved by 16 pipelined PINGs sent in one write. */
async function readsAndWrites(port: number): Promise<{ reads: number; writes: number }> {
  const c = await RawClient.connect(port);
  const counters = async (): Promise<[number, number]> => {
    const info = await c.exchange('INFO stats\r\n', '\r\n\r\n');
    const field = (name: string): number => Number(new RegExp(`${name}:(\\d+)`).exec(info)![1]);
    return [field('total_reads_processed'), field('total_writes_processed')];
  };
  try {
    const [r0, w0] = await counters();
    expect(await c.exchange('PING\r\n'.repeat(16), '+PONG\r\n', 16)).toBe('+PONG\r\n'.repeat(16));
    const [r1, w1] = await counters();
    return { reads: r1 - r0, writes: w1 - w0 };
  } finally {
    c.close();
  }
}

/** HELLO's map differs in version and id: replace it by a marker on both sides. */
function withoutHelloMap(text: string): string {
  return text.replace(/%7\r\n\$6\r\nserver\r\n[\s\S]*?\$7\r\nmodules\r\n\*0\r\n/g, '<hello3>').replace(/\*14\r\n\$6\r\nserver\r\n[\s\S]*?\$7\r\nmodules\r\n\*0\r\n/g, '<hello2>');
}

describe('served redis-style: the wire', () => {
  let served: RespServer;
  beforeAll(async () => {
    served = await RespServer.start({ port: 0 });
  });
  afterAll(async () => {
    await served?.shutdown();
  });

  describe.skipIf(!haveRedis)('byte for byte as redis-server 7.0 answers', () => {
    let real: ManagedServer;
    beforeAll(async () => {
      real = await startRedisServer({ persistence: 'none' });
    });
    afterAll(async () => {
      await real?.stop();
    });
    for (const script of SCRIPTS) {
      it(script.name, async () => {
        const theirs = withoutHelloMap(await answer(real.port, script.send));
        const ours = withoutHelloMap(await answer(served.port, script.send));
        expect(ours).toBe(theirs);
      });
    }

    it('INFO stats counts reads and reply writes as redis-server does: a pipelined batch is one read and one write', async () => {
      const theirs = await readsAndWrites(real.port);
      const ours = await readsAndWrites(served.port);
      // Between the two INFOs: the first INFO's reply write, the batch's read and write, the second INFO's read.
      expect(theirs).toEqual({ reads: 2, writes: 2 });
      expect(ours).toEqual(theirs);
    });
  });

  it('pipelined requests are answered in order in one write per read', async () => {
    const c = await RawClient.connect(served.port);
    const writes: number[] = [];
    c.socket.on('data', (d) => writes.push(d.length));
    let req = '';
    for (let i = 0; i < 16; i++) req += `*3\r\n$3\r\nSET\r\n$2\r\nk${i % 10}\r\n$1\r\n${i % 10}\r\n*2\r\n$3\r\nGET\r\n$2\r\nk${i % 10}\r\n`;
    const out = await c.exchange(req, '\r\n', 48);
    expect(out).toBe(Array.from({ length: 16 }, (_, i) => `+OK\r\n$1\r\n${i % 10}\r\n`).join(''));
    expect(writes).toHaveLength(1);
    c.close();
  });

  it('a command split across many reads, and a large value, arrive whole', async () => {
    const c = await RawClient.connect(served.port);
    const value = 'x'.repeat(3 * 1024 * 1024);
    const req = Buffer.from(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${value.length}\r\n${value}\r\n*2\r\n$6\r\nSTRLEN\r\n$3\r\nbig\r\n`, 'latin1');
    for (let at = 0; at < req.length; at += 65536) c.send(req.subarray(at, Math.min(req.length, at + 65536)));
    expect(await c.until((t) => t.endsWith(`:${value.length}\r\n`))).toBe(`+OK\r\n:${value.length}\r\n`);
    c.close();
  });

  it('pub/sub across connections, patterns included, RESP2 and RESP3 pushes', async () => {
    const sub = await RawClient.connect(served.port);
    const sub3 = await RawClient.connect(served.port);
    const pub = await RawClient.connect(served.port);
    expect(await sub.exchange('SUBSCRIBE news\r\nPSUBSCRIBE n*\r\n', '\r\n', 2 * 6)).toBe(
      '*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:2\r\n',
    );
    await sub3.exchange('HELLO 3\r\n', '*0\r\n');
    expect(await sub3.exchange('SUBSCRIBE news\r\n', ':1\r\n')).toBe('>3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n');
    // RESP3 allows other commands while subscribed.
    expect(await sub3.exchange('GET nothing\r\n', '_\r\n')).toBe('_\r\n');
    expect(await pub.exchange('PUBLISH news hello\r\n', ':3\r\n')).toBe(':3\r\n');
    expect(await sub.until((t) => t.includes('pmessage') && t.endsWith('hello\r\n'))).toBe(
      '*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n',
    );
    expect(await sub3.until((t) => t.endsWith('hello\r\n'))).toBe('>3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n');
    sub.close();
    sub3.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await pub.exchange('PUBSUB NUMSUB news\r\n', '\r\n', 3)).toBe('*2\r\n$4\r\nnews\r\n:0\r\n');
    pub.close();
  });

  it('BLPOP on one connection is served by a push on another; later pipelined commands wait for it', async () => {
    const waiter = await RawClient.connect(served.port);
    const pusher = await RawClient.connect(served.port);
    waiter.send('DEL q\r\nBLPOP q 5\r\nPING\r\n');
    expect(await waiter.until((t) => t.length >= 4, 300)).toBe(':0\r\n');
    expect(await waiter.quiet(100)).toBe(':0\r\n');
    expect(await pusher.exchange('RPUSH q job\r\n', ':1\r\n')).toBe(':1\r\n');
    await waiter.until((t) => t.endsWith('+PONG\r\n'));
    expect(waiter.take()).toBe('*2\r\n$1\r\nq\r\n$3\r\njob\r\n+PONG\r\n');
    // A timeout answers the null array.
    expect(await waiter.exchange('BLPOP q 0.05\r\n', '*-1\r\n')).toBe('*-1\r\n');
    waiter.close();
    pusher.close();
  });

  it('WATCH: a change from another connection aborts EXEC', async () => {
    const a = await RawClient.connect(served.port);
    const b = await RawClient.connect(served.port);
    await a.exchange('SET w 1\r\nWATCH w\r\nMULTI\r\nINCR w\r\n', '+QUEUED\r\n');
    await b.exchange('SET w 5\r\n', '+OK\r\n');
    expect(await a.exchange('EXEC\r\nGET w\r\n', '$1\r\n5\r\n')).toBe('*-1\r\n$1\r\n5\r\n');
    a.close();
    b.close();
  });

  it('CLIENT ID / LIST / KILL see every connection', async () => {
    const a = await RawClient.connect(served.port);
    const b = await RawClient.connect(served.port);
    await b.exchange('CLIENT SETNAME bee\r\n', '+OK\r\n');
    const idText = await b.exchange('CLIENT ID\r\n', '\r\n');
    const id = Number(/^:(\d+)/.exec(idText)![1]);
    const list = await a.until(() => false, 1).then(() => a.exchange('CLIENT LIST\r\n', '\n\r\n'));
    expect(list).toMatch(new RegExp(`id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:${served.port} fd=\\d+ name=bee `));
    expect(list).toMatch(/cmd=client\|list|cmd=client/);
    expect(await a.exchange(`CLIENT KILL ID ${id}\r\n`, '\r\n')).toBe(':1\r\n');
    await b.until(() => false, 10_000);
    expect(b.closed).toBe(true);
    a.close();
  });

  it('INFO and CONFIG GET answer what clients and redis-benchmark read', async () => {
    const c = await RawClient.connect(served.port);
    const info = await c.exchange('INFO\r\n', '\r\n\r\n');
    for (const field of ['redis_version:7.0.15', 'connected_clients:', 'loading:0', 'role:master', `tcp_port:${served.port}`]) expect(info).toContain(field);
    expect(await c.exchange('CONFIG GET appendonly\r\n', '\r\n', 5)).toBe('*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n');
    expect(await c.exchange('CONFIG SET port 1\r\n', '\r\n')).toBe("-ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config\r\n");
    expect(await c.exchange('COMMAND INFO get\r\n', '\r\n', 15)).toMatch(/^\*1\r\n\*10\r\n\$3\r\nget\r\n:2\r\n\*2\r\n\+readonly\r\n\+fast\r\n:1\r\n:1\r\n:1\r\n/);
    c.close();
  });
});

describe('served redis-style: AUTH, limits and shutdown', () => {
  it('requirepass: NOAUTH until AUTH or HELLO AUTH; wrong passwords refused; stricter limits before', async () => {
    const s = await RespServer.start({ port: 0, requirepass: 's3cret' });
    try {
      const c = await RawClient.connect(s.port);
      expect(await c.exchange('GET k\r\n', '\r\n')).toBe('-NOAUTH Authentication required.\r\n');
      expect(await c.exchange('AUTH nope\r\n', '\r\n')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect(await c.exchange('HELLO 3\r\n', '\r\n')).toMatch(/^-NOAUTH HELLO must be called with the client already authenticated/);
      expect(await c.exchange('AUTH s3cret\r\nSET k v\r\n', '\r\n', 2)).toBe('+OK\r\n+OK\r\n');
      const d = await RawClient.connect(s.port);
      expect(await d.exchange('HELLO 2 AUTH default s3cret SETNAME n\r\n', '*0\r\n')).toContain('$5\r\nproto\r\n:2\r\n');
      expect(await d.exchange('GET k\r\n', '\r\n', 2)).toBe('$1\r\nv\r\n');
      const e = await RawClient.connect(s.port);
      expect(await e.exchange('*11\r\n', '\r\n')).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
      await e.until(() => false, 10_000);
      expect(e.closed).toBe(true);
      for (const x of [c, d]) x.close();
    } finally {
      await s.shutdown();
    }
  });

  it('maxclients refuses the connection over the limit; proto-max-bulk-len and the query buffer limit hold', async () => {
    const s = await RespServer.start({ port: 0, maxclients: 2, protoMaxBulkLen: 1024 * 1024, clientQueryBufferLimit: 2 * 1024 * 1024 });
    try {
      const a = await RawClient.connect(s.port);
      const b = await RawClient.connect(s.port);
      const over = await RawClient.connect(s.port);
      expect(await over.until((t) => t.endsWith('\r\n'))).toBe('-ERR max number of clients reached\r\n');
      expect(await a.exchange(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${1024 * 1024 + 1}\r\n`, '\r\n')).toBe('-ERR Protocol error: invalid bulk length\r\n');
      // 3 MB of an unfinished inline-free command: the client is closed, nothing answered.
      b.send(`*2\r\n$4\r\nECHO\r\n$${1024 * 1024}\r\n`);
      for (let i = 0; i < 3; i++) b.send(Buffer.alloc(1024 * 1024, 97));
      await b.until(() => false, 10_000);
      expect(b.closed).toBe(true);
      const c = await RawClient.connect(s.port);
      expect(await c.exchange('PING\r\n', '\r\n')).toBe('+PONG\r\n');
      for (const x of [a, over, c]) x.close();
    } finally {
      await s.shutdown();
    }
  });

  it('SHUTDOWN closes every connection and the listener', async () => {
    const s = await RespServer.start({ port: 0 });
    const done = new Promise<string>((resolve) => s.on('shutdown', resolve));
    const other = await RawClient.connect(s.port);
    const c = await RawClient.connect(s.port);
    c.send('SHUTDOWN NOSAVE\r\n');
    expect(await done).toBe('SHUTDOWN command');
    await other.until(() => false, 10_000);
    expect(other.closed && c.closed).toBe(true);
    await expect(RawClient.connect(s.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('served redis-style: real clients and tools', () => {
  let served: RespServer;
  beforeAll(async () => {
    served = await RespServer.start({ port: 0 });
  });
  afterAll(async () => {
    await served?.shutdown();
  });

  it.skipIf(!haveCli)('redis-cli, RESP and inline (stdin), RESP3 with -3', async () => {
    const p = String(served.port);
    await run('redis-cli', ['-p', p, 'zadd', 'board', '10', 'alice', '7', 'bob']);
    const { stdout } = await run('redis-cli', ['-p', p, 'zrevrange', 'board', '0', '9', 'withscores']);
    expect(stdout).toBe('alice\n10\nbob\n7\n');
    const resp3 = await run('redis-cli', ['-3', '-p', p, 'zscore', 'board', 'alice']);
    expect(resp3.stdout).toBe('10\n');
    const inline = await new Promise<string>((resolve, reject) => {
      const child = execFile('redis-cli', ['-p', p], (err, out) => (err ? reject(err) : resolve(out)));
      child.stdin!.end('set greeting "hello world"\nget greeting\nincr counter\nlrange nosuch 0 -1\n');
    });
    expect(inline).toBe('OK\nhello world\n1\n\n');
  });

  it.skipIf(!haveBenchmark)('redis-benchmark: a short -n run, every reply accounted and the keys it wrote present', async () => {
    const p = String(served.port);
    await run('redis-cli', ['-p', p, 'flushall']);
    await run('redis-cli', ['-p', p, 'config', 'resetstat']);
    const { stdout } = await run('redis-benchmark', ['-p', p, '-c', '8', '-n', '4000', '-r', '1000', '-P', '4', '-t', 'set,get,incr,lpush', '-q', '--csv']);
    const tests = stdout.trim().split('\n').slice(1).map((l) => JSON.parse(l.split(',')[0]!));
    expect(tests).toEqual(['SET', 'GET', 'INCR', 'LPUSH']);
    // -r 1000: SET writes key:<12 digits> and INCR counter:<12 digits>, at most 1000 of each;
    // LPUSH the one list `mylist`. DBSIZE must be exactly what a SCAN finds.
    const count = async (pattern: string): Promise<number> =>
      (await run('redis-cli', ['-p', p, '--scan', '--pattern', pattern])).stdout.split('\n').filter((l) => /^(key|counter):\d{12}$/.test(l)).length;
    const keys = await count('key:*');
    const counters = await count('counter:*');
    for (const n of [keys, counters]) {
      expect(n).toBeGreaterThan(900);
      expect(n).toBeLessThanOrEqual(1000);
    }
    expect(Number((await run('redis-cli', ['-p', p, 'dbsize'])).stdout)).toBe(keys + counters + 1);
    const llen = Number((await run('redis-cli', ['-p', p, 'llen', 'mylist'])).stdout);
    expect(llen).toBe(4000);
    const info = (await run('redis-cli', ['-p', p, 'info', 'commandstats'])).stdout;
    expect(info).toMatch(/cmdstat_set:calls=4000,/);
    expect(info).toMatch(/cmdstat_get:calls=4000,/);
    expect(info).toMatch(/cmdstat_lpush:calls=4000,/);
  });

  it('ioredis: commands, pipelines, transactions, pub/sub', async () => {
    const client = new Redis({ port: served.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    const subscriber = new Redis({ port: served.port, host: '127.0.0.1', lazyConnect: true });
    try {
      await client.connect();
      await subscriber.connect();
      expect(await client.set('io', 'x')).toBe('OK');
      expect(await client.hset('ioh', 'a', '1', 'b', '2')).toBe(2);
      expect(await client.hgetall('ioh')).toEqual({ a: '1', b: '2' });
      const results = await client.pipeline().incr('ion').incr('ion').get('ion').exec();
      expect(results!.map((r) => r[1])).toEqual([1, 2, '2']);
      expect(await client.multi().set('m', '1').incr('m').exec()).toEqual([[null, 'OK'], [null, 2]]);
      const got = new Promise<[string, string]>((resolve) => subscriber.on('message', (ch, msg) => resolve([ch, msg])));
      await subscriber.subscribe('io-chan');
      expect(await client.publish('io-chan', 'hi')).toBe(1);
      expect(await got).toEqual(['io-chan', 'hi']);
      await expect(client.call('nosuchcommand')).rejects.toThrow(/unknown command 'nosuchcommand'/);
    } finally {
      client.disconnect();
      subscriber.disconnect();
    }
  });
});
