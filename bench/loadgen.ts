/**
 * The load generator at the limit: cachebench's whole run path (`runCell`, callback lanes,
 * memtier's shape) against the native load generators, on one managed redis-server and one
 * managed memcached, in one run:
 *   redis-benchmark     -c 50 -P 1 and -P 16, GET and SET, 3-byte values, 100k keys (redis-tools)
 *   memtier_benchmark   the same shapes, protocols redis and memcache_text — when it is on PATH
 *                       (it is not packaged in Debian; a missing one is said loudly, never hidden)
 *   cachebench          runCell with --clients 50 --pipeline P, -t 1, same mix, keys and values
 * Rounds are interleaved (every tool once per round) and the best round of each tool is kept:
 * on a shared machine the best round is the least disturbed one. Prints ops/s, the ratio to each
 * reference measured in the same round set, and cachebench's CPU per request (user + system of
 * this process over the measured phase only, from the phase events).
 *
 *   npm run bench:loadgen [-- --rounds N --requests N --pipelines 1,16 --only get,set]
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireBinary, startMemcached, startRedisServer, type ManagedServer } from '../engines/real/managed/index.js';
import { runCell } from '../harness/cell/run-cell.js';

const run = promisify(execFile);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
}

const CLIENTS = 50;
const KEYSPACE = 100_000;
const VALUE_BYTES = 3; // redis-benchmark's default -d 3
const ROUNDS = Number(arg('rounds', '3'));
const REQUESTS_P1 = Number(arg('requests', '200000'));
const PIPELINES = arg('pipelines', '1,16').split(',').map(Number);
const OPS = arg('only', 'get,set').split(',') as ('get' | 'set')[];
for (const op of OPS) if (op !== 'get' && op !== 'set') throw new Error(`--only: each must be get or set (got ${op})`);

type Op = 'get' | 'set';
interface Cell {
  readonly server: 'redis' | 'memcached';
  readonly op: Op;
  readonly pipeline: number;
}

const requestsFor = (pipeline: number): number => (pipeline === 1 ? REQUESTS_P1 : REQUESTS_P1 * 5);

async function redisBenchmark(port: number, c: Cell): Promise<number> {
  const { stdout } = await run(requireBinary('redis-benchmark'), [
    '-h', '127.0.0.1', '-p', String(port), '-c', String(CLIENTS), '-P', String(c.pipeline),
    '-n', String(requestsFor(c.pipeline)), '-r', String(KEYSPACE), '-d', String(VALUE_BYTES), '-t', c.op, '--csv',
  ]);
  const row = stdout.trim().split('\n').find((l) => l.startsWith(`"${c.op.toUpperCase()}"`));
  if (!row) throw new Error(`unexpected redis-benchmark output:\n${stdout}`);
  return Number(row.split(',')[1]!.replace(/"/g, ''));
}

async function memtier(binary: string, port: number, c: Cell): Promise<number> {
  const { stdout } = await run(binary, [
    '-s', '127.0.0.1', '-p', String(port), '-P', c.server === 'redis' ? 'redis' : 'memcache_text',
    '-t', '1', '-c', String(CLIENTS), '--pipeline', String(c.pipeline), '--ratio', c.op === 'get' ? '0:1' : '1:0',
    '-n', String(Math.ceil(requestsFor(c.pipeline) / CLIENTS)), '--key-maximum', String(KEYSPACE), '-d', String(VALUE_BYTES),
    '--hide-histogram', '--key-pattern', 'R:R',
  ], { maxBuffer: 16 * 1024 * 1024 });
  const totals = /^Totals\s+([\d.]+)/m.exec(stdout);
  if (!totals) throw new Error(`unexpected memtier_benchmark output:\n${stdout}`);
  return Number(totals[1]);
}

/** runCell with memtier's shape; ops/s of the measured phase and this process's CPU µs per request in it. */
async function cachebench(server: ManagedServer, c: Cell, seed: number): Promise<{ opsPerSec: number; cpuUsPerRequest: number }> {
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpu: NodeJS.CpuUsage | null = null;
  const result = await runCell(
    {
      engine: { name: c.server, options: { url: server.url, connections: CLIENTS } },
      workload: {
        name: 'kv',
        params: { ratio: c.op === 'get' ? '0:1' : '1:0', keys: KEYSPACE, dataSize: String(VALUE_BYTES), preload: c.op === 'get' ? 'all' : 0 },
      },
      config: { clients: CLIENTS, pipeline: c.pipeline, threads: 1, requests: requestsFor(c.pipeline), warmupMs: 0, seed },
    },
    {
      onPhase: (phase) => {
        if (phase === 'measure') cpuAtStart = process.cpuUsage();
        if (phase === 'check' && cpuAtStart !== null) cpu = process.cpuUsage(cpuAtStart);
      },
    },
  );
  if (result.summary.errors > 0) throw new Error(`cachebench ${c.server} ${c.op} P${c.pipeline}: ${result.statusReasons.join('; ')}`);
  const used = cpu as NodeJS.CpuUsage | null;
  const cpuUs = used === null ? NaN : (used.user + used.system) / result.summary.ops;
  return { opsPerSec: result.summary.opsPerSec, cpuUsPerRequest: cpuUs };
}

