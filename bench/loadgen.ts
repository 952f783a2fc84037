/**
 * The load generator at the limit: cachebench's whole run path (`runCell`, callback lanes,
 * memtier's shape) against the native load generators, on one managed redis-server and one
 * managed memcached, in one run:
 *   redis-benchmark     -c 50 -P 1 and -P 16, GET and SET, 3-byte values, 100k keys (redis-tools)
 *   memtier_benchmark   the same shapes, protocols redis and memcache_text — when it is on PATH
 *                       (it is not packaged in Debian; a missing one is said loudly, never hidden)
 *   cachebench          runCell with --clients 50 --pipeline P, -t 1, same mix, keys and values,
 *                       measured after a 500 ms warm-up (`--warmup-ms`, see WARMUP_MS)
 * Rounds are interleaved (every tool once per round, the tools' order reversed every other
 * round) and the best round of each tool is kept: on a shared machine the best round is the
 * least disturbed one. Prints ops/s, the ratio to each reference measured in the same round set
 * (and the median of the ratios paired within each round, where a drift of the machine between
 * rounds cancels out), cachebench's CPU per request and CPU share (user + system of this process
 * over the measured phase only, from the phase events; a share near 100% is a generator-bound
 * cell), and the server's own CPU per command under each tool.
 *
 * Like for like: every tool's GETs read keys that exist, with the same 3-byte values. memtier
 * and cachebench use the same key names, 100k keys each (cachebench's kv `keyPrefix`, keys
 * `key:0` … `key:99999`; memtier's `--key-prefix key: --key-minimum 1 --key-maximum 100000`,
 * memtier refuses a minimum of 0; `--distinct-client-seed`, or every memtier client draws the
 * same keys in step: its 1M SETs touched 18,119 distinct keys, its 200k 3,917 — with the flag
 * 86,524, like redis-benchmark's 86,391 and cachebench's 86,532, as the server's DBSIZE
 * counted); redis-benchmark's names are fixed (`key:000000012345`, `-r 100000`), so `key:0` … `key:100000` and redis-benchmark's 100k are written once before the
 * rounds. Each GET cell's hits and misses are read from the server's own counters around the
 * tool's run (INFO `keyspace_hits/misses`, memcached `get_hits/get_misses`) and printed; a GET
 * cell with misses says so loudly.
 *
 *   npm run bench:loadgen [-- --rounds N --requests N --pipelines 1,16 --only get,set --warmup-ms 500]
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireBinary, startMemcached, startRedisServer, type ManagedServer } from '../engines/real/managed/index.js';
import { McTextClient } from '../engines/real/memcached/text/client.js';
import { RespClient } from '../engines/real/resp/client.js';
import { runCell } from '../harness/cell/run-cell.js';
import { arg, positiveInt } from './args.js';

const run = promisify(execFile);

const CLIENTS = 50;
const KEYSPACE = 100_000;
const VALUE_BYTES = 3; // redis-benchmark's default -d 3
/** cachebench's kv key names, which memtier is told to use too (`--key-prefix`). */
const KEY_PREFIX = 'key:';
/** redis-benchmark's key names for `-r N`: `key:` and the random index in 12 digits. */
const redisBenchmarkKey = (i: number): string => `key:${String(i).padStart(12, '0')}`;
const ROUNDS = positiveInt('rounds', 3);
const REQUESTS_P1 = positiveInt('requests', 200_000);
const PIPELINES = arg('pipelines', '1,16').split(',').map(Number);
for (const p of PIPELINES) if (!Number.isInteger(p) || p < 1) throw new Error(`--pipelines: each must be a positive integer (got ${p})`);
/**
 * cachebench's warm-up before its measured requests, as `cachebench run` has one (1 s by
 * default): the first half second of a Node process is V8 compiling the load path on a helper
 * thread, which this process's CPU figure would otherwise count per request (0.82–1.07 µs per
 * request at -P 16 without a warm-up against 0.72–0.79 with 500 ms, one run each). `0` measures
 * from the first request, like the native tools, which have nothing to compile.
 */
