/**
 * The proof that a split run joins exactly: four shard processes
 * (JOB_COMPLETION_INDEX=0..3, CACHEBENCH_SHARDS=4) drive one managed redis-server in the open
 * loop with a shared --start-at; one of them is started after the start on purpose. Then
 * `cachebench merge`:
 *   - every operation the shards counted reached the server (INFO commandstats delta),
 *   - the merged p99 of each kind (corrected and uncorrected) is the p99 of one histogram fed
 *     every shard's recorded values,
 *   - each shard ran its share of the rate, exactly the schedule's number of sends,
 *   - the late shard is reported (in its own result and in the merged one),
 *   - shards of a different run, and a shard given twice, are refused naming the difference.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import * as hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type ManagedServer } from '../../../engines/real/managed/index.js';
import type { RunResult } from '../../../shared/result-types.js';
import { PROJECT_ROOT } from '../../../shared/dist-url.js';
import { commandCalls, runCli, spawnCli, type CliOutcome } from '../../support/cli.js';
import { serverAvailable } from '../../support/servers.js';

const SHARDS = 4;
const RATE = 1600; // 400 ops/s per thread: one thread per shard
const DURATION_MS = 20001; // not a multiple of the 2.5 ms gap, so no send sits on the end boundary; long enough for a late shard on a busy machine
const LEAD_MS = 12_000; // time for four processes to start on a busy 2-core machine
const LATE_SHARD = 3;

const available = serverAvailable('redis-server') && serverAvailable('redis-cli');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-shards-'));
const shardDir = path.join(tmp, 'shards');
let server: ManagedServer;
let before: Map<string, number>;
let after: Map<string, number>;
let shards: RunResult[];
let merged: RunResult;
let mergeRun: { code: number | null; stdout: string; stderr: string };

function runShard(index: number, startAt: string, url: string): Promise<{ code: number | null; stderr: string }> {
  const args = ['run', '-e', 'redis', '--url', url, '--rate', String(RATE), '-d', `${DURATION_MS}ms`, '--warmup', '0'];
  args.push('--start-at', startAt, '--seed', '42', '--keys', '1000', '--preload', 'none', '-o', shardDir, '--format', 'json');
  const env = { ...process.env, JOB_COMPLETION_INDEX: String(index), CACHEBENCH_SHARDS: String(SHARDS) };
  return spawnCli(args, env);
}

const cli = (...args: string[]): CliOutcome => runCli(args);

/** Every recorded value of every shard fed into one fresh histogram, read back at p99. */
function p99OfAllSamples(encoded: readonly string[]): number {
  const all = hdr.build({ bitBucketSize: 64, lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: 3 });
  for (const e of encoded) {
    // The JS build (no WASM) exposes its buckets: record each bucket's value with its count, not `add`.
    const h = hdr.decodeFromCompressedBase64(e, 64, false) as unknown as hdr.JsHistogram;
    for (let i = 0; i < h.countsArrayLength; i++) {
      const n = h.getCountAtIndex(i);
      if (n > 0) all.recordValueWithCount(h.valueFromIndex(i), n);
    }
  }
  return all.getValueAtPercentile(99);
}

