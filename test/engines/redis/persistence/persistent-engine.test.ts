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
