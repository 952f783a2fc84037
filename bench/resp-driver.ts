/**
 * Redis load paths side by side against one managed redis-server, in one run:
 *   redis-benchmark     the reference (redis-tools), -c 50, -P 1 / -P 16, GET and SET, 3-byte values
 *   lean RESP           engines/real/resp: 50 connections, 50×P requests in flight, a Promise each
 *   lean RESP (callbacks) the same through getWith/setWith: lanes pinned to connections, no Promises
 *   ioredis             50 clients, explicit pipelines of P (P = 1: plain commands)
 *   cachebench (resp)   the whole harness: runCell on engine `redis` with client resp, same shape
 * Prints ops/s and each one ÷ redis-benchmark. Same keys (key:000000012345, 100k key space),
 * value size and connection/pipeline shape for every tool. With --rounds N every cell is
 * measured N times, tools interleaved, and the best round of each tool is kept (on a shared
 * machine the best round is the least disturbed one).
 *
 *   npm run build && node dist/bench/resp-driver.js [--requests N] [--rounds N] [--only get|set]
 *     [--pipelines 1,16] [--tools redis-benchmark,lean,lean-callbacks,ioredis,runcell]
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { requireBinary, startRedisServer } from '../engines/real/managed/index.js';
import { IoredisClient } from '../engines/real/redis/ioredis-client.js';
import { resolveAdapterOptions } from '../engines/real/redis/options.js';
import { parseRedisUrl } from '../engines/real/redis/url.js';
import { RespClient } from '../engines/real/resp/client.js';
import { runCell } from '../harness/cell/run-cell.js';
import { Rng } from '../shared/rng.js';
import { arg } from './args.js';

const run = promisify(execFile);


const CONNECTIONS = 50;
const KEYSPACE = 100_000;
const VALUE = 'xxx'; // redis-benchmark's default -d 3
const REQUESTS_P1 = Number(arg('requests', '200000'));
const REQUESTS_P16 = REQUESTS_P1 * 5;
const OPS = arg('only', 'set,get').split(',') as ('get' | 'set')[];
const ROUNDS = Number(arg('rounds', '1'));
const PIPELINES = arg('pipelines', '1,16').split(',').map(Number);
const TOOL_NAMES = ['redis-benchmark', 'lean', 'lean-callbacks', 'ioredis', 'runcell'];
const TOOLS = new Set(arg('tools', TOOL_NAMES.join(',')).split(','));
for (const p of PIPELINES) if (p !== 1 && p !== 16) throw new Error(`--pipelines: each must be 1 or 16 (got ${p})`);
for (const t of TOOLS) {
  if (!TOOL_NAMES.includes(t)) {
    throw new Error(`--tools: each must be one of ${TOOL_NAMES.join(', ')} (got ${t})`);
  }
}

/** redis-benchmark's -r key names: key:%012d. */
const KEYS: string[] = Array.from({ length: KEYSPACE }, (_, i) => `key:${String(i).padStart(12, '0')}`);

interface KvLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
}

/** `lanes` closed-loop lanes share a budget of `total` operations; returns ops/s. */
async function drive(kv: KvLike, op: 'get' | 'set', lanes: number, total: number, seed: number): Promise<number> {
  let remaining = total;
  const rng = new Rng(seed, 7);
  const lane = async (): Promise<void> => {
    while (remaining > 0) {
      remaining--;
      const key = KEYS[rng.int(KEYSPACE)]!;
      if (op === 'get') await kv.get(key);
      else await kv.set(key, VALUE);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  return total / ((performance.now() - started) / 1000);
}

/**
 * The same lanes through the driver's callback API: lane k stays on connection k mod 50 and
 * issues its next request from the reply callback — no Promise per request, like
 * redis-benchmark's clients. Returns ops/s.
 */
function driveWith(client: RespClient, op: 'get' | 'set', lanes: number, total: number, seed: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let remaining = total;
    let lanesRunning = lanes;
    const rng = new Rng(seed, 7);
    const started = performance.now();
    for (let l = 0; l < lanes; l++) {
      const index = l % CONNECTIONS;
      const next = (): void => {
        if (remaining === 0) {
          if (--lanesRunning === 0) resolve(total / ((performance.now() - started) / 1000));
          return;
        }
        remaining--;
        const key = KEYS[rng.int(KEYSPACE)]!;
        if (op === 'get') client.getWith(index, key, next, reject);
        else client.setWith(index, key, VALUE, next, reject);
      };
      next();
    }
  });
}

