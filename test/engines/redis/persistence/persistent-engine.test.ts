/**
 * `withPersistence` as a whole: restart from the AOF (AOF on) or the RDB (RDB only), timed
 * RDB saves only when something changed, a save on close, the `persistence` capability and
 * stats, an AOF with an RDB preamble, and option errors that name the field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import { loadAof } from '../../../../engines/redis/persistence/aof.js';
import { syncCall, walkKeyspace } from '../../../../engines/redis/persistence/keyspace-walk.js';
import { withPersistence, type PersistentEngine } from '../../../../engines/redis/persistence/persistent-engine.js';
import { encodeRdb } from '../../../../engines/redis/persistence/rdb-writer.js';
import { readRdbFile } from '../../../../engines/redis/persistence/rdb-reader.js';
import { parseCommands } from '../../../../engines/redis/persistence/resp-commands.js';
import { dumpKeyspace, expectSameKeyspace, fixtureCommands, runAll } from './support/keyspace.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-persist-'));
  dirs.push(d);
  return d;
}

describe('withPersistence', () => {
  let open: PersistentEngine | undefined;
  afterEach(() => {
    open?.close();
    open = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a restarted engine loads its AOF (AOF on) or its RDB (RDB only)', async () => {
    const dir = tempDir();
    const first = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'always' }, rdb: {} });
    await runAll((a) => first.redis.call(a), fixtureCommands());
    const expected = await dumpKeyspace((a) => first.redis.call(a));
    first.close(); // writes dump.rdb too
    const viaAof = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'always' } }));
    expect(viaAof.persistence.loaded.from).toBe('aof');
    expectSameKeyspace(await dumpKeyspace((a) => viaAof.redis.call(a)), expected, 100);
    viaAof.close();
    const viaRdb = (open = withPersistence(new RedisStyleEngine(), { dir, rdb: {} }));
    expect(viaRdb.persistence.loaded).toEqual({ from: 'rdb', keys: 22 });
    expectSameKeyspace(await dumpKeyspace((a) => viaRdb.redis.call(a)), expected, 100);
    // load: false starts empty.
    viaRdb.close();
    const empty = (open = withPersistence(new RedisStyleEngine(), { dir, rdb: {}, load: false }));
    expect(empty.redis.call(['DBSIZE'])).toBe(0);
  });

  it('saves on the timer only when writes happened, and counts writes, not reads', async () => {
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine(), { dir, rdb: { saveEverySec: 0.1 } }));
    engine.kv.get('nothing');
    engine.redis.call(['GET', 'nothing']);
    expect(engine.persistence.changesSinceSave).toBe(0);
    engine.kv.set('a', '1');
    engine.redis.call(['HSET', 'h', 'f', 'v']);
    engine.redis.call(['INCR', 'h']); // WRONGTYPE: not a change
    expect(engine.persistence.changesSinceSave).toBe(2);
    await new Promise((r) => setTimeout(r, 350));
    const saves = engine.persistence.rdbSaves;
    expect(saves).toBe(1); // one save, then nothing changed
    expect(engine.persistence.changesSinceSave).toBe(0);
    expect(readRdbFile(path.join(dir, 'dump.rdb')).dbs[0]!.keys.map((k) => k.key).sort()).toEqual(['a', 'h']);
    const stats = engine.stats();
    expect(stats['rdb_saves']).toBe(1);
    expect(stats['aof_enabled']).toBe(0);
    expect(stats['keyspace_misses']).toBeDefined(); // the engine's own INFO fields are kept
  });

  it('adds the persistence capability and keeps the engine name', () => {
    const inner = new RedisStyleEngine();
    expect(inner.info.capabilities.has('persistence')).toBe(false);
    const engine = (open = withPersistence(inner, { dir: tempDir(), aof: { fsync: 'no' } }));
    expect(engine.info.name).toBe('redis-style');
    expect(engine.info.capabilities.has('persistence')).toBe(true);
    expect(engine.sync).toBe(true);
  });

  it('flush() is logged, so a replay ends empty', () => {
    const dir = tempDir();
    const engine = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'no' } });
    engine.kv.set('a', '1');
    engine.flush();
    engine.kv.set('b', '2');
    engine.close();
    const fresh = new RedisStyleEngine();
    loadAof(path.join(dir, 'appendonly.aof'), syncCall((a) => fresh.redis.call(a)));
    expect(fresh.redis.call(['KEYS', '*'])).toEqual(['b']);
  });

  it('loads an AOF that starts with an RDB preamble (Redis aof-use-rdb-preamble)', async () => {
    const source = new RedisStyleEngine();
    await runAll((a) => source.redis.call(a), fixtureCommands());
    const preamble = encodeRdb(walkKeyspace(syncCall((a) => source.redis.call(a))));
    source.redis.call(['SELECT', '0']); // the walk SELECTed its way through the databases
    const tail = '*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n1\r\n';
    source.redis.call(['SET', 'after', '1']);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'appendonly.aof'), Buffer.concat([preamble, Buffer.from(tail)]));
    const engine = (open = withPersistence(new RedisStyleEngine(), { dir, aof: { fsync: 'no' } }));
    expect(engine.persistence.loaded).toEqual({ from: 'aof', aof: { commands: 1, preambleKeys: 22, truncatedBytes: 0 } });
    expectSameKeyspace(await dumpKeyspace((a) => engine.redis.call(a)), await dumpKeyspace((a) => source.redis.call(a)), 100);
  });

  it('rejects bad options naming the field', () => {
    const e = new RedisStyleEngine();
    expect(() => withPersistence(e, { dir: '', aof: { fsync: 'always' } })).toThrow(/dir/);
    expect(() => withPersistence(e, { dir: '/tmp/x', aof: { fsync: 'sometimes' as never } })).toThrow(/aof.fsync: 'sometimes' is not one of always, everysec, no/);
    expect(() => withPersistence(e, { dir: '/tmp/x', rdb: { saveEverySec: 0 } })).toThrow(/rdb.saveEverySec/);
    expect(() => withPersistence(e, { dir: '/tmp/x', aofsync: 1 } as never)).toThrow(/'aofsync' is unknown/);
    expect(() => withPersistence(e, { dir: '/tmp/x', load: 'yes' } as never)).toThrow(/load: must be true or false/);
  });
});

/** The AOF's commands as arrays, read while the engine may still be open. */
function aofCommandsOf(file: string): string[][] {
  return parseCommands(fs.readFileSync(file)).commands;
}

