/**
 * Driving a Redis Cluster: cachebench's whole run path (`runCell`, --clients 50 --pipeline P,
 * one thread) on a managed three-master cluster through the lean slot router's callback lanes
 * and through ioredis's cluster client, against `redis-benchmark --cluster` on the same cluster
 * and the lean driver on one managed redis-server, in one run:
 *   redis-benchmark --cluster   -c 50 -P P, GET or SET, 3-byte values, 100k keys (redis-tools)
 *   cluster lanes               runCell, client resp (slot router, callback lanes)
 *   cluster ioredis             runCell, client ioredis (Cluster, autoPipelining; promise lanes)
 *   single lanes                runCell, client resp, one redis-server (the router's reference)
 * Rounds are interleaved and each tool's best round kept. Prints ops/s, ratios to
 * redis-benchmark --cluster and to the single server, and this process's CPU per request over
 * the measured phase — the router's own cost shows as cluster lanes ÷ single lanes CPU.
 *
 *   npm run bench:cluster [-- --rounds N --requests N --pipelines 1,16 --only get,set]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { requireBinary, startRedisCluster, startRedisServer } from '../engines/real/managed/index.js';
import { runCell } from '../harness/cell/run-cell.js';
import { arg } from './args.js';

const run = promisify(execFile);

const CLIENTS = 50;
const KEYSPACE = 100_000;
const VALUE_BYTES = 3;
const ROUNDS = Number(arg('rounds', '2'));
const REQUESTS_P1 = Number(arg('requests', '100000'));
const PIPELINES = arg('pipelines', '1,16').split(',').map(Number);
const OPS = arg('only', 'get,set').split(',') as Op[];
for (const op of OPS) if (op !== 'get' && op !== 'set') throw new Error(`--only: each must be get or set (got ${op})`);

type Op = 'get' | 'set';
type Tool = 'redis-benchmark --cluster' | 'cluster lanes' | 'cluster ioredis' | 'single lanes';
const TOOLS: readonly Tool[] = ['redis-benchmark --cluster', 'cluster lanes', 'cluster ioredis', 'single lanes'];
const requestsFor = (pipeline: number): number => (pipeline === 1 ? REQUESTS_P1 : REQUESTS_P1 * 5);

async function redisBenchmark(port: number, op: Op, pipeline: number): Promise<number> {
  const { stdout } = await run(requireBinary('redis-benchmark'), [
    '--cluster', '-h', '127.0.0.1', '-p', String(port), '-c', String(CLIENTS), '-P', String(pipeline),
    '-n', String(requestsFor(pipeline)), '-r', String(KEYSPACE), '-d', String(VALUE_BYTES), '-t', op, '--csv',
  ]);
  const row = stdout.trim().split('\n').find((l) => l.startsWith(`"${op.toUpperCase()}"`));
  if (!row) throw new Error(`unexpected redis-benchmark output:\n${stdout}`);
  return Number(row.split(',')[1]!.replace(/"/g, ''));
}

async function cachebench(url: string, client: 'resp' | 'ioredis', op: Op, pipeline: number, seed: number): Promise<{ opsPerSec: number; cpuUs: number }> {
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpu: NodeJS.CpuUsage | null = null;
  const ioredis = client === 'ioredis';
  const result = await runCell(
    {
      engine: { name: 'redis', options: { url, client, connections: ioredis ? 1 : CLIENTS, ...(ioredis ? { autoPipelining: true } : {}) } },
      workload: { name: 'kv', params: { ratio: op === 'get' ? '0:1' : '1:0', keys: KEYSPACE, dataSize: String(VALUE_BYTES), preload: op === 'get' ? 'all' : 0 } },
      config: ioredis
        ? { concurrency: CLIENTS * pipeline, threads: 1, requests: requestsFor(pipeline), warmupMs: 0, seed }
        : { clients: CLIENTS, pipeline, threads: 1, requests: requestsFor(pipeline), warmupMs: 0, seed },
    },
    {
      onPhase: (phase) => {
        if (phase === 'measure') cpuAtStart = process.cpuUsage();
        if (phase === 'check' && cpuAtStart !== null) cpu = process.cpuUsage(cpuAtStart);
      },
    },
  );
  if (result.summary.errors > 0) throw new Error(`cachebench ${client} ${op} P${pipeline}: ${JSON.stringify(result.errors)}`);
  const used = cpu as NodeJS.CpuUsage | null;
  return { opsPerSec: result.summary.opsPerSec, cpuUs: used === null ? NaN : (used.user + used.system) / result.summary.ops };
}

async function main(): Promise<void> {
  const cluster = await startRedisCluster(3);
  const single = await startRedisServer();
  const best = new Map<string, { opsPerSec: number; cpuUs: number }>();
  const keep = (key: string, v: { opsPerSec: number; cpuUs: number }): void => {
    if (v.opsPerSec > (best.get(key)?.opsPerSec ?? 0)) best.set(key, v);
  };
  try {
    process.stderr.write(`cluster ${cluster.version}, 3 masters; load average at start ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const pipeline of PIPELINES) {
        for (const op of OPS) {
          for (const tool of TOOLS) {
            const key = `${op} -P ${pipeline}|${tool}`;
            if (tool === 'redis-benchmark --cluster') keep(key, { opsPerSec: await redisBenchmark(cluster.nodes[0]!.port, op, pipeline), cpuUs: NaN });
            else if (tool === 'single lanes') keep(key, await cachebench(single.url, 'resp', op, pipeline, round + 1));
            else keep(key, await cachebench(cluster.url, tool === 'cluster lanes' ? 'resp' : 'ioredis', op, pipeline, round + 1));
            process.stderr.write('.');
          }
        }
      }
    }
  } finally {
    await cluster.stop();
    await single.stop();
  }
  process.stderr.write('\n');
  const rows = [['cell', 'tool', 'ops/s', '÷ redis-benchmark --cluster', '÷ single lanes', 'CPU µs/request']];
  for (const pipeline of PIPELINES) {
    for (const op of OPS) {
      const cell = `${op} -P ${pipeline}`;
      const ref = best.get(`${cell}|redis-benchmark --cluster`)!.opsPerSec;
      const one = best.get(`${cell}|single lanes`)!.opsPerSec;
      for (const tool of TOOLS) {
        const v = best.get(`${cell}|${tool}`)!;
        rows.push([cell, tool, Math.round(v.opsPerSec).toLocaleString('en-US'), (v.opsPerSec / ref).toFixed(2), (v.opsPerSec / one).toFixed(2), Number.isNaN(v.cpuUs) ? '—' : v.cpuUs.toFixed(2)]);
      }
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) process.stdout.write(`| ${r.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |\n`);
}

await main();