const WARMUP_MS = Number(arg('warmup-ms', '500'));
if (!Number.isInteger(WARMUP_MS) || WARMUP_MS < 0) throw new Error(`--warmup-ms: expected a non-negative integer (got ${arg('warmup-ms', '500')})`);
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
    '-n', String(Math.ceil(requestsFor(c.pipeline) / CLIENTS)), '-d', String(VALUE_BYTES),
    '--key-prefix', KEY_PREFIX, '--key-minimum', '1', '--key-maximum', String(KEYSPACE),
    // Every client its own random stream, like cachebench's lanes and redis-benchmark's one
    // random() for all clients: without it memtier's 50 clients draw the same key sequence in
    // step, so 1M requests touch 18k of the 100k keys and the server works from its cache.
    '--hide-histogram', '--key-pattern', 'R:R', '--distinct-client-seed',
  ], { maxBuffer: 16 * 1024 * 1024 });
  const totals = /^Totals\s+([\d.]+)/m.exec(stdout);
  if (!totals) throw new Error(`unexpected memtier_benchmark output:\n${stdout}`);
  return Number(totals[1]);
}

interface CachebenchFigures {
  readonly opsPerSec: number;
  /** This process's user + system CPU over the measured phase, per request. */
  readonly cpuUsPerRequest: number;
  /** That CPU time ÷ the measured phase's wall time (1 = one core busy throughout). */
  readonly cpuShare: number;
}

/** runCell with memtier's shape; ops/s of the measured phase and this process's CPU in it. */
async function cachebench(server: ManagedServer, c: Cell, seed: number): Promise<CachebenchFigures> {
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpu: NodeJS.CpuUsage | null = null;
  let wallAtStart = 0;
  let wallMs = 0;
  const result = await runCell(
    {
      engine: { name: c.server, options: { url: server.url, connections: CLIENTS } },
      workload: {
        name: 'kv',
        // The keyspace was written before the rounds (preloadKeyspaces), for every tool alike.
        params: { ratio: c.op === 'get' ? '0:1' : '1:0', keys: KEYSPACE, keyPrefix: KEY_PREFIX, dataSize: String(VALUE_BYTES), preload: 0 },
      },
      config: { clients: CLIENTS, pipeline: c.pipeline, threads: 1, requests: requestsFor(c.pipeline), warmupMs: WARMUP_MS, seed },
    },
    {
      onPhase: (phase) => {
        if (phase === 'measure') {
          cpuAtStart = process.cpuUsage();
          wallAtStart = performance.now();
        }
        if (phase === 'check' && cpuAtStart !== null) {
          cpu = process.cpuUsage(cpuAtStart);
          wallMs = performance.now() - wallAtStart;
        }
      },
    },
  );
  if (result.summary.errors > 0) throw new Error(`cachebench ${c.server} ${c.op} P${c.pipeline}: ${result.statusReasons.join('; ')}`);
  const used = cpu as NodeJS.CpuUsage | null;
  const cpuUs = used === null ? NaN : used.user + used.system;
  return { opsPerSec: result.summary.opsPerSec, cpuUsPerRequest: cpuUs / result.summary.ops, cpuShare: cpuUs / 1000 / wallMs };
}

/**
 * Writes the keys every tool's GETs read, 3-byte values: cachebench's and memtier's
 * (`key:0` … `key:100000`) on both servers, redis-benchmark's (`key:000000000000` …) on redis-server.
 */
