/**
 * memcached load paths side by side against one managed memcached, in one run:
 *   memcaslap             the peer tool (libmemcached-tools), ASCII, 1 thread, -c 50, 1:9 set:get
 *   lean text protocol    engines/real/memcached/text, 50 connections, 50 in flight
 *   memjs                 50 memjs clients (binary protocol), 50 in flight
 *   cachebench (text)     the whole harness: runCell on engine `memcached`, same shape
 *   cachebench (memjs)    the same with client memjs
 * Same mix (10% set, 90% get), 16-byte keys, 32-byte values. This is the measurement behind
 * the lean text driver: it decides whether memjs limits what the harness can push.
 *
 *   npm run build && node dist/bench/memcached-driver.js [--requests N] [--rounds N]
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { MemjsKv } from '../engines/real/memcached/memjs-client.js';
import { McTextClient } from '../engines/real/memcached/text/client.js';
import { findBinary, startMemcached } from '../engines/real/managed/index.js';
import { runCell } from '../harness/cell/run-cell.js';
import { Rng } from '../shared/rng.js';
import { arg } from './args.js';

const run = promisify(execFile);


const CONNECTIONS = 50;
const KEYSPACE = 10_000;
const VALUE = 'v'.repeat(32);
const REQUESTS = Number(arg('requests', '200000'));
const ROUNDS = Number(arg('rounds', '1'));
/** 16-byte keys like memcaslap's config below. */
const KEYS: string[] = Array.from({ length: KEYSPACE }, (_, i) => `k:${String(i).padStart(14, '0')}`);

interface KvLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
}

async function drive(kv: KvLike, lanes: number, total: number, seed: number): Promise<number> {
  let remaining = total;
  const rng = new Rng(seed, 9);
  const lane = async (): Promise<void> => {
    while (remaining > 0) {
      remaining--;
      const key = KEYS[rng.int(KEYSPACE)]!;
      if (rng.nextFast() < 0.1) await kv.set(key, VALUE);
      else await kv.get(key);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  return total / ((performance.now() - started) / 1000);
}

async function memcaslap(binary: string, port: number, total: number): Promise<number> {
  const cfg = path.join(os.tmpdir(), `cachebench-memcaslap-${process.pid}.cfg`);
  // key size, value size, then cmd weights: 0 = set, 1 = get.
  writeFileSync(cfg, 'key\n16 16 1\nvalue\n32 32 1\ncmd\n0 0.1\n1 0.9\n');
  try {
    const { stdout } = await run(binary, ['-s', `127.0.0.1:${port}`, '-T', '1', '-c', String(CONNECTIONS), '-x', String(total), '-F', cfg]);
    const tps = /TPS:\s*(\d+)/.exec(stdout);
    if (!tps) throw new Error(`unexpected memcaslap output:\n${stdout}`);
    return Number(tps[1]);
  } finally {
    rmSync(cfg, { force: true });
  }
}

async function main(): Promise<void> {
  const server = await startMemcached({ threads: 4, memoryMb: 256 });
  const peer = findBinary('memcaslap');
  const best = new Map<string, number>();
  const keep = (tool: string, rate: number): void => void best.set(tool, Math.max(best.get(tool) ?? 0, rate));
  try {
    console.error(`memcached ${server.version} on ${server.url}; ${CONNECTIONS} connections, 1:9 set:get, 32-byte values`);
    if (peer === null) console.error('memcaslap not found (apt-get install -y libmemcached-tools): ratios are left out');
    const seedText = new McTextClient({ servers: [{ host: server.host, port: server.port }] });
    await Promise.all(KEYS.map((k) => seedText.set(k, VALUE)));
    await seedText.close();
    for (let round = 0; round < ROUNDS; round++) {
      if (peer !== null) keep('memcaslap', await memcaslap(peer, server.port, REQUESTS));

      const text = new McTextClient({ servers: [{ host: server.host, port: server.port }], connections: CONNECTIONS });
      await text.whenReady();
      keep('lean text protocol', await drive(text, CONNECTIONS, REQUESTS, 1 + round));
      await text.close();

      const memjs = new MemjsKv({ servers: [{ host: server.host, port: server.port }] }, { connections: CONNECTIONS, timeoutMs: 5000 });
      keep('memjs', await drive(memjs, CONNECTIONS, REQUESTS, 100 + round));
      await memjs.close();

      for (const client of ['text', 'memjs'] as const) {
        const result = await runCell({
          engine: { name: 'memcached', options: { url: server.url, client, connections: CONNECTIONS } },
          workload: { name: 'kv', params: { ratio: '1:9', keys: KEYSPACE, dataSize: String(VALUE.length), preload: 0 } },
          config: { concurrency: CONNECTIONS, requests: REQUESTS, warmupMs: 0, seed: 1 + round },
        });
        const ops = Object.values(result.ops).reduce((n, op) => n + op.count, 0);
        keep(`cachebench runCell (${client})`, ops / (result.timing.measuredMs / 1000));
      }
    }
  } finally {
    await server.stop();
  }
  const reference = best.get('memcaslap') ?? null;
  console.log(`${'tool'.padEnd(30)}${'ops/s'.padStart(12)}${'÷ memcaslap'.padStart(14)}${'÷ memjs'.padStart(10)}`);
  for (const [tool, rate] of best) {
    const vsPeer = reference === null ? 'n/a' : (rate / reference).toFixed(2);
    console.log(`${tool.padEnd(30)}${Math.round(rate).toLocaleString('en-US').padStart(12)}${vsPeer.padStart(14)}${(rate / best.get('memjs')!).toFixed(2).padStart(10)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