describe.skipIf(!available)('four shards against one redis-server, merged', () => {
  beforeAll(async () => {
    server = await startRedisServer();
    before = commandCalls(server.port);
    const startAt = new Date(Date.now() + LEAD_MS).toISOString();
    const onTime = [0, 1, 2].map((i) => runShard(i, startAt, server.url));
    // The late shard starts only when the window has begun: it must be reported, not hidden.
    await new Promise((r) => setTimeout(r, LEAD_MS + 500));
    const late = runShard(LATE_SHARD, startAt, server.url);
    const exits = await Promise.all([...onTime, late]);
    for (const e of exits) expect(e.code, e.stderr).toBe(0);
    after = commandCalls(server.port);
    const files = readdirSync(shardDir).map((f) => path.join(shardDir, f));
    shards = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunResult).sort((a, b) => a.shard!.index - b.shard!.index);
    mergeRun = cli('merge', shardDir, '-o', path.join(tmp, 'merged.json'), '--format', 'json');
    merged = JSON.parse(readFileSync(path.join(tmp, 'merged.json'), 'utf8')) as RunResult;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('counts add up to the commands the server executed', () => {
    expect(mergeRun.code, mergeRun.stderr).toBe(0);
    expect(shards.map((s) => s.shard!.index)).toEqual([0, 1, 2, 3]);
    const delta = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    const sent = (r: RunResult, kind: string): number => (r.ops[kind]?.count ?? 0) + (r.ops[kind]?.errors ?? 0);
    expect(sent(merged, 'get') + sent(merged, 'set')).toBe(delta('get') + delta('set'));
    expect(sent(merged, 'get')).toBe(delta('get'));
    expect(merged.summary.ops).toBe(shards.reduce((n, s) => n + s.summary.ops, 0));
    expect(merged.summary.ops).toBeGreaterThan(0);
  });

  it('the merged p99 is the p99 of one histogram fed every shard’s samples, per kind, corrected and uncorrected', () => {
    for (const kind of ['get', 'set']) {
      const parts = shards.map((s) => s.ops[kind]!);
      expect(merged.ops[kind]!.latency.percentiles.p99).toBe(p99OfAllSamples(parts.map((o) => o.latency.histogram)));
      expect(merged.ops[kind]!.uncorrectedLatency!.percentiles.p99).toBe(p99OfAllSamples(parts.map((o) => o.uncorrectedLatency!.histogram)));
      expect(merged.ops[kind]!.latency.count).toBe(parts.reduce((n, o) => n + o.count, 0));
    }
    expect(merged.summary.latency.percentiles.p99).toBe(p99OfAllSamples(shards.map((s) => s.summary.latency.histogram)));
  });

  it('each shard runs its share of the rate: exactly the schedule’s sends in its window', () => {
    const gapMs = 1000 / (RATE / SHARDS);
    for (const s of shards) {
      const sh = s.shard!;
      expect(s.config.rate).toBe(RATE / SHARDS);
      expect(s.openLoop!.targetRate).toBe(RATE / SHARDS);
      expect(sh.run.rate).toBe(RATE);
      expect(sh.threads).toEqual({ first: sh.index, count: 1 });
      // Thread g's constant schedule is offset by g/threads of a gap (spread within one gap).
      const offset = (gapMs * sh.index) / SHARDS;
      const span = sh.window.plannedEndEpochMs! - sh.window.measureStartEpochMs - offset;
      // Sent (ops + errors) plus what could not be sent before the end (missed) is the schedule.
      expect(s.summary.ops + s.summary.errors + (s.openLoop!.missed ?? 0)).toBe(Math.ceil(span / gapMs));
    }
    expect(merged.openLoop!.targetRate).toBe(RATE);
    expect(merged.config.threads).toBe(SHARDS);
  });

  it('the late shard is reported, in its own result and in the merged one', () => {
    const late = shards[LATE_SHARD]!.shard!.window;
    expect(late.late).toBe(true);
    expect(late.startSkewMs).toBeGreaterThanOrEqual(1000);
    expect(late.startSkewMs % 1000).toBe(0); // moved to a boundary of the series grid
    expect(shards[LATE_SHARD]!.status).toBe('degraded');
    expect(merged.status).toBe('degraded');
    expect(merged.statusReasons.join('\n')).toMatch(new RegExp(`shard ${LATE_SHARD} started ${late.startSkewMs} ms late`));
    expect(merged.merged!.seriesAlignment).toBe('exact');
    expect(merged.merged!.shards.map((s) => s.env.node)).toEqual(shards.map((s) => s.env.node));
    // Every shard compared its clock with the server's.
    for (const s of shards) expect(s.shard!.clock).toMatchObject({ reference: 'redis TIME' });
  });

  it('series are summed on the wall-clock grid', () => {
    const total = merged.timeSeries.points.reduce((n, p) => n + p.ops, 0);
    expect(total).toBe(merged.summary.ops);
    // Interval k of a shard covers [its start + k s, …); the merged grid starts at the earliest shard.
    const base = Math.min(...shards.map((s) => s.shard!.window.measureStartEpochMs));
    const index = (t: number): number => Math.ceil(Math.round(t * 1000) / 1000) - 1;
    for (const p of merged.timeSeries.points) {
      const fromShards = shards.flatMap((s) => {
        const shift = (s.shard!.window.measureStartEpochMs - base) / 1000;
        return s.timeSeries.points.filter((q) => index(q.t) + shift === index(p.t));
      });
      expect(p.ops).toBe(fromShards.reduce((n, q) => n + q.ops, 0));
    }
  });

  it('shard and merged results validate against the RunResult JSON Schema', () => {
    const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'shared/run-result.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/ } }).compile(schema);
    for (const r of [...shards, merged]) expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses shards of another run naming the difference, and a shard given twice', () => {
    const files = readdirSync(shardDir).sort();
    const other = path.join(tmp, 'other');
    mkdirSync(other);
    const foreign = JSON.parse(readFileSync(path.join(shardDir, files[1]!), 'utf8')) as { shard: { identity: Record<string, string>; runId: string } };
    foreign.shard.identity['config.rate'] = '3200';
    foreign.shard.runId = 'another-run';
    copyFileSync(path.join(shardDir, files[0]!), path.join(other, 'a.json'));
    writeFileSync(path.join(other, 'b.json'), JSON.stringify(foreign));
    const refused = cli('merge', other, '-o', path.join(tmp, 'nope.json'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/b\.json \(shard \d\) is not part of the same run as .*a\.json.*config\.rate: 1600 vs 3200/);

    const twice = cli('merge', path.join(shardDir, files[0]!), path.join(other, 'a.json'), '-o', path.join(tmp, 'nope.json'));
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard \d appears twice/);

    const notShard = cli('merge', path.join(tmp, 'merged.json'));
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/already a merged result/);
  });
});
