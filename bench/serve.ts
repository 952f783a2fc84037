/**
 * The served engines against the servers they imitate, in one run, as ratios:
 *   redis    `cachebench serve --engine redis-style` vs redis-server 7.0, both driven by
 *            redis-benchmark -c 50, -P 1 and -P 16, SET and GET (goal ≥ 0.5×)
 *   memcached `cachebench serve --engine memcached-style --threads 2` vs `memcached -t 2`,
 *            driven by memtier_benchmark when it is on PATH, else by cachebench's lean text
 *            driver (runCell, engine `memcached`) with 2 load threads × 25 connections,
 *            10% set / 90% get over 10,000 keys (goal ≥ 0.5×)
 * Each server runs as its own process on loopback. Rounds interleave the two sides and the
 * best round of each counts (other work on a shared machine only ever slows a round down);
 * the load average before and after is printed so a busy machine is visible.
 * For the redis part the server's CPU time per request (user + sys from /proc/<pid>/stat over
 * the redis-benchmark run; the lowest round counts) and the CPU share of the server and of
 * redis-benchmark (CPU time / wall time; 2.0 would be both cores) are printed too: on 2 cores
 * shared by the load generator and the server, CPU per request is the figure other work on the
 * machine disturbs least, and the shares show who was short of CPU.
 *
 *   npm run build && node dist/bench/serve.js [--requests 200000] [--rounds 3] [--parts redis,memcached]
 */
import { execFile, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findBinary, startMemcached, startRedisServer } from '../engines/real/managed/index.js';
import { runCell } from '../harness/cell/run-cell.js';
import { PROJECT_ROOT } from '../shared/dist-url.js';
import { arg, positiveInt } from './args.js';

const run = promisify(execFile);

const REQUESTS = positiveInt('requests', 200_000);
const ROUNDS = positiveInt('rounds', 3);
const PARTS = arg('parts', 'redis,memcached').split(',');