async function preloadKeyspaces(redis: ManagedServer, memcached: ManagedServer): Promise<void> {
  const value = 'x'.repeat(VALUE_BYTES);
  const r = new RespClient({ host: redis.host, port: redis.port, connections: 4 });
  const m = new McTextClient({ servers: [{ host: memcached.host, port: memcached.port }], connections: 4 });
  try {
    await r.whenReady();
    const WINDOW = 2000;
    for (let first = 0; first <= KEYSPACE; first += WINDOW) {
      const writes: Promise<unknown>[] = [];
      for (let i = first; i < Math.min(first + WINDOW, KEYSPACE + 1); i++) {
        writes.push(r.set(KEY_PREFIX + i, value), m.set(KEY_PREFIX + i, value));
        if (i < KEYSPACE) writes.push(r.set(redisBenchmarkKey(i), value));
      }
      await Promise.all(writes);
    }
  } finally {
    await r.close();
    await m.close();
  }
}

/**
 * The server's own counters: GET hits and misses, commands served and its CPU time (user +
 * system; redis INFO `used_cpu_*`, memcached `rusage_*`). Read around each tool's run, the CPU
 * per command says what each tool's requests cost the server: at -P 16 the server is the
 * bottleneck, so a tool is as fast as the server's work per request lets it be.
 */
interface ServerCounters {
  readonly hits: number;
  readonly misses: number;
  readonly commands: number;
  readonly cpuUs: number;
}

async function getCounters(server: 'redis' | 'memcached', at: ManagedServer): Promise<ServerCounters> {
  if (server === 'redis') {
    const r = new RespClient({ host: at.host, port: at.port });
    try {
      const info = String(await r.call(['INFO']));
      const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
      return {
        hits: field('keyspace_hits'),
        misses: field('keyspace_misses'),
        commands: field('total_commands_processed'),
        cpuUs: (field('used_cpu_user') + field('used_cpu_sys')) * 1e6,
      };
    } finally {
      await r.close();
    }
  }
  const m = new McTextClient({ servers: [{ host: at.host, port: at.port }] });
  try {
    const stats = await m.stats();
    const n = (name: string): number => Number(stats[name]);
    return { hits: n('get_hits'), misses: n('get_misses'), commands: n('cmd_get') + n('cmd_set'), cpuUs: (n('rusage_user') + n('rusage_system')) * 1e6 };
  } finally {
    await m.close();
  }
}

interface ServerSide {
  readonly hits: number;
  readonly misses: number;
  /** The server's CPU µs per command it served during the tool's run. */
  readonly cpuUsPerCommand: number;
  /** Commands the server counted during the tool's run. */
  readonly commands: number;
}

/**
 * Both servers here serve commands on one thread (redis-server, memcached -t 1), so no client
 * can be answered faster than one command per CPU-µs-per-command the server spent: a tool that
 * reports more than that (with slack for the server's other threads) reported a wrong figure —
 * memtier_benchmark once printed 4.4M SET/s against memcached while the server's own counters
 * allowed 0.8M. Such a round is left out, loudly, instead of becoming the "best" reference.
 */
const SERVER_BOUND_SLACK = 1.25;

function beyondServer(opsPerSec: number, side: ServerSide): number | null {
  const bound = 1e6 / side.cpuUsPerCommand;
  return Number.isFinite(bound) && side.commands > 0 && opsPerSec > SERVER_BOUND_SLACK * bound ? bound : null;
}