/** An executable of that name on PATH, or null. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

async function main(): Promise<void> {
  const memtierBinary = onPath('memtier_benchmark');
  if (memtierBinary === null) {
    console.error(
      '\n!!! memtier_benchmark is NOT on PATH: no memtier reference in this run (redis and memcache_text).\n' +
        '!!! It is not packaged in Debian; build it from github.com/RedisLabs/memtier_benchmark and put it on PATH.\n' +
        '!!! memcached cells therefore have no reference below; redis cells are compared with redis-benchmark only.\n',
    );
  }
  const redis = await startRedisServer();
  const memcached = await startMemcached({ threads: 1 });
  const cells: Cell[] = [];
  for (const pipeline of PIPELINES) for (const op of OPS) for (const server of ['redis', 'memcached'] as const) cells.push({ server, op, pipeline });
  const best = new Map<string, number>();
  const cpu = new Map<string, number>();
  const keep = (key: string, v: number): void => void best.set(key, Math.max(best.get(key) ?? 0, v));
  const loads: number[] = [loadavg()[0]!];
  try {
    console.error(`redis-server ${redis.version} on ${redis.url}, memcached ${memcached.version} (-t 1) on ${memcached.url}; ${ROUNDS} interleaved rounds, best kept`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of cells) {
        const id = `${c.server} ${c.op.toUpperCase()} -c ${CLIENTS} -P ${c.pipeline}`;
        const server = c.server === 'redis' ? redis : memcached;
        if (c.server === 'redis') keep(`${id}|redis-benchmark`, await redisBenchmark(server.port, c));
        if (memtierBinary !== null) keep(`${id}|memtier_benchmark`, await memtier(memtierBinary, server.port, c));
        const mine = await cachebench(server, c, 1 + round);
        keep(`${id}|cachebench`, mine.opsPerSec);
        cpu.set(id, Math.min(cpu.get(id) ?? Infinity, mine.cpuUsPerRequest));
        loads.push(loadavg()[0]!);
      }
    }
  } finally {
    await redis.stop();
    await memcached.stop();
  }
  // The machine's state belongs with the figures: on a shared host every ratio moves with it.
  console.log(`load average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; ${ROUNDS} interleaved rounds, best kept`);
  const pad = (s: string, n: number): string => s.padEnd(n);
  const num = (n: number | undefined): string => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
  console.log(
    `${pad('cell', 30)}${'redis-benchmark'.padStart(16)}${'memtier'.padStart(12)}${'cachebench'.padStart(12)}` +
      `${'÷ redis-bench'.padStart(15)}${'÷ memtier'.padStart(11)}${'CPU µs/req'.padStart(12)}`,
  );
  for (const c of cells) {
    const id = `${c.server} ${c.op.toUpperCase()} -c ${CLIENTS} -P ${c.pipeline}`;
    const rb = best.get(`${id}|redis-benchmark`);
    const mt = best.get(`${id}|memtier_benchmark`);
    const cb = best.get(`${id}|cachebench`)!;
    console.log(
      `${pad(id, 30)}${num(rb).padStart(16)}${num(mt).padStart(12)}${num(cb).padStart(12)}` +
        `${(rb === undefined ? '—' : (cb / rb).toFixed(2) + '×').padStart(15)}${(mt === undefined ? '—' : (cb / mt).toFixed(2) + '×').padStart(11)}` +
        `${cpu.get(id)!.toFixed(2).padStart(12)}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
