/**
 * Is autocannon or the API the limit? The same route of the HTTP API (GET /users/:id on a warm
 * redis-style cache, so every request is a hit) driven by autocannon and by wrk (C, Debian
 * package) in one run, interleaved round by round, best of the rounds. wrk ÷ autocannon near 1
 * means the API is the limit and autocannon's figures describe it; well above 1 means autocannon
 * saturated first. autocannon's and the API thread's busy shares are printed beside.
 *
 *   npm run bench:http             [-- --seconds 3 --rounds 3 --connections 10]
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { ApiHost } from '../harness/http/api-host.js';
import { positiveInt } from './args.js';

const run = promisify(execFile);

const SECONDS = positiveInt('seconds', 3);
const ROUNDS = positiveInt('rounds', 3);
const CONNECTIONS = positiveInt('connections', 10);
const ROWS = 1000;

interface Round {
  reqPerSec: number;
  p99Ms: number;
  generatorBusy: number;
  apiBusy: number;
}

async function viaAutocannon(host: ApiHost, url: string): Promise<Round> {
  const elu0 = performance.eventLoopUtilization();
  const api0 = host.elu();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return {
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    generatorBusy: performance.eventLoopUtilization(elu0).utilization,
    apiBusy: host.elu(api0).utilization,
  };
}

/** wrk with one thread (autocannon has one too), its `Requests/sec` and 99% latency. */
async function viaWrk(host: ApiHost, url: string): Promise<Round> {
  const api0 = host.elu();
  const t0 = process.hrtime.bigint();
  const { stdout } = await run('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', url]);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  if (!rps || !p99) throw new Error(`could not read wrk's output:\n${stdout}`);
  const unit = p99[2] === 'us' ? 1e-3 : p99[2] === 's' ? 1e3 : 1;
  return { reqPerSec: Number(rps[1]), p99Ms: Number(p99[1]) * unit, generatorBusy: NaN, apiBusy: host.elu(api0).utilization * (SECONDS / wall) };
}

const host = await ApiHost.start('redis-style', {}, { rows: ROWS }, 1);
try {
  // Warm the cache: every row fetched once, so the measured route is all hits.
  for (let id = 0; id < ROWS; id++) await (await fetch(`${host.url}/users/${id}`)).text();
  const url = `${host.url}/users/7`;
  const ac: Round[] = [];
  const wrk: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    ac.push(await viaAutocannon(host, url));
    wrk.push(await viaWrk(host, url));
  }
  const best = (xs: Round[]) => xs.reduce((a, b) => (b.reqPerSec > a.reqPerSec ? b : a));
  const a = best(ac);
  const w = best(wrk);
  const k = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(0));
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '-');
  console.log(`GET /users/7 (cache hit, redis-style) — ${CONNECTIONS} connections, best of ${ROUNDS} interleaved rounds of ${SECONDS} s; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} CPUs`);
  console.log('');
  console.log(`${'generator'.padEnd(12)}${'req/s'.padStart(10)}${'p99'.padStart(10)}${'its thread'.padStart(12)}${'API thread'.padStart(12)}`);
  console.log(`${'autocannon'.padEnd(12)}${k(a.reqPerSec).padStart(10)}${(a.p99Ms.toFixed(2) + ' ms').padStart(10)}${pct(a.generatorBusy).padStart(12)}${pct(a.apiBusy).padStart(12)}`);
  console.log(`${'wrk'.padEnd(12)}${k(w.reqPerSec).padStart(10)}${(w.p99Ms.toFixed(2) + ' ms').padStart(10)}${'-'.padStart(12)}${pct(w.apiBusy).padStart(12)}`);
  console.log('');
  const ratio = w.reqPerSec / a.reqPerSec;
  console.log(
    `wrk ÷ autocannon ${ratio.toFixed(2)}×: ` +
      (ratio < 1.15
        ? 'the API is the limit; autocannon describes it'
        : 'wrk drives the same route harder, so autocannon (one JS thread, sharing the CPUs with the API) is the limit here; its req/s understate what the API can serve'),
  );
} finally {
  await host.close();
}
