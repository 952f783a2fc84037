/**
 * What persistence costs the redis-style engine, measured side by side in one run (rounds
 * interleaved, best round kept, since other processes on a shared machine only make a round
 * slower):
 *
 *   none            the bare engine
 *   wrapped         withPersistence with RDB only (no timed saves): the cost of the layer itself
 *   aof no          AOF, every write handed to the OS (write(2)), never fsynced by us
 *   aof everysec    AOF, write(2) per write, fdatasync once a second on the thread pool
 *   aof always      AOF, write(2) + fdatasync per write, before the call returns
 *
 * Rows: SET via the kv facet and via redis.call (64-byte values, 10,000 keys). Then one-off
 * costs: RDB save, AOF rewrite, RDB load and AOF replay of a 100,000-key keyspace.
 * Files go to a temp directory on the filesystem of os.tmpdir() (say which disk in reports).
 *
 *   npx tsc -p . && node dist/bench/persistence.js [--ms 300] [--rounds 5] [--keys 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RedisStyleEngine } from '../engines/redis/engine.js';
import { syncCall } from '../engines/redis/persistence/keyspace-walk.js';
import { loadAof, loadRdb, withPersistence, type FsyncPolicy } from '../engines/redis/persistence/index.js';
import type { Engine } from '../engines/types.js';
import { positiveNumber } from './args.js';

const MS = positiveNumber('ms', 300);
const ROUNDS = positiveNumber('rounds', 5);
const BIG = positiveNumber('keys', 100_000);
const KEYS = 10_000;
const keys = Array.from({ length: KEYS }, (_, i) => 'key:' + i);
const value = 'v'.repeat(64);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cachebench-bench-persistence-'));

interface Mode {
  readonly name: string;
  /** Operations between clock reads (small for fsync-bound modes so a round stays near MS). */
  readonly batch: number;
  make(dir: string): Engine;
}

const aof = (fsync: FsyncPolicy, batch: number): Mode => ({
  name: `aof ${fsync}`,
  batch,
  make: (dir) => withPersistence(new RedisStyleEngine(), { dir, aof: { fsync } }),
});

const MODES: Mode[] = [
  { name: 'none', batch: 2000, make: () => new RedisStyleEngine() },
  { name: 'wrapped', batch: 2000, make: (dir) => withPersistence(new RedisStyleEngine(), { dir, rdb: {} }) },
  aof('no', 500),
  aof('everysec', 500),
  aof('always', 5),
];

type Row = { readonly name: string; run(e: Engine, i0: number, n: number): void };
const ROWS: Row[] = [
  {
    name: 'SET (kv)',
    run: (e, i0, n) => {
      for (let i = i0; i < i0 + n; i++) e.kv.set(keys[i % KEYS]!, value);
    },
  },
  {
    name: 'SET (call)',
    run: (e, i0, n) => {
      const argv = ['SET', '', value];
      for (let i = i0; i < i0 + n; i++) {
        argv[1] = keys[i % KEYS]!;
        e.redis!.call(argv);
      }
    },
  },
];

function measure(engine: Engine, row: Row, batch: number): number {
  let ops = 0;
  let i = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < MS) {
    row.run(engine, i, batch);
    i += batch;
    ops += batch;
    t = performance.now();
  }
  return (ops / (t - t0)) * 1000;
}

function fmt(opsPerSec: number): string {
  if (opsPerSec >= 1e6) return (opsPerSec / 1e6).toFixed(2) + 'M';
  if (opsPerSec >= 1e3) return (opsPerSec / 1e3).toFixed(1) + 'k';
  return opsPerSec.toFixed(0);
}

const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const row of ROWS) {
    for (const mode of MODES) {
      const dir = path.join(root, `${round}-${mode.name.replace(/ /g, '-')}-${row.name.replace(/\W/g, '')}`);
      const engine = mode.make(dir);
      const ops = measure(engine, row, mode.batch);
      void engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
      const id = `${row.name}|${mode.name}`;
      best.set(id, Math.max(best.get(id) ?? 0, ops));
    }
  }
}

console.log(`ops/s, best of ${ROUNDS} rounds of ${MS} ms; files in ${os.tmpdir()}`);
console.log('operation      ' + MODES.map((m) => m.name.padStart(20)).join(''));
for (const row of ROWS) {
  const none = best.get(`${row.name}|none`)!;
  const cells = MODES.map((m) => {
    const v = best.get(`${row.name}|${m.name}`)!;
    return `${fmt(v)} (${(v / none).toFixed(v / none < 0.01 ? 4 : 2)}×)`.padStart(20);
  });
  console.log(row.name.padEnd(15) + cells.join(''));
}

// One-off costs on a bigger keyspace: strings, and one list/set/hash/zset per 100 keys.
const dir = path.join(root, 'big');
const big = withPersistence(new RedisStyleEngine(), { dir, rdb: {}, aof: { fsync: 'no' } });
for (let i = 0; i < BIG; i++) big.kv.set('key:' + i, value);
for (let i = 0; i < BIG / 100; i++) {
  big.redis.call(['RPUSH', 'list:' + i, 'a', 'b', 'c', 'd']);
  big.redis.call(['SADD', 'set:' + i, 'a', 'b', 'c']);
  big.redis.call(['HSET', 'hash:' + i, 'f1', value, 'f2', value]);
  big.redis.call(['ZADD', 'zset:' + i, '1.5', 'a', '2.25', 'b']);
}
const keyCount = BIG + (BIG / 100) * 4;
const timed = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
};
const [rdbBytes, saveMs] = timed(() => big.save());
const aofBefore = fs.statSync(path.join(dir, 'appendonly.aof')).size;
const [aofBytes, rewriteMs] = timed(() => big.rewriteAof());
big.close();
const intoRdb = new RedisStyleEngine();
const [, rdbLoadMs] = timed(() => loadRdb(path.join(dir, 'dump.rdb'), syncCall((a) => intoRdb.redis.call(a))));
const intoAof = new RedisStyleEngine();
const [, aofLoadMs] = timed(() => loadAof(path.join(dir, 'appendonly.aof'), syncCall((a) => intoAof.redis.call(a))));
const perKey = (ms: number): string => `${((ms * 1000) / keyCount).toFixed(2)} µs/key`;
console.log(`\n${keyCount} keys (${BIG} strings of 64 bytes + ${BIG / 100} each of list/set/hash/zset):`);
console.log(`RDB save      ${saveMs.toFixed(0).padStart(6)} ms  ${perKey(saveMs)}  ${(rdbBytes / 1e6).toFixed(1)} MB`);
console.log(`AOF rewrite   ${rewriteMs.toFixed(0).padStart(6)} ms  ${perKey(rewriteMs)}  ${(aofBefore / 1e6).toFixed(1)} MB → ${(aofBytes / 1e6).toFixed(1)} MB`);
console.log(`RDB load      ${rdbLoadMs.toFixed(0).padStart(6)} ms  ${perKey(rdbLoadMs)}`);
console.log(`AOF replay    ${aofLoadMs.toFixed(0).padStart(6)} ms  ${perKey(aofLoadMs)}`);
fs.rmSync(root, { recursive: true, force: true });
