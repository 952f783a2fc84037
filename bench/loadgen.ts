/**
 * The load generator at the limit: cachebench's whole run path (`runCell`, callback lanes,
 * memtier's shape) against the native load generators, on one managed redis-server and one
 * managed memcached, in one run:
 *   redis-benchmark     -c 50 -P 1 and -P 16, GET and SET, 3-byte values, 100k keys (redis-tools)
 *   memtier_benchmark   the same shapes, protocols redis and memcache_text — when it is on PATH
 *                       (it is not packaged in Debian; a missing one is said loudly, never hidden)
 *   cachebench          runCell with --clients 50 --pipeline P, -t 1, same mix, keys and values,
 *                       measured after a 1 s warm-up (`--warmup-ms`, see WARMUP_MS), each cell
 *                       in a fresh Node process as each native run is (`--cachebench-process`)
 * Rounds are interleaved (every tool once per round, the tools' order reversed every other
 * round) and the best round of each tool is kept: on a shared machine the best round is the
 * least disturbed one. The servers run on the last CPU and the tools on the others (`--pin`),
 * and before every tool's run the server serves the cell's operation for a second, unmeasured
 * (`--condition-ms`), so each tool meets it in the same state (see PIN, CONDITION_MS and
 * requestsFor for what each of these changed). Prints ops/s, the ratio to each reference
 * measured in the same round set (and the median of the ratios paired within each round, where
 * a drift of the machine between rounds cancels out), cachebench's CPU per request and CPU
 * share (user + system of the process over the measured phase only, from the phase events; a
 * share near 100% is a generator-bound cell), and the server's own CPU per command under each
 * tool and how busy that kept it.
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
 *   npm run bench:loadgen [-- --rounds N --requests N --pipelines 1,16 --only get,set --warmup-ms 1000
 *                            --condition-ms 1000 --pin on|off --cachebench-process fresh|shared]
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pinSelf, requireBinary, startMemcached, startRedisServer, type ManagedServer } from '../engines/real/managed/index.js';
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
 * cachebench's warm-up before its measured requests, `cachebench run`'s default (1 s): the first
 * second of a Node process is V8 compiling the load path on a helper thread, which this
 * process's CPU figure would otherwise count per request (0.82–1.07 µs per request at -P 16
 * without a warm-up against 0.72–0.79 with 500 ms, one run each), and a fresh process at -P 1 is
 * still tiering up after 500 ms (memcached SET -P 1 0.97–0.99× memtier in four runs with 500 ms,
 * 1.01× with 1 s). `0` measures from the first request, like the native tools, which have
 * nothing to compile.
 */
const WARMUP_MS = Number(arg('warmup-ms', '1000'));
if (!Number.isInteger(WARMUP_MS) || WARMUP_MS < 0) throw new Error(`--warmup-ms: expected a non-negative integer (got ${arg('warmup-ms', '1000')})`);
/**
 * Where cachebench's cells run. `fresh` (the default): each cell in a new Node process, as
 * every redis-benchmark and memtier_benchmark run is a new process and as a user runs
 * `cachebench run`. `shared`: in this bench's own process, whose heap and JIT state the earlier
 * cells have shaped (see engines/real/README.md for what that did to memcached SET -P 16).
 */
const CACHEBENCH_PROCESS = arg('cachebench-process', 'fresh');
if (CACHEBENCH_PROCESS !== 'fresh' && CACHEBENCH_PROCESS !== 'shared') {
  throw new Error(`--cachebench-process: must be fresh or shared (got ${CACHEBENCH_PROCESS})`);
}
/**
 * CPU placement. `on` (the default on a machine with 2 or more CPUs): the servers run on the
 * last CPU and every load generator on the others (`taskset`), as redis.io's benchmark guide
 * advises when client and server share a machine. Unpinned, the scheduler lets a client that
 * wakes into the server's core preempt it, and that depends on the client's threads, not on
 * its load path: under cachebench's SETs memcached's worker was preempted 5–17k times per 3M
 * SETs against 3.4k under memtier, and cost 1.44 CPU µs per SET against 1.17; pinned, both
 * cost it 1.45–1.53 and the two tools were within 3% (engines/real/README.md). `off` leaves
 * placement to the scheduler.
 */
