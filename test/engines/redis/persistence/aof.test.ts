/**
 * The AOF through `withPersistence`: under `always` every acknowledged write is already in the
 * file; replaying the file rebuilds the same keyspace (relative expiries logged as absolute,
 * SPOP and BLPOP logged as their outcome, MULTI/EXEC and SELECT kept); the rewrite compacts it;
 * a torn last command is dropped; and redis-server 7 loads our file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { RespClient } from '../../../../engines/real/resp/index.js';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import type { Reply } from '../../../../engines/types.js';
import { loadAof, parseAofManifest } from '../../../../engines/redis/persistence/aof.js';
import { loadAofDirectory } from '../../../../engines/redis/persistence/aof-layout.js';
import { syncCall, walkKeyspace } from '../../../../engines/redis/persistence/keyspace-walk.js';
import { withPersistence, type PersistentEngine } from '../../../../engines/redis/persistence/persistent-engine.js';
import { parseCommands } from '../../../../engines/redis/persistence/resp-commands.js';
import { serverAvailable } from '../../../support/servers.js';
import { dumpKeyspace, expectSameKeyspace, fixtureCommands, runAll } from './support/keyspace.js';

const haveRedis = serverAvailable('redis-server');

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-aof-'));
  dirs.push(d);
  return d;
}

function aofCommands(file: string): string[][] {
  return parseCommands(fs.readFileSync(file)).commands;
}

function replay(file: string): RedisStyleEngine {
  const fresh = new RedisStyleEngine();
  loadAof(file, syncCall((a) => fresh.redis.call(a)));
  return fresh;
}

/** Writes of every kind a workload issues, through `call` and `kv`. */
async function mixedWrites(engine: PersistentEngine): Promise<void> {
  const call = (a: readonly string[]) => engine.redis.call(a);
  await runAll(call, fixtureCommands());
  await runAll(call, [
    ['SETEX', 'setex', '100', 'v'],
    ['PSETEX', 'psetex', '100000', 'v'],
    ['SET', 'set-ex', 'v', 'EX', '50', 'GET'],
    ['SET', 'set-nx-fails', 'v', 'NX', 'EX', '10'],
    ['SET', 'set-nx-fails', 'other', 'NX', 'PX', '10'],
    ['GETEX', 'str:plain', 'PX', '77777'],
    ['GETEX', 'str:ttl', 'PERSIST'],
    ['INCRBYFLOAT', 'float', '1.1'],
    ['INCRBYFLOAT', 'float', '2.25'],
    ['SADD', 'spop-me', 'a', 'b', 'c', 'd', 'e'],
    ['SPOP', 'spop-me'],
    ['SPOP', 'spop-me', '2'],
    ['EXPIRE', 'hash:small', '-1'],
    ['MULTI'],
    ['INCR', 'tx-counter'],
    ['SELECT', '5'],
    ['RPUSH', 'tx-list', 'x'],
    ['EXEC'],
    ['SELECT', '0'],
    ['MULTI'],
    ['SET', 'discarded', '1'],
    ['DISCARD'],
    ['ZINCRBY', 'zset:small', '0.25', 'a'],
    ['LPOP', 'list:big', '3'],
    ['DEL', 'set:big'],
  ]);
  engine.kv.set('kv:plain', 'p');
  engine.kv.set('kv:ttl', 'q', 600000);
  expect(engine.kv.add('kv:plain', 'no')).toBe(false);
  expect(engine.kv.add('kv:added', 'yes', 90000)).toBe(true);
  engine.kv.incr('kv:n', 5);
  engine.kv.incr('kv:n', -2);
  expect(engine.kv.del('kv:missing')).toBe(false);
  engine.kv.expire('kv:plain', 123456);
  engine.kv.expire('str:int8', 0);
  // A blocking pop that waits, served by a later push: logged as the LPOP that happened.
  const blocker = engine.redis.blockingClient!();
  const waiting = blocker.call(['BLPOP', 'queue', '5']);
  expect(waiting).toBeInstanceOf(Promise);
  await call(['RPUSH', 'queue', 'job1', 'job2']);
  expect(await waiting).toEqual(['queue', 'job1']);
  await blocker.close();
}