async function redisBenchmark(port: number, op: 'get' | 'set', pipeline: number, total: number): Promise<number> {
  const { stdout } = await run(requireBinary('redis-benchmark'), [
    '-h', '127.0.0.1', '-p', String(port), '-c', String(CONNECTIONS), '-P', String(pipeline),
    '-n', String(total), '-r', String(KEYSPACE), '-d', String(VALUE.length), '-t', op, '--csv',
  ]);
  // "test","rps",…  then  "SET","123456.79",…
  const row = stdout.trim().split('\n').find((l) => l.startsWith(`"${op.toUpperCase()}"`));
  if (!row) throw new Error(`unexpected redis-benchmark output:\n${stdout}`);
  return Number(row.split(',')[1]!.replace(/"/g, ''));
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  const url = server.url;
  const rows: { cell: string; tool: string; opsPerSec: number; ratio: number; cpuUs: number | undefined }[] = [];
  try {
    console.error(`redis-server ${server.version} on ${url}; redis-benchmark, lean RESP, ioredis, cachebench runCell; ${CONNECTIONS} connections`);
    for (const pipeline of PIPELINES) {
      const total = pipeline === 1 ? REQUESTS_P1 : REQUESTS_P16;
      for (const op of OPS) {
        const cell = `${op.toUpperCase()} -c ${CONNECTIONS} -P ${pipeline}`;
        const best = new Map<string, number>();
        const keep = (tool: string, rate: number): void => void best.set(tool, Math.max(best.get(tool) ?? 0, rate));
        /** This process's CPU (user + system) per request for the in-process drivers, lowest round. */
        const cpu = new Map<string, number>();
        const measureCpu = async (tool: string, work: () => Promise<number>): Promise<number> => {
          const before = process.cpuUsage();
          const rate = await work();
          const used = process.cpuUsage(before);
          const perRequest = (used.user + used.system) / total;
          cpu.set(tool, Math.min(cpu.get(tool) ?? Infinity, perRequest));
          return rate;
        };
        for (let round = 0; round < ROUNDS; round++) {
          // redis-benchmark always runs: every ratio is taken against it.
          keep('redis-benchmark', await redisBenchmark(server.port, op, pipeline, total));

          if (TOOLS.has('lean')) {
            const lean = new RespClient({ host: server.host, port: server.port, connections: CONNECTIONS });
            await lean.whenReady();
            keep('lean RESP', await measureCpu('lean RESP', () => drive(lean, op, CONNECTIONS * pipeline, total, 1 + round)));
            await lean.close();
          }

          if (TOOLS.has('lean-callbacks')) {
            const lean = new RespClient({ host: server.host, port: server.port, connections: CONNECTIONS });
            await lean.whenReady();
            const tool = 'lean RESP (callbacks)';
            keep(tool, await measureCpu(tool, () => driveWith(lean, op, CONNECTIONS * pipeline, total, 50 + round)));
            await lean.close();
          }

          if (TOOLS.has('ioredis')) {
            const io = new IoredisClient(
              parseRedisUrl(url),
              resolveAdapterOptions({ client: 'ioredis', connections: CONNECTIONS, pipeline }, false),
            );
            await io.whenReady();
            keep(`ioredis${pipeline > 1 ? ` (pipeline ${pipeline})` : ''}`, await drive(io, op, CONNECTIONS * pipeline, total, 100 + round));
            await io.close();
          }

          if (!TOOLS.has('runcell')) continue;
          const result = await runCell({
            engine: { name: 'redis', options: { url, client: 'resp', connections: CONNECTIONS } },
            workload: {
              name: 'kv',
              params: { ratio: op === 'get' ? '0:1' : '1:0', keys: KEYSPACE, dataSize: String(VALUE.length), preload: op === 'get' ? 'all' : 0 },
            },
            config: { concurrency: CONNECTIONS * pipeline, requests: total, warmupMs: 0, seed: 1 + round },
          });
          keep('cachebench runCell (resp)', result.ops[op]?.opsPerSec ?? 0);
        }
        const reference = best.get('redis-benchmark')!;
        for (const [tool, rate] of best) rows.push({ cell, tool, opsPerSec: rate, ratio: rate / reference, cpuUs: cpu.get(tool) });
      }
    }
  } finally {
    await server.stop();
  }
  const pad = (s: string, n: number): string => s.padEnd(n);
  console.log(`${pad('cell', 22)}${pad('tool', 30)}${'ops/s'.padStart(12)}${'÷ redis-benchmark'.padStart(20)}${'CPU µs/request'.padStart(16)}`);
  for (const r of rows) {
    console.log(`${pad(r.cell, 22)}${pad(r.tool, 30)}${Math.round(r.opsPerSec).toLocaleString('en-US').padStart(12)}${r.ratio.toFixed(2).padStart(20)}${(r.cpuUs === undefined ? '' : r.cpuUs.toFixed(2)).padStart(16)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