function replayAof(file: string): RedisStyleEngine {
  const fresh = new RedisStyleEngine(); // no maxmemory: nothing is evicted during the replay
  loadAof(file, syncCall((a) => fresh.redis.call(a)));
  return fresh;
}

describe('withPersistence: keys the engine removes by itself are logged as DEL', () => {
  let open: PersistentEngine | undefined;
  afterEach(() => {
    open?.close();
    open = undefined;
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('maxmemory allkeys-lru: evicted keys stay gone after a replay, and the keyspace equals the engine', async () => {
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine({ maxmemory: 150_000, 'maxmemory-policy': 'allkeys-lru' }), {
      dir,
      aof: { fsync: 'no' },
    }));
    const value = 'v'.repeat(100);
    // Half through commands, half through the kv facet; keep a few keys hot so LRU spares them.
    for (let i = 0; i < 3000; i++) {
      if (i % 2 === 0) engine.redis.call(['SET', `key:${i}`, value]);
      else engine.kv.set(`key:${i}`, value);
      if (i % 10 === 0) engine.redis.call(['RPUSH', `list:${i % 50}`, value]);
      engine.kv.get('key:0');
    }
    const evicted = Number(engine.stats()['evicted_keys']);
    expect(evicted).toBeGreaterThan(1000);
    const size = engine.redis.call(['DBSIZE']) as number;
    const expected = await dumpKeyspace((a) => engine.redis.call(a), [0]);
    expect(expected.size).toBe(size);

    const file = path.join(dir, 'appendonly.aof');
    // Eviction DELs are committed with the write that caused them: in the file before close.
    const dels = aofCommandsOf(file).filter((c) => c[0] === 'DEL');
    expect(dels.length).toBe(evicted);
    const copy = replayAof(file);
    expect(copy.redis.call(['DBSIZE'])).toBe(size);
    expectSameKeyspace(await dumpKeyspace((a) => copy.redis.call(a), [0]), expected, 50);
    expect(copy.redis.call(['EXISTS', String(dels[0]![1])])).toBe(0);
    copy.close();
  });

  it('active expiry: keys removed by the expiry cycle are logged as DEL without any further command', async () => {
    const dir = tempDir();
    const engine = (open = withPersistence(new RedisStyleEngine({ hz: 100 }), { dir, aof: { fsync: 'always' } }));
    for (let i = 0; i < 200; i++) engine.redis.call(['SET', `short:${i}`, 'x', 'PX', '20']);
    for (let i = 0; i < 50; i++) engine.kv.set(`kvshort:${i}`, 'y', 20);
    for (let i = 0; i < 100; i++) engine.redis.call(['SET', `keep:${i}`, 'z', 'EX', '3600']);
    // Touch nothing: only the active cycle (100 ticks a second) can remove the short keys.
    const deadline = Date.now() + 3000;
    while (Number(engine.stats()['expired_keys']) < 250 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(Number(engine.stats()['expired_keys'])).toBe(250);

    const file = path.join(dir, 'appendonly.aof');
    const commands = aofCommandsOf(file);
    const deleted = new Set(commands.filter((c) => c[0] === 'DEL').map((c) => c[1]));
    expect(deleted.size).toBe(250);
    for (let i = 0; i < 200; i++) expect(deleted.has(`short:${i}`)).toBe(true);
    for (let i = 0; i < 50; i++) expect(deleted.has(`kvshort:${i}`)).toBe(true);
    // Each DEL comes after the SET it undoes.
    const setAt = commands.findIndex((c) => c[0] === 'SET' && c[1] === 'short:0');
    const delAt = commands.findIndex((c) => c[0] === 'DEL' && c[1] === 'short:0');
    expect(delAt).toBeGreaterThan(setAt);

    const expected = await dumpKeyspace((a) => engine.redis.call(a), [0]);
    const copy = replayAof(file);
    expect(copy.redis.call(['DBSIZE'])).toBe(100);
    expectSameKeyspace(await dumpKeyspace((a) => copy.redis.call(a), [0]), expected, 50);
    copy.close();
  });

  it('a read that expires a key lazily logs its DEL too (committed right after the read)', async () => {
    const dir = tempDir();
    // hz 1: the active cycle will not get there first.
    const engine = (open = withPersistence(new RedisStyleEngine({ hz: 1 }), { dir, aof: { fsync: 'always' } }));
    engine.redis.call(['SELECT', '2']);
    engine.redis.call(['SET', 'lazy', 'x', 'PX', '5']);
    await new Promise((r) => setTimeout(r, 15));
    expect(engine.redis.call(['GET', 'lazy'])).toBeNull();
    await Promise.resolve(); // the microtask that commits
    const commands = aofCommandsOf(path.join(dir, 'appendonly.aof'));
    expect(commands.slice(-1)).toEqual([['DEL', 'lazy']]);
    // The DEL runs in the key's database: the last SELECT before it is 2.
    expect(commands.filter((c) => c[0] === 'SELECT').pop()).toEqual(['SELECT', '2']);
  });
});