const PIN = arg('pin', cpus().length >= 2 ? 'on' : 'off');
if (PIN !== 'on' && PIN !== 'off') throw new Error(`--pin: must be on or off (got ${PIN})`);
/** The CPU list the servers get and the one the load generators get, when pinned. */
const SERVER_CPUS = String(cpus().length - 1);
const TOOL_CPUS = cpus().length >= 2 ? `0-${cpus().length - 2}` : '0';
/** `binary args` as run: under `taskset -c <tool CPUs>` when pinned. */
const placed = (binary: string, args: readonly string[]): [string, string[]] =>
  PIN === 'on' ? [requireBinary('taskset'), ['-c', TOOL_CPUS, binary, ...args]] : [binary, [...args]];
/** Set only in the child process of a `fresh` cell: the cell to run, as JSON. */
const CHILD_CELL = arg('child-cell', '');
const OPS = arg('only', 'get,set').split(',') as ('get' | 'set')[];
for (const op of OPS) if (op !== 'get' && op !== 'set') throw new Error(`--only: each must be get or set (got ${op})`);

type Op = 'get' | 'set';
interface Cell {
  readonly server: 'redis' | 'memcached';
  readonly op: Op;
  readonly pipeline: number;
}

/**
 * A pipelined SET run sends 20× the requests (4M by default, 5–6 s at -P 16): memcached defers
 * its LRU upkeep for the first second or so of a SET burst and pays it in the seconds after, so a
 * short run measures that debt and not the server (with 1M SETs, ~1.3 s, each round's ratio
 * memcached SET -P 16 followed the tools' order: 0.84–0.89 with memtier first, 0.96–1.02 with
 * cachebench first; with 4M it was 0.97–1.00 either way, and memcached's CPU per SET under the
 * two tools 1.43 / 1.46 µs). GETs leave no such debt: a pipelined GET run sends 5× (1M).
 */
const requestsFor = (c: Cell): number => (c.pipeline === 1 ? REQUESTS_P1 : REQUESTS_P1 * (c.op === 'set' ? 20 : 5));