/** Runs `measure` and returns its result with what the server counted meanwhile. */
async function withServerCounters<T>(c: Cell, at: ManagedServer, measure: () => Promise<T>): Promise<{ value: T } & ServerSide> {
  const before = await getCounters(c.server, at);
  const value = await measure();
  const after = await getCounters(c.server, at);
  return {
    value,
    hits: after.hits - before.hits,
    misses: after.misses - before.misses,
    cpuUsPerCommand: (after.cpuUs - before.cpuUs) / (after.commands - before.commands),
    commands: after.commands - before.commands,
  };
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
  /** `cell|tool` → ops/s in each round, in round order (for the paired ratios). */
  const perRound = new Map<string, number[]>();
  const cpu = new Map<string, CachebenchFigures>();
  /** `cell|tool` → GET hits and misses the server counted, summed over rounds. */
  const lookups = new Map<string, { hits: number; misses: number }>();
  /** `cell|tool` → the server's CPU µs per command in that tool's best round. */
  const serverCpu = new Map<string, number>();
  const keep = (key: string, v: number, cpuUsPerCommand: number): void => {
    if (v <= (best.get(key) ?? 0)) return;
    best.set(key, v);
    serverCpu.set(key, cpuUsPerCommand);
  };
  const loads: number[] = [loadavg()[0]!];
  /** Rounds whose reported ops/s the server's own counters rule out (beyondServer). */
  const discarded: string[] = [];
  type Tool = 'redis-benchmark' | 'memtier_benchmark' | 'cachebench';
  try {
    console.error(
      `redis-server ${redis.version} on ${redis.url}, memcached ${memcached.version} (-t 1) on ${memcached.url}; ${ROUNDS} interleaved rounds, best kept; ` +
        `cachebench warm-up ${WARMUP_MS} ms before its measured requests`,
    );
    await preloadKeyspaces(redis, memcached);
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of cells) {
        const id = `${c.server} ${c.op.toUpperCase()} -c ${CLIENTS} -P ${c.pipeline}`;
        const server = c.server === 'redis' ? redis : memcached;
        const tools: Tool[] = [];
        if (c.server === 'redis') tools.push('redis-benchmark');
        if (memtierBinary !== null) tools.push('memtier_benchmark');
        tools.push('cachebench');
        if (round % 2 === 1) tools.reverse();
        for (const tool of tools) {
          const measured = await withServerCounters(c, server, async () => {
            if (tool === 'redis-benchmark') return { opsPerSec: await redisBenchmark(server.port, c) };
            if (tool === 'memtier_benchmark') return { opsPerSec: await memtier(memtierBinary!, server.port, c) };
            return cachebench(server, c, 1 + round);
          });
          const bound = beyondServer(measured.value.opsPerSec, measured);
          if (bound !== null) {
            console.error(
              `!!! ${tool} reported ${Math.round(measured.value.opsPerSec).toLocaleString('en-US')} ops/s in round ${round + 1} of ${id}, more than the server could serve ` +
                `(${measured.commands.toLocaleString('en-US')} commands at ${measured.cpuUsPerCommand.toFixed(2)} CPU µs each on one thread: at most ~${Math.round(bound).toLocaleString('en-US')}/s); round left out`,
            );
            discarded.push(`${id}|${tool} round ${round + 1}`);
          } else keep(`${id}|${tool}`, measured.value.opsPerSec, measured.cpuUsPerCommand);
          // NaN keeps the rounds aligned for the paired ratios; a left-out round pairs with nothing.
          perRound.set(`${id}|${tool}`, [...(perRound.get(`${id}|${tool}`) ?? []), bound === null ? measured.value.opsPerSec : NaN]);
          if ('cpuUsPerRequest' in measured.value) {
            const mine = measured.value;
            const sofar = cpu.get(id);
            if (sofar === undefined || mine.cpuUsPerRequest < sofar.cpuUsPerRequest) cpu.set(id, mine);
          }
          if (c.op === 'get') {
            const sum = lookups.get(`${id}|${tool}`) ?? { hits: 0, misses: 0 };
            lookups.set(`${id}|${tool}`, { hits: sum.hits + measured.hits, misses: sum.misses + measured.misses });
          }
        }
        loads.push(loadavg()[0]!);
      }
    }
  } finally {
    await redis.stop();
    await memcached.stop();
  }
  // The machine's state belongs with the figures: on a shared host every ratio moves with it.
  console.log(`load average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; ${ROUNDS} interleaved rounds, best kept`);
  if (discarded.length > 0) console.log(`!!! left out, their reported rate beyond the server's own counters: ${discarded.join(', ')}`);
  const pad = (s: string, n: number): string => s.padEnd(n);
  const num = (n: number | undefined): string => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));
  console.log(
    `${pad('cell', 30)}${'redis-benchmark'.padStart(16)}${'memtier'.padStart(12)}${'cachebench'.padStart(12)}` +
      `${'÷ redis-bench'.padStart(15)}${'÷ memtier'.padStart(11)}${'CPU µs/req'.padStart(12)}${'CPU share'.padStart(11)}`,
  );
  for (const c of cells) {
    const id = `${c.server} ${c.op.toUpperCase()} -c ${CLIENTS} -P ${c.pipeline}`;
    const rb = best.get(`${id}|redis-benchmark`);
    const mt = best.get(`${id}|memtier_benchmark`);
    const cb = best.get(`${id}|cachebench`)!;
    const mine = cpu.get(id)!;
    console.log(
      `${pad(id, 30)}${num(rb).padStart(16)}${num(mt).padStart(12)}${num(cb).padStart(12)}` +
        `${(rb === undefined ? '—' : (cb / rb).toFixed(2) + '×').padStart(15)}${(mt === undefined ? '—' : (cb / mt).toFixed(2) + '×').padStart(11)}` +
        `${mine.cpuUsPerRequest.toFixed(2).padStart(12)}${(Math.round(mine.cpuShare * 100) + '%').padStart(11)}`,
    );
  }
  // The same ratios paired within each round (the tools ran back to back on the same server, so
  // a drift of the machine between rounds cancels out), median over the rounds.
  const paired = (id: string, reference: string): string => {
    const mine = perRound.get(`${id}|cachebench`) ?? [];
    const theirs = perRound.get(`${id}|${reference}`);
    if (theirs === undefined) return '—';
    const ratios = mine.map((v, i) => v / theirs[i]!).filter((r) => !Number.isNaN(r));
    if (ratios.length === 0) return '—';
    const sorted = [...ratios].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return `${median.toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(', ')})`;
  };
  console.log(`cachebench ÷ each reference within each round, median over rounds (each round's ratio):`);
  for (const c of cells) {
    const id = `${c.server} ${c.op.toUpperCase()} -c ${CLIENTS} -P ${c.pipeline}`;
    console.log(`  ${pad(id, 28)}÷ redis-benchmark ${paired(id, 'redis-benchmark').padEnd(30)}÷ memtier ${paired(id, 'memtier_benchmark')}`);
  }
  // What each tool's requests cost the server (its own CPU counters), in the tool's best round.
  const cost = (key: string): string => (serverCpu.has(key) ? serverCpu.get(key)!.toFixed(2) : '—');
  console.log(`server CPU µs per command served, in each tool's best round (redis-benchmark / memtier / cachebench):`);
  for (const c of cells) {
    const id = `${c.server} ${c.op.toUpperCase()} -c ${CLIENTS} -P ${c.pipeline}`;
    console.log(`  ${pad(id, 28)}${cost(`${id}|redis-benchmark`).padStart(8)}${cost(`${id}|memtier_benchmark`).padStart(8)}${cost(`${id}|cachebench`).padStart(8)}`);
  }
  // GETs compare like with like only if every tool's GETs hit: the server's own counters say.
  const missed: string[] = [];
  const parts: string[] = [];
  for (const [key, { hits, misses }] of lookups) {
    const [id, tool] = key.split('|');
    parts.push(`${id} ${tool}: ${hits.toLocaleString('en-US')} hits, ${misses.toLocaleString('en-US')} misses`);
    if (misses > 0) missed.push(`${id} ${tool}`);
  }
  if (parts.length > 0) console.log(`GET lookups counted by the servers (all rounds):\n  ${parts.join('\n  ')}`);
  if (missed.length > 0) console.error(`\n!!! GET cells with misses (not like for like): ${missed.join(', ')}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