interface Served {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** CPU ms (user + sys) a process has used: its own, or (`children`) that of its reaped children. */
function cpuMs(pid: number | 'self', children = false): number | null {
  const fs = process.getBuiltinModule('node:fs');
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null; // not Linux
  }
  // Fields after the parenthesised name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = children ? Number(f[13]) + Number(f[14]) : Number(f[11]) + Number(f[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

interface BenchRun {
  /** requests/s per test (SET, GET). */
  readonly rps: Map<string, number>;
  /** Server CPU µs per request over the whole run (both tests); null without /proc. */
  readonly serverCpuUsPerRequest: number | null;
  /** CPU time / wall time of the server and of redis-benchmark over the run. */
  readonly serverShare: number | null;
  readonly benchmarkShare: number | null;
}

/** `cachebench serve …` as a child process; resolves once it prints where it listens. */
async function serve(args: string[]): Promise<Served> {
  const cli = path.join(PROJECT_ROOT, 'dist', 'harness', 'cli', 'main.js');
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.once('exit', () => child.kill('SIGKILL'));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on [^ ]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(() => reject(new Error(`cachebench serve ${args.join(' ')} exited before listening`)));
  });
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** redis-benchmark's requests/s per test (SET, GET) for one pipeline depth, and the CPU it and the server used. */
async function redisBenchmark(port: number, serverPid: number, pipeline: number): Promise<BenchRun> {
  const server0 = cpuMs(serverPid);
  const bench0 = cpuMs('self', true);
  const t0 = performance.now();
  const { stdout } = await run('redis-benchmark', ['-p', String(port), '-c', '50', '-P', String(pipeline), '-n', String(REQUESTS), '-r', '100000', '-t', 'set,get', '--csv'], {
    maxBuffer: 1 << 20,
    // redis-benchmark 7.0 spins forever when its first (CONFIG GET) connection fails, e.g. a
    // server not yet listening (seen by hand; here `serve` is awaited until it listens): a
    // bounded run fails loudly instead of hanging the bench.
    timeout: 300_000,
  });
  const wallMs = performance.now() - t0;
  const server1 = cpuMs(serverPid);
  const bench1 = cpuMs('self', true);
  const rps = new Map<string, number>();
  for (const line of stdout.trim().split('\n').slice(1)) {
    const [test, value] = line.split(',').map((c) => JSON.parse(c) as string);
    rps.set(test!, Number(value));
  }
  const serverMs = server0 !== null && server1 !== null ? server1 - server0 : null;
  return {
    rps,
    serverCpuUsPerRequest: serverMs === null ? null : (serverMs * 1000) / (2 * REQUESTS),
    serverShare: serverMs === null ? null : serverMs / wallMs,
    benchmarkShare: bench0 !== null && bench1 !== null ? (bench1 - bench0) / wallMs : null,
  };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function redisPart(): Promise<string[]> {
  if (findBinary('redis-server') === null || findBinary('redis-benchmark') === null) throw new Error('redis part: needs redis-server and redis-benchmark (apt-get install -y redis-server redis-tools)');
  const real = await startRedisServer({ persistence: 'none' });
  const served = await serve(['--engine', 'redis-style']);
  const best = new Map<string, number>();
  const keep = (k: string, v: number): void => {
    best.set(k, Math.max(best.get(k) ?? 0, v));
  };
  /** Per side and depth: the run with the least server CPU per request. */
  const leanest = new Map<string, BenchRun>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const pipeline of [1, 16]) {
        // Alternate which side goes first, so neither always meets the warmer machine.
        const sides = round % 2 === 0 ? (['redis-server', 'served'] as const) : (['served', 'redis-server'] as const);
        for (const side of sides) {
          const r = side === 'served' ? await redisBenchmark(served.port, served.pid, pipeline) : await redisBenchmark(real.port, real.pid, pipeline);
          for (const [test, v] of r.rps) keep(`${side} ${test} P${pipeline}`, v);
          const key = `${side} P${pipeline}`;
          const prev = leanest.get(key);
          if (r.serverCpuUsPerRequest !== null && (prev === undefined || r.serverCpuUsPerRequest < prev.serverCpuUsPerRequest!)) leanest.set(key, r);
        }
      }
    }
  } finally {
    await served.stop();
    await real.stop();
  }
  const lines = [
    `redis-benchmark -c 50 -n ${REQUESTS} -r 100000, best of ${ROUNDS} interleaved rounds (requests/s):`,
    `${'cell'.padEnd(14)}${'redis-server'.padStart(14)}${'served redis-style'.padStart(20)}${'ratio'.padStart(9)}`,
  ];
  for (const pipeline of [1, 16]) {
    for (const test of ['SET', 'GET']) {
      const theirs = best.get(`redis-server ${test} P${pipeline}`) ?? 0;
      const ours = best.get(`served ${test} P${pipeline}`) ?? 0;
      lines.push(`${`${test} -P ${pipeline}`.padEnd(14)}${fmt(theirs).padStart(14)}${fmt(ours).padStart(20)}${(theirs > 0 ? `${(ours / theirs).toFixed(2)}×` : '-').padStart(9)}`);
    }
  }
  if (leanest.size === 4) {
    lines.push(
      '',
      'server CPU (user+sys) per request over SET+GET, least of the rounds; CPU share = CPU time / wall time of that run',
      `${'depth'.padEnd(8)}${'redis-server µs'.padStart(16)}${'served µs'.padStart(11)}${'ratio'.padStart(8)}   share: ${'redis-server'} / bench   served / bench`,
    );
    const share = (x: number | null): string => (x === null ? '-' : x.toFixed(2));
    for (const pipeline of [1, 16]) {
      const theirs = leanest.get(`redis-server P${pipeline}`)!;
      const ours = leanest.get(`served P${pipeline}`)!;
      const ratio = theirs.serverCpuUsPerRequest! / ours.serverCpuUsPerRequest!;
      lines.push(
        `${`-P ${pipeline}`.padEnd(8)}${theirs.serverCpuUsPerRequest!.toFixed(2).padStart(16)}${ours.serverCpuUsPerRequest!.toFixed(2).padStart(11)}${`${ratio.toFixed(2)}×`.padStart(8)}   ` +
          `       ${share(theirs.serverShare)} / ${share(theirs.benchmarkShare)}      ${share(ours.serverShare)} / ${share(ours.benchmarkShare)}`,
      );
    }
  }
  return lines;
}

