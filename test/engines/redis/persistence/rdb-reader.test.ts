/**
 * The RDB reader: what redis-server 7 saves (listpack hashes and sorted sets, intsets,
 * quicklists of listpacks, LZF-compressed strings, expiries, two databases) loads into the
 * redis-style engine with every value equal; our own files round-trip; damage is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../../engines/real/managed/index.js';
import { RespClient } from '../../../../engines/real/resp/index.js';
import { RedisStyleEngine } from '../../../../engines/redis/engine.js';
import { syncCall, walkKeyspace } from '../../../../engines/redis/persistence/keyspace-walk.js';
import { TYPE } from '../../../../engines/redis/persistence/rdb-encoding.js';
import { applyRdb, readRdb } from '../../../../engines/redis/persistence/rdb-reader.js';
import { encodeRdb } from '../../../../engines/redis/persistence/rdb-writer.js';
import { serverAvailable } from '../../../support/servers.js';
import { listpackOf, rdbImage, rdbString, ziplistOf } from './support/blobs.js';
import { dumpKeyspace, expectSameKeyspace, fixtureCommands, runAll } from './support/keyspace.js';

const haveRedis = serverAvailable('redis-server');

describe('rdb reader', () => {
  let server: ManagedServer | undefined;
  let client: RespClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.stop();
    client = undefined;
    server = undefined;
  });

  it.skipIf(!haveRedis)('loads a dump.rdb saved by redis-server 7 with every value equal', async () => {
    server = await startRedisServer({ persistence: 'rdb', extraArgs: ['--rdbcompression', 'yes'] });
    client = new RespClient({ host: server.host, port: server.port });
    const call = (a: readonly string[]) => client!.call(a);
    await runAll(call, fixtureCommands());
    // Integers beyond int16 in an intset, a 64-bit intset member, and a negative listpack int.
    await runAll(call, [['SADD', 'set:wide-ints', '1', '-70000', '5000000000'], ['HSET', 'hash:ints', 'a', '-5', 'b', '100000', 'c', '-9000000000']]);
    expect(await call(['SAVE'])).toEqual(expect.objectContaining({ status: 'OK' }));
    const bytes = fs.readFileSync(path.join(server.dir, 'dump.rdb'));

    const rdb = readRdb(bytes);
    expect(rdb.version).toBeGreaterThanOrEqual(10);
    expect(rdb.aux.get('redis-ver')).toBe(server.version);
    // Redis 7 used its compact encodings, so the reader met them.
    for (const t of [TYPE.SET_INTSET, TYPE.HASH_LISTPACK, TYPE.ZSET_LISTPACK, TYPE.LIST_QUICKLIST_2, TYPE.STRING]) {
      expect(rdb.typeCounts.get(t), `RDB type ${t}`).toBeGreaterThan(0);
    }
    // The 4000-byte repetitive string is stored LZF-compressed.
    expect(bytes.includes(Buffer.from('abcdefgh'.repeat(10)))).toBe(false);

    const engine = new RedisStyleEngine();
    const loaded = applyRdb(rdb.dbs, syncCall((a) => engine.redis.call(a)));
    expect(loaded).toBe(24);
    const theirs = await dumpKeyspace(call);
    const ours = await dumpKeyspace((a) => engine.redis.call(a));
    expectSameKeyspace(ours, theirs);
    expect(ours.get('0:set:wide-ints')!.value).toBe('set ["-70000","1","5000000000"]');
  });

  it.skipIf(!haveRedis)('loads quicklist PLAIN nodes (elements over the packed threshold)', async () => {
    server = await startRedisServer({ persistence: 'rdb', extraArgs: ['--enable-debug-command', 'yes'] });
    client = new RespClient({ host: server.host, port: server.port });
    const call = (a: readonly string[]) => client!.call(a);
    const big = 'p'.repeat(150) + 'q'.repeat(150);
    await runAll(call, [['DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '100'], ['RPUSH', 'mixed', 'a', big, 'b', 'c', big + '!']]);
    await call(['SAVE']);
    const rdb = readRdb(fs.readFileSync(path.join(server.dir, 'dump.rdb')));
    expect(rdb.typeCounts.get(TYPE.LIST_QUICKLIST_2)).toBe(1);
    const engine = new RedisStyleEngine();
    applyRdb(rdb.dbs, syncCall((a) => engine.redis.call(a)));
    expect(engine.redis.call(['LRANGE', 'mixed', '0', '-1'])).toEqual(['a', big, 'b', 'c', big + '!']);
  });

  it('round-trips its own files, compressed or not', async () => {
    const source = new RedisStyleEngine();
    await runAll((a) => source.redis.call(a), fixtureCommands());
    const dbs = walkKeyspace(syncCall((a) => source.redis.call(a)));
    for (const compress of [true, false]) {
      const target = new RedisStyleEngine();
      const rdb = readRdb(encodeRdb(dbs, { compress }));
      expect(applyRdb(rdb.dbs, syncCall((a) => target.redis.call(a)))).toBe(22);
      expectSameKeyspace(await dumpKeyspace((a) => target.redis.call(a)), await dumpKeyspace((a) => source.redis.call(a)), 50);
    }
  });

  it('loads the encodings redis-server 7.0 does not write: ziplists (≤ 6.2) and listpack sets (7.2)', () => {
    const record = (type: number, key: string, value: Buffer): Buffer => Buffer.concat([Buffer.from([type]), rdbString(key), value]);
    const image = rdbImage([
      record(TYPE.LIST_ZIPLIST, 'zl-list', rdbString(ziplistOf(['a', 'b', 'c']))),
      record(TYPE.ZSET_ZIPLIST, 'zl-zset', rdbString(ziplistOf(['m1', '1.5', 'm2', '-inf']))),
      record(TYPE.HASH_ZIPLIST, 'zl-hash', rdbString(ziplistOf(['f', 'v', 'g', 'w']))),
      record(TYPE.LIST_QUICKLIST, 'ql', Buffer.concat([Buffer.from([2]), rdbString(ziplistOf(['1', '2'])), rdbString(ziplistOf(['3']))])),
      record(TYPE.SET_LISTPACK, 'lp-set', rdbString(listpackOf(['x', 'y']))),
      // An old type-3 zset: scores as strings (and 254/255 for ±inf).
      record(TYPE.ZSET, 'old-zset', Buffer.concat([Buffer.from([2]), rdbString('p'), Buffer.from([3]), Buffer.from('2.5'), rdbString('q'), Buffer.from([254])])),
    ]);
    const rdb = readRdb(image);
    const engine = new RedisStyleEngine();
    expect(applyRdb(rdb.dbs, syncCall((a) => engine.redis.call(a)))).toBe(6);
    const call = (a: string[]) => engine.redis.call(a);
    expect(call(['LRANGE', 'zl-list', '0', '-1'])).toEqual(['a', 'b', 'c']);
    expect(call(['ZRANGE', 'zl-zset', '0', '-1', 'WITHSCORES'])).toEqual(['m2', '-inf', 'm1', '1.5']);
    expect(call(['HGETALL', 'zl-hash'])).toEqual(['f', 'v', 'g', 'w']);
    expect(call(['LRANGE', 'ql', '0', '-1'])).toEqual(['1', '2', '3']);
    expect((call(['SMEMBERS', 'lp-set']) as string[]).sort()).toEqual(['x', 'y']);
    expect(call(['ZRANGE', 'old-zset', '0', '-1', 'WITHSCORES'])).toEqual(['p', '2.5', 'q', 'inf']);
    // A stream is refused by name.
    expect(() => readRdb(rdbImage([record(TYPE.STREAM_LISTPACKS_2, 's', Buffer.from([0]))]))).toThrow(/type 19 \(stream\) is not supported/);
  });

  it('refuses a damaged file: flipped byte (checksum), truncation, wrong header', () => {
    const source = new RedisStyleEngine();
    source.redis.call(['SET', 'k', 'value']);
    source.redis.call(['RPUSH', 'l', 'a', 'b']);
    const good = encodeRdb(walkKeyspace(syncCall((a) => source.redis.call(a))));
    const flipped = Buffer.from(good);
    flipped[good.indexOf('value')] ^= 0x20;
    expect(() => readRdb(flipped)).toThrow(/checksum mismatch/);
    expect(() => readRdb(good.subarray(0, good.length - 12))).toThrow(/unexpected end of data/);
    expect(() => readRdb(Buffer.from('REDIX0010\xff', 'latin1'))).toThrow(/not an RDB file/);
    // Skipping keys already expired, as a Redis master does.
    const expired = readRdb(good);
    expired.dbs[0]!.keys.push({ key: 'gone', expireAtMs: BigInt(Date.now() - 1000), value: { type: 'string', value: 'x' } });
    const target = new RedisStyleEngine();
    expect(applyRdb(expired.dbs, syncCall((a) => target.redis.call(a)))).toBe(2);
    expect(target.redis.call(['EXISTS', 'gone'])).toBe(0);
  });
});