describe('aof', () => {
  let server: ManagedServer | undefined;
  let client: RespClient | undefined;
  let open: PersistentEngine | undefined;
  afterEach(async () => {
    open?.close();
    open = undefined;
    await client?.close();
    await server?.stop();
    client = undefined;
    server = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('under fsync always, every acknowledged write is in the file (and fsynced) when the call returns', () => {
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'always' } }));
    const file = engine.persistence.aofFile!;
    for (let i = 0; i < 50; i++) {
      engine.redis.call(['SET', `k${i}`, `v${i}`]);
      const last = aofCommands(file).at(-1);
      expect(last).toEqual(['SET', `k${i}`, `v${i}`]);
      engine.kv.incr('counter', 1);
      expect(aofCommands(file).at(-1)).toEqual(['INCRBY', 'counter', '1']);
    }
    // Reads and failed writes log nothing.
    const size = fs.statSync(file).size;
    engine.redis.call(['GET', 'k1']);
    engine.kv.get('k1');
    expect(engine.redis.call(['INCR', 'k1'])).toHaveProperty('message', 'ERR value is not an integer or out of range');
    expect(engine.redis.call(['LPUSH', 'k1', 'x'])).toHaveProperty('code', 'WRONGTYPE');
    expect(fs.statSync(file).size).toBe(size);
    const stats = engine.stats();
    expect(stats['aof_fsyncs']).toBe(100); // one fdatasync per acknowledged write
    expect(stats['aof_commands_logged']).toBe(100);
  });

  it('replaying the file into a fresh engine gives the same keyspace', async () => {
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'no' } }));
    await mixedWrites(engine);
    const file = engine.persistence.aofFile!;
    const logged = aofCommands(file);
    // Relative expiries became absolute; random and blocking pops became their outcome.
    const names = new Set(logged.map((c) => c[0]!.toUpperCase()));
    for (const relative of ['SETEX', 'PSETEX', 'EXPIRE', 'PEXPIRE', 'GETEX', 'SPOP', 'BLPOP']) expect(names.has(relative), relative).toBe(false);
    expect(logged).toContainEqual(['LPOP', 'queue']);
    expect(logged.some((c) => c[0] === 'SET' && c[1] === 'setex' && c[3] === 'PXAT')).toBe(true);
    expect(logged).toContainEqual(['DEL', 'hash:small']);
    expect(logged.some((c) => c[0] === 'discarded' || c[1] === 'discarded')).toBe(false);
    const multi = logged.findIndex((c) => c[0] === 'MULTI');
    expect(logged.slice(multi, multi + 5)).toEqual([['MULTI'], ['INCR', 'tx-counter'], ['SELECT', '5'], ['RPUSH', 'tx-list', 'x'], ['EXEC']]);

    const copy = replay(file);
    const dbs = [0, 3, 5];
    const expected = await dumpKeyspace((a) => engine.redis.call(a), dbs);
    expectSameKeyspace(await dumpKeyspace((a) => copy.redis.call(a), dbs), expected, 50);
    expect(expected.get('0:spop-me')!.value).toMatch(/^set \[("[a-e]")?\]$|^set \["[a-e]","[a-e]"\]$/);
    expect(expected.get('5:tx-list')!.value).toBe('list ["x"]');
  });

  it('transactions replay right when later commands in them change what earlier ones touched', async () => {
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'no' } }));
    const call = (a: readonly string[]) => engine.redis.call(a);
    await runAll(call, [
      ['SET', 's1', 'x'],
      ['MULTI'], ['PEXPIREAT', 's1', String(Date.now() + 3_600_000)], ['SELECT', '1'], ['EXEC'],
      ['SELECT', '0'],
      ['MULTI'], ['SET', 'n', '5', 'EX', '100'], ['PERSIST', 'n'], ['INCR', 'n'], ['EXEC'],
      ['SET', 'k', 'v'],
      ['MULTI'], ['EXPIRE', 'k', '100'], ['RENAME', 'k', 'k2'], ['GET', 'k2'], ['EXEC'],
    ]);
    const expected = await dumpKeyspace(call, [0, 1]);
    expect(expected.get('0:n')).toEqual({ value: 'string "6"', pttl: -1 });
    expect(expected.get('0:s1')!.pttl).toBeGreaterThan(3_000_000);
    const copy = replay(engine.persistence.aofFile!);
    expectSameKeyspace(await dumpKeyspace((a) => copy.redis.call(a), [0, 1]), expected, 50);
  });

  it('rewrite compacts the log, and writes after it append to the new file', async () => {
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'everysec' } }));
    for (let i = 0; i < 2000; i++) engine.kv.set(`key:${i % 100}`, `value-${i}`);
    await runAll((a) => engine.redis.call(a), fixtureCommands());
    const file = engine.persistence.aofFile!;
    const before = fs.statSync(file).size;
    const after = engine.rewriteAof();
    expect(after).toBe(fs.statSync(file).size);
    expect(after).toBeLessThan(before / 2);
    engine.redis.call(['SET', 'after-rewrite', '1']);
    engine.kv.del('key:7');
    const expected = await dumpKeyspace((a) => engine.redis.call(a));
    expect(expected.has('0:after-rewrite')).toBe(true);
    expect(expected.has('0:key:7')).toBe(false);
    const copy = replay(file);
    expectSameKeyspace(await dumpKeyspace((a) => copy.redis.call(a)), expected, 50);
  });

  it('logs, replays and rewrites expiries past 2^53 ms exactly (BigInt, not a rounding double)', () => {
    // 2^53 + 1 ms is the first deadline a double cannot hold; EXAT 2^53/1000 + 1 s and a PX
    // from now land past it too. Each must reach the file digit for digit.
    const far = 2n ** 53n + 1n;
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'no' } }));
    const call = (a: readonly string[]) => engine.redis.call(a);
    call(['SET', 'pxat', 'v', 'PXAT', String(far)]);
    call(['SET', 'exat', 'v', 'EXAT', '9007199254741']);
    call(['RPUSH', 'list', 'a']);
    call(['PEXPIREAT', 'list', String(far + 2n)]);
    call(['SET', 'getex', 'v']);
    call(['GETEX', 'getex', 'PXAT', String(far + 4n)]);
    const file = engine.persistence.aofFile!;
    const logged = aofCommands(file);
    expect(logged).toContainEqual(['SET', 'pxat', 'v', 'PXAT', String(far)]);
    expect(logged).toContainEqual(['SET', 'exat', 'v', 'PXAT', '9007199254741000']);
    expect(logged).toContainEqual(['PEXPIREAT', 'list', String(far + 2n)]);
    expect(logged).toContainEqual(['PEXPIREAT', 'getex', String(far + 4n)]);
    const expected = new Map<string, bigint | null>([['exat', 9007199254741000n], ['getex', far + 4n], ['list', far + 2n], ['pxat', far]]);
    const check = (e: RedisStyleEngine): void => {
      const keys = walkKeyspace(syncCall((a) => e.redis.call(a)))[0]!.keys;
      expect(new Map(keys.map((k) => [k.key, k.expireAtMs]))).toEqual(expected);
    };
    check(replay(file));
    engine.rewriteAof();
    const rewritten = aofCommands(file);
    expect(rewritten).toContainEqual(['SET', 'pxat', 'v', 'PXAT', String(far)]);
    expect(rewritten).toContainEqual(['PEXPIREAT', 'list', String(far + 2n)]);
    check(replay(file));
  });

  it('everysec fsyncs in the background within about a second', async () => {
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'everysec' } }));
    engine.kv.set('a', '1');
    expect(engine.stats()['aof_fsyncs']).toBe(0);
    await new Promise((r) => setTimeout(r, 1300));
    expect(engine.stats()['aof_fsyncs']).toBeGreaterThanOrEqual(1);
  });

  it('drops a command torn by a crash mid-write and truncates the file to the last whole one', () => {
    const dir = tempDir();
    const engine = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'always' } });
    engine.redis.call(['SET', 'a', '1']);
    engine.redis.call(['SET', 'b', '2']);
    engine.close();
    const file = path.join(dir, 'appendonly.aof');
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([whole, Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1')]));
    expect(() => loadAof(file, syncCall((a) => new RedisStyleEngine().redis.call(a)), { truncated: 'fail' })).toThrow(/incomplete/);
    const fresh = new RedisStyleEngine();
    const r = loadAof(file, syncCall((a) => fresh.redis.call(a)));
    expect(r.truncatedBytes).toBe(22);
    expect(fs.statSync(file).size).toBe(whole.length);
    expect(fresh.redis.call(['MGET', 'a', 'b', 'c'])).toEqual(['1', '2', null]);
  });

  it.skipIf(!haveRedis)('redis-server 7 loads our single-file AOF (upgrading it to its multi-part layout)', async () => {
    const dir = tempDir();
    const engine = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'always' } });
    await mixedWrites(engine);
    const dbs = [0, 3, 5];
    const expected = await dumpKeyspace((a) => engine.redis.call(a), dbs);
    engine.close();
    const serverDir = tempDir();
    fs.copyFileSync(path.join(dir, 'appendonly.aof'), path.join(serverDir, 'appendonly.aof'));
    server = await startRedisServer({ persistence: 'aof', dir: serverDir, keepDir: true, extraArgs: ['--appendfilename', 'appendonly.aof'] });
    client = new RespClient({ host: server.host, port: server.port });
    const theirs = await dumpKeyspace((a) => client!.call(a), dbs);
    expectSameKeyspace(theirs, expected, 2000);
    // Redis 7.0 moved the plain file into appendonlydir/ as the base of a manifest.
    const manifest = fs.readFileSync(path.join(serverDir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1');
    expect(manifest).toMatch(/file appendonly\.aof seq 1 type b/);
  });

  it.skipIf(!haveRedis)('loads the multi-part AOF redis-server 7 writes (RDB base after a rewrite + incr files)', async () => {
    server = await startRedisServer({ persistence: 'aof', appendfsync: 'always' });
    client = new RespClient({ host: server.host, port: server.port });
    const call = (a: readonly string[]) => client!.call(a);
    const commands = fixtureCommands();
    await runAll(call, commands.slice(0, 12));
    await call(['BGREWRITEAOF']);
    for (let i = 0; i < 200; i++) {
      const info = String(await call(['INFO', 'persistence']));
      if (/aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await runAll(call, commands.slice(12));
    await runAll(call, [['SETEX', 'setex', '100', 'v'], ['SADD', 'spop-me', 'a', 'b', 'c'], ['SPOP', 'spop-me'], ['INCRBYFLOAT', 'f', '1.5']]);
    const dbs = [0, 3];
    const theirs = await dumpKeyspace(call, dbs);

    const dir = path.join(server.dir, 'appendonlydir');
    const manifest = parseAofManifest(fs.readFileSync(path.join(dir, 'appendonly.aof.manifest'), 'latin1'));
    expect(manifest.find((e) => e.type === 'b')!.file).toMatch(/\.base\.rdb$/);
    expect(manifest.some((e) => e.type === 'i')).toBe(true);
    const ours = new RedisStyleEngine();
    const r = loadAofDirectory(dir, syncCall((a) => ours.redis.call(a)));
    expect(r.preambleKeys).toBeGreaterThan(5);
    expect(r.commands).toBeGreaterThan(10);
    expectSameKeyspace(await dumpKeyspace((a) => ours.redis.call(a), dbs), theirs, 2000);
  });

  /** redis-server 7 with AOF on `dir` (kept on stop), `fill` run against it, then its keyspace. */
  async function redisWrites(dir: string, fill: (call: (a: readonly string[]) => Promise<Reply>) => Promise<void>, dbs: number[]): Promise<Map<string, unknown>> {
    const srv = await startRedisServer({ persistence: 'aof', appendfsync: 'always', dir, keepDir: true });
    const c = new RespClient({ host: srv.host, port: srv.port });
    try {
      const call = (a: readonly string[]) => c.call(a);
      await fill(call);
      return await dumpKeyspace(call, dbs);
    } finally {
      await c.close();
      await srv.stop();
    }
  }

  async function waitRewrite(call: (a: readonly string[]) => Promise<Reply>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const info = String(await call(['INFO', 'persistence']));
      if (/aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('BGREWRITEAOF did not finish in 5 s');
  }

  it.skipIf(!haveRedis)('persistence=aof on a redis-server 7 data directory loads its appendonlydir manifest and appends in that layout', async () => {
    const dir = tempDir();
    const dbs = [0, 3];
    const commands = fixtureCommands();
    // redis-server 7 writes the directory: an RDB base (after BGREWRITEAOF) and an incr file.
    const theirs = await redisWrites(dir, async (call) => {
      await runAll(call, commands.slice(0, 12));
      await call(['BGREWRITEAOF']);
      await waitRewrite(call);
      await runAll(call, commands.slice(12));
    }, dbs);
    const partsDir = path.join(dir, 'appendonlydir');
    const manifestFile = path.join(partsDir, 'appendonly.aof.manifest');
    const theirManifest = parseAofManifest(fs.readFileSync(manifestFile, 'latin1'));
    expect(theirManifest.find((e) => e.type === 'b')!.file).toMatch(/\.base\.rdb$/);
    const lastIncr = theirManifest.filter((e) => e.type === 'i').at(-1)!.file;

    // We load base + incr and append to redis's last incr file; no stray single file appears.
    let engine = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'always' } }));
    expect(engine.persistence.loaded.from).toBe('aof');
    expect(engine.persistence.loaded.aof!.preambleKeys).toBeGreaterThan(5);
    expectSameKeyspace(await dumpKeyspace((a) => engine.redis.call(a), dbs), theirs, 2000);
    expect(engine.persistence.aofFile).toBe(path.join(partsDir, lastIncr));
    engine.redis.call(['SET', 'written-by-us', '1']);
    engine.redis.call(['SELECT', '3']);
    engine.redis.call(['RPUSH', 'our-list', 'a', 'b']);
    const ours = await dumpKeyspace((a) => engine.redis.call(a), dbs);
    engine.close();
    open = undefined;
    expect(fs.existsSync(path.join(dir, 'appendonly.aof'))).toBe(false);

    // redis-server 7 starts on the directory again and sees our writes too.
    expectSameKeyspace(await redisWrites(dir, async () => {}, dbs), ours, 2000);

    // Our rewrite: a new AOF base and an empty incr file, the manifest naming only them, old parts gone.
    engine = open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'always' } });
    engine.rewriteAof();
    const manifest = parseAofManifest(fs.readFileSync(manifestFile, 'latin1'));
    expect(manifest.map((e) => e.type).sort()).toEqual(['b', 'i']);
    expect(manifest.find((e) => e.type === 'b')!.file).toMatch(/^appendonly\.aof\.\d+\.base\.aof$/);
    expect(fs.readdirSync(partsDir).sort()).toEqual([...manifest.map((e) => e.file), 'appendonly.aof.manifest'].sort());
    engine.redis.call(['SET', 'after-our-rewrite', '2']);
    const final = await dumpKeyspace((a) => engine.redis.call(a), dbs);
    engine.close();
    open = undefined;
    const reopened = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'no' } }));
    expectSameKeyspace(await dumpKeyspace((a) => reopened.redis.call(a), dbs), final, 2000);
    reopened.close();
    open = undefined;
    expectSameKeyspace(await redisWrites(dir, async () => {}, dbs), final, 2000);
  });

  it('refuses a data directory holding both a single-file AOF and a multi-part manifest, and a manifest naming a missing file', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'appendonlydir'));
    fs.writeFileSync(path.join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.rdb seq 1 type b\n');
    expect(() => withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'no' } })).toThrow(
      /manifest .*appendonly\.aof\.manifest names appendonly\.aof\.1\.base\.rdb, which is missing/,
    );
    fs.writeFileSync(path.join(dir, 'appendonly.aof'), '');
    expect(() => withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'no' } })).toThrow(/both a single-file AOF \(appendonly\.aof\) and Redis 7's multi-part AOF/);
  });
});