/** ops/s of a 2-thread runCell of the lean text driver against a memcached URL. */
async function leanTextDriver(url: string, seed: number): Promise<number> {
  const result = await runCell({
    engine: { name: 'memcached', options: { url, client: 'text', connections: 25 } },
    workload: { name: 'kv', params: { ratio: '1:9', keys: 10_000, dataSize: '32', preload: 0 } },
    config: { threads: 2, concurrency: 25, requests: REQUESTS, warmupMs: 200, seed },
  });
  const ops = Object.values(result.ops).reduce((n, op) => n + op.count, 0);
  return ops / (result.timing.measuredMs / 1000);
}

async function memcachedPart(): Promise<string[]> {
  if (findBinary('memcached') === null) throw new Error('memcached part: needs memcached (apt-get install -y memcached)');
  const memtier = findBinaryOnPath('memtier_benchmark');
  const real = await startMemcached({ threads: 2, memoryMb: 64 });
  const served = await serve(['--engine', 'memcached-style', '--threads', '2', '--engine-opt', 'memoryMb=64']);
  let theirs = 0;
  let ours = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [false, true] : [true, false];
      for (const isOurs of order) {
        const port = isOurs ? served.port : real.port;
        const rate = memtier !== null ? await memtierRate(memtier, port) : await leanTextDriver(`memcached://127.0.0.1:${port}`, round + 1);
        if (isOurs) ours = Math.max(ours, rate);
        else theirs = Math.max(theirs, rate);
      }
    }
  } finally {
    await served.stop();
    await real.stop();
  }
  const driver = memtier !== null ? 'memtier_benchmark -t 2 -c 25 --ratio 1:9' : 'lean text driver (runCell), 2 load threads × 25 connections, 10% set';
  return [
    `${driver}, ${REQUESTS} requests, best of ${ROUNDS} interleaved rounds (ops/s):`,
    `${'cell'.padEnd(14)}${'memcached -t 2'.padStart(16)}${'served memcached-style --threads 2'.padStart(36)}${'ratio'.padStart(9)}`,
    `${'1:9 set:get'.padEnd(14)}${fmt(theirs).padStart(16)}${fmt(ours).padStart(36)}${`${(ours / theirs).toFixed(2)}×`.padStart(9)}`,
  ];
}

function findBinaryOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const file = path.join(dir, name);
    try {
      execFileSyncCheck(file);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

function execFileSyncCheck(file: string): void {
  // Existence and the execute bit, without running it.
  const fs = process.getBuiltinModule('node:fs');
  fs.accessSync(file, fs.constants.X_OK);
}

async function memtierRate(binary: string, port: number): Promise<number> {
  const { stdout } = await run(binary, ['-s', '127.0.0.1', '-p', String(port), '-P', 'memcache_text', '-t', '2', '-c', '25', '--ratio', '1:9', '-n', String(Math.ceil(REQUESTS / 50)), '--hide-histogram'], {
    maxBuffer: 1 << 22,
  });
  const totals = /Totals\s+([\d.]+)/.exec(stdout);
  if (!totals) throw new Error(`memtier_benchmark: no Totals line in its output`);
  return Number(totals[1]);
}

const loadBefore = os.loadavg()[0]!;
const out: string[] = [`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadBefore.toFixed(2)} at start`];
if (PARTS.includes('redis')) out.push('', ...(await redisPart()));
if (PARTS.includes('memcached')) out.push('', ...(await memcachedPart()));
out.push('', `load average ${os.loadavg()[0]!.toFixed(2)} at the end`);
process.stdout.write(out.join('\n') + '\n');