async function redisBenchmark(port: number, c: Cell): Promise<number> {
  const { stdout } = await run(...placed(requireBinary('redis-benchmark'), [
    '-h', '127.0.0.1', '-p', String(port), '-c', String(CLIENTS), '-P', String(c.pipeline),
    '-n', String(requestsFor(c)), '-r', String(KEYSPACE), '-d', String(VALUE_BYTES), '-t', c.op, '--csv',
  ]));
  const row = stdout.trim().split('\n').find((l) => l.startsWith(`"${c.op.toUpperCase()}"`));
  if (!row) throw new Error(`unexpected redis-benchmark output:\n${stdout}`);
  return Number(row.split(',')[1]!.replace(/"/g, ''));
}

async function memtier(binary: string, port: number, c: Cell): Promise<number> {
  const { stdout } = await run(...placed(binary, [
    '-s', '127.0.0.1', '-p', String(port), '-P', c.server === 'redis' ? 'redis' : 'memcache_text',
    '-t', '1', '-c', String(CLIENTS), '--pipeline', String(c.pipeline), '--ratio', c.op === 'get' ? '0:1' : '1:0',
    '-n', String(Math.ceil(requestsFor(c) / CLIENTS)), '-d', String(VALUE_BYTES),
    '--key-prefix', KEY_PREFIX, '--key-minimum', '1', '--key-maximum', String(KEYSPACE),
    // Every client its own random stream, like cachebench's lanes and redis-benchmark's one
    // random() for all clients: without it memtier's 50 clients draw the same key sequence in
    // step, so 1M requests touch 18k of the 100k keys and the server works from its cache.
    '--hide-histogram', '--key-pattern', 'R:R', '--distinct-client-seed',
  ]), { maxBuffer: 16 * 1024 * 1024 });
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
async function cachebench(url: string, c: Cell, seed: number): Promise<CachebenchFigures> {
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpu: NodeJS.CpuUsage | null = null;
  let wallAtStart = 0;
  let wallMs = 0;
  const result = await runCell(
    {
      engine: { name: c.server, options: { url, connections: CLIENTS } },
      workload: {
        name: 'kv',
        // The keyspace was written before the rounds (preloadKeyspaces), for every tool alike.
        params: { ratio: c.op === 'get' ? '0:1' : '1:0', keys: KEYSPACE, keyPrefix: KEY_PREFIX, dataSize: String(VALUE_BYTES), preload: 0 },
      },
      config: { clients: CLIENTS, pipeline: c.pipeline, threads: 1, requests: requestsFor(c), warmupMs: WARMUP_MS, seed },
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

/** One cachebench cell in a new Node process (`--cachebench-process fresh`); its figures come back as JSON. */
async function cachebenchInFreshProcess(url: string, c: Cell, seed: number): Promise<CachebenchFigures> {
  const { stdout } = await run(...placed(process.execPath, [
    ...process.execArgv, fileURLToPath(import.meta.url),
    '--child-cell', JSON.stringify({ url, cell: c, seed }), '--warmup-ms', String(WARMUP_MS), '--requests', String(REQUESTS_P1),
  ]));
  const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as { opsPerSec: number; cpuUsPerRequest: number | null; cpuShare: number | null };
  return { opsPerSec: figures.opsPerSec, cpuUsPerRequest: figures.cpuUsPerRequest ?? NaN, cpuShare: figures.cpuShare ?? NaN };
}

/** The child's side: run the one cell and print its figures as the last line of stdout. */
async function childCell(spec: string): Promise<void> {
  const { url, cell, seed } = JSON.parse(spec) as { url: string; cell: Cell; seed: number };
  console.log(JSON.stringify(await cachebench(url, cell, seed)));
}

/** The keys a tool's run touches on `server`: cachebench's and memtier's, and on redis-server redis-benchmark's too. */
function keysOn(server: 'redis' | 'memcached'): string[] {
  const keys: string[] = [];
  for (let i = 0; i <= KEYSPACE; i++) keys.push(KEY_PREFIX + i);
  if (server === 'redis') for (let i = 0; i < KEYSPACE; i++) keys.push(redisBenchmarkKey(i));
  return keys;
}

/**
 * `op` on the keys of `keysOn(server)`, 2,000 in flight over 4 connections, unmeasured: with
 * `forMs` 0 every key once in order (the preload); otherwise keys drawn at random, as the tools
 * draw them, until `forMs` has passed (the conditioning).
 */
async function passOverKeys(server: 'redis' | 'memcached', at: ManagedServer, op: Op, forMs = 0): Promise<void> {
  const value = 'x'.repeat(VALUE_BYTES);
  const client =
    server === 'redis'
      ? new RespClient({ host: at.host, port: at.port, connections: 4 })
      : new McTextClient({ servers: [{ host: at.host, port: at.port }], connections: 4 });
  try {
    const keys = keysOn(server);
    const WINDOW = 2000;
    const until = performance.now() + forMs;
    let x = 12345;
    for (let first = 0; forMs === 0 ? first < keys.length : performance.now() < until; first += WINDOW) {
      const batch: Promise<unknown>[] = [];
      for (let i = first; i < (forMs === 0 ? Math.min(first + WINDOW, keys.length) : first + WINDOW); i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        const key = keys[forMs === 0 ? i : x % keys.length]!;
        batch.push(op === 'set' ? client.set(key, value) : client.get(key));
      }
      await Promise.all(batch);
    }
  } finally {
    await client.close();
  }
}

/**
 * Writes the keys every tool's GETs read, 3-byte values: cachebench's and memtier's
 * (`key:0` … `key:100000`) on both servers, redis-benchmark's (`key:000000000000` …) on redis-server.
 */
async function preloadKeyspaces(redis: ManagedServer, memcached: ManagedServer): Promise<void> {
  await Promise.all([passOverKeys('redis', redis, 'set'), passOverKeys('memcached', memcached, 'set')]);
}

/**
 * How long the server serves the cell's own operation, unmeasured, right before every tool's
 * run, so that every tool meets a server in the same steady state. memcached serves the first
 * second of SETs after an idle spell 12–20% faster than the next (memtier's per-second rates:
 * 803k then 693k, 672k, 690k …; and no faster first second right after other SETs): a tool that
 * measures from its first request over a ~1.2 s run, as memtier does, measured that transient,
 * while cachebench's warm-up spent it. That, with the round order, decided memcached SET -P 16
 * (each round's ratio 0.72 with memtier first, 1.01 with cachebench first). After 1.5 s of
 * conditioning the first second was no faster than the rest (705k, 705k, 702k, 704k).
 */
const CONDITION_MS = Number(arg('condition-ms', '1000'));
if (!Number.isInteger(CONDITION_MS) || CONDITION_MS < 0) throw new Error(`--condition-ms: expected a non-negative integer (got ${arg('condition-ms', '1000')})`);

async function condition(c: Cell, at: ManagedServer): Promise<void> {
  if (CONDITION_MS > 0) await passOverKeys(c.server, at, c.op, CONDITION_MS);
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
/** A server this busy (its CPU time ÷ the tool's run time) under every tool is the cell's bottleneck. */
const SERVER_BOUND_BUSY = 0.9;

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
  const serverCpus = PIN === 'on' ? { cpus: SERVER_CPUS } : {};
  const redis = await startRedisServer(serverCpus);
  const memcached = await startMemcached({ threads: 1, ...serverCpus });
  // This process too, for the `shared` cells (a fresh cell's process is started under taskset).
  if (PIN === 'on') pinSelf(TOOL_CPUS);
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
        `cachebench warm-up ${WARMUP_MS} ms before its measured requests, each cell in ${CACHEBENCH_PROCESS === 'fresh' ? 'a fresh process' : "this bench's process"}; ` +
        (PIN === 'on' ? `servers pinned to CPU ${SERVER_CPUS}, load generators to CPU ${TOOL_CPUS}` : 'not pinned (--pin off): the scheduler places client and server'),
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
          await condition(c, server);
          const measured = await withServerCounters(c, server, async () => {
            if (tool === 'redis-benchmark') return { opsPerSec: await redisBenchmark(server.port, c) };
            if (tool === 'memtier_benchmark') return { opsPerSec: await memtier(memtierBinary!, server.port, c) };
            return CACHEBENCH_PROCESS === 'fresh' ? cachebenchInFreshProcess(server.url, c, 1 + round) : cachebench(server.url, c, 1 + round);
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
  console.log(
    `load average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; ${ROUNDS} interleaved rounds, best kept; ` +
      (PIN === 'on' ? `servers on CPU ${SERVER_CPUS}, load generators on CPU ${TOOL_CPUS}` : 'unpinned'),
  );
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
  // What each tool's requests cost the server (its own CPU counters), in the tool's best round,
  // and how busy that kept it: CPU per command × the tool's rate. A server busy ≥ 90% under
  // every tool is the bottleneck of the cell, and the ratios then compare what each tool's
  // requests cost it, not the tools' own speed.
  const cost = (key: string): string => (serverCpu.has(key) ? serverCpu.get(key)!.toFixed(2) : '—');
  const busy = (key: string): number | undefined => (serverCpu.has(key) ? (serverCpu.get(key)! * best.get(key)!) / 1e6 : undefined);
  const percent = (v: number | undefined): string => (v === undefined ? '—' : `${Math.round(v * 100)}%`);
  const tools = ['redis-benchmark', 'memtier_benchmark', 'cachebench'] as const;
  console.log(`server CPU µs per command served and server busy, in each tool's best round (redis-benchmark / memtier / cachebench):`);
  for (const c of cells) {
    const id = `${c.server} ${c.op.toUpperCase()} -c ${CLIENTS} -P ${c.pipeline}`;
    const busies = tools.map((t) => busy(`${id}|${t}`));
    const measured = busies.filter((b): b is number => b !== undefined);
    const bound = measured.length > 1 && measured.every((b) => b >= SERVER_BOUND_BUSY) ? '  server-bound under every tool' : '';
    console.log(
      `  ${pad(id, 28)}${tools.map((t) => cost(`${id}|${t}`).padStart(8)).join('')}   busy ${busies.map((b) => percent(b).padStart(5)).join('')}${bound}`,
    );
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

(CHILD_CELL === '' ? main() : childCell(CHILD_CELL)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
