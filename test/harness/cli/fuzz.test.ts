/**
 * A fuzzed corpus of command-line flags and suite files: every case ends as a success (exit 0),
 * a real failure (1) or bad input (2) — never a crash — quickly and without memory blow-up, with
 * no stack trace, and every exit-2 message names a flag of the command line or a JSON path of the
 * suite. The bulk runs in-process through the same parse and validation the CLI uses; a handful
 * of cases are spawned to check that the real process agrees.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { errorReport, joinNegativeValues } from '../../../harness/cli/main.js';
import { UsageError } from '../../../harness/cli/parse-values.js';
import { runCommand, type RunArgs } from '../../../harness/cli/run/command.js';
import { cellsFromArgs, outputFormat } from '../../../harness/cli/run/handler.js';
import { validatedCells } from '../../../harness/cli/suite/handler.js';
import { parseSuite } from '../../../harness/suite/suite.js';
import { distUrl } from '../../../shared/dist-url.js';

const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));

const duration = fc.constantFrom('500ms', '1s', '2m', '0', '0s', '-1s', '-3', '100000000s', '1e9h', 'abc', '', '10', '1.5s', '99999999999999999999999h', '24h', '25h');
const count = fc.constantFrom('1', '2', '0', '-1', '64', '65', '128', '129', '256', '1000000000000', 'x', '1.5', '50k', '1M', '', 'NaN');
const engine = fc.constantFrom('null', 'redis-style', 'memcached-style', 'redis', 'memcached', 'redis-server', 'memcached-server', 'nosuch', '');
const enginePair = fc.tuple(
  fc.constantFrom('memoryMb', 'hashPower', 'bogus', 'persistence', 'appendfsync', 'threads', 'client', 'connections', 'maxmemory', 'url', ''),
  fc.constantFrom('1', '-1', '64', '100000', 'aof', 'rdb', 'sometimes', 'always', 'x', '', 'redis://:pw@127.0.0.1:1'),
).map(([k, v]) => `${k}=${v}`);
const paramPair = fc.tuple(fc.constantFrom('keys', 'ratio', 'foo', 'dataSize', 'keyPattern', 'preload', 'ttlMs', ''), fc.constantFrom('1', '-5', '1:10', 'zipfian', 'x', '0.5', '')).map(
  ([k, v]) => `${k}=${v}`,
);

/** One flag and its value(s), as a user might type them (short and long forms). */
const flag: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constantFrom('-e', '--engine'), engine).map((a) => [...a]),
  fc.tuple(fc.constantFrom('-d', '--duration', '--warmup', '--timeout', '--ttl'), duration).map((a) => [...a]),
  fc.tuple(fc.constantFrom('-t', '--threads', '-c', '--concurrency', '-n', '--requests', '--keys', '--connections', '--rate', '--seed'), count).map((a) => [...a]),
  fc.tuple(fc.constant('--arrival'), fc.constantFrom('constant', 'poisson', 'bursty')).map((a) => [...a]),
  fc.tuple(fc.constant('--engine-opt'), enginePair).map((a) => [...a]),
  fc.tuple(fc.constantFrom('-p', '--param'), paramPair).map((a) => [...a]),
  fc.tuple(fc.constant('--format'), fc.constantFrom('table', 'json', 'markdown', 'xml')).map((a) => [...a]),
  fc.tuple(fc.constant('--client'), fc.constantFrom('resp', 'ioredis', 'text', 'memjs', 'jedis')).map((a) => [...a]),
  fc.tuple(fc.constant('--url'), fc.constantFrom('redis://127.0.0.1:1', 'redis://:pw@h:1/x', 'memcached://h:99999', 'http://x', '')).map((a) => [...a]),
  fc.tuple(fc.constantFrom('--ratio', '--key-pattern', '--data-size', '--preload'), fc.constantFrom('1:10', '1-10', 'zipfian:0.9', 'hotspot:1', '64-1024', 'all', '2', '')).map((a) => [...a]),
  fc.constantFrom(['--bogus'], ['-z', '1'], ['--strict'], ['--no-save'], ['--progress'], ['stray'], ['--duration'], ['-d']),
);
const argvArb = fc.array(flag, { maxLength: 6 }).map((flags) => flags.flat());

/** The flags (without dashes) and stray words of a command line: what an exit-2 message must name one of. */
function flagNames(argv: readonly string[]): string[] {
  return argv.filter((a) => /^--?[A-Za-z]/.test(a) || /^[a-z]+$/.test(a)).map((a) => a.replace(/^--?(no-)?/, '').split('=')[0]!);
}

/** `run`'s own parse (the CLI's builder, strict, failures as usage errors) and validation. */
function validateRun(argv: readonly string[]): void {
  let parsed: RunArgs | undefined;
  yargs(joinNegativeValues(['run', ...argv]))
    .command({ ...runCommand, handler: (a) => void (parsed = a as RunArgs) })
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parseSync();
  outputFormat(parsed!.format);
  if (parsed!.list) return;
  cellsFromArgs(parsed!);
}

interface Outcome {
  readonly exitCode: 0 | 1 | 2;
  readonly line: string;
}

function outcome(check: () => void): Outcome {
  try {
    check();
    return { exitCode: 0, line: '' };
  } catch (err) {
    const r = errorReport(err);
    return { exitCode: r.exitCode as 1 | 2, line: r.line };
  }
}

function assertNamed(o: Outcome, names: readonly string[]): void {
  expect(o.line).not.toMatch(/\n\s+at /);
  if (o.exitCode !== 2) return;
  expect(
    names.some((n) => n.length > 0 && o.line.includes(n)),
    `"${o.line}" names none of ${names.join(', ')}`,
  ).toBe(true);
}

const jsonValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -5, max: 300 }), fc.constantFrom(1e12, 0.5, 'x', '', true), fc.constant([]), fc.constant({}));
const matrixList = fc.oneof(fc.array(fc.oneof(fc.integer({ min: -2, max: 200 }), fc.constantFrom('x', 1e9, 'poisson', 'open')), { maxLength: 4 }), fc.constantFrom('x', 3, null));
const suiteArb = fc.record(
  {
    name: fc.oneof(fc.constant('fuzz'), jsonValue),
    defaults: fc.oneof(
      fc.constant(undefined),
      fc.record({ durationMs: jsonValue, threads: jsonValue, warmupMs: jsonValue, rate: jsonValue, timeoutMs: jsonValue, bogus: fc.constant(undefined) }, { requiredKeys: [] }),
      jsonValue,
    ),
    repeat: fc.oneof(fc.constant(undefined), jsonValue),
    cells: fc.oneof(
      fc.array(
        fc.record(
          {
            engines: fc.oneof(fc.array(fc.oneof(engine, fc.record({ name: engine, options: fc.oneof(fc.constant({ memoryMb: -1 }), fc.constant({ bogus: 1 }), fc.constant({}), jsonValue) })), { maxLength: 3 }), jsonValue),
            workload: fc.oneof(fc.constantFrom('kv', 'ycsb-a', 'leaderboard', 'pubsub', 'nosuch'), jsonValue),
            params: fc.oneof(fc.constant(undefined), fc.constant({ keys: -4 }), fc.constant({ bogus: 1 }), fc.constant({ keys: 100 }), jsonValue),
            config: fc.oneof(fc.constant(undefined), fc.record({ durationMs: jsonValue, concurrency: jsonValue, loop: fc.constantFrom('open', 'closed', 'x') }, { requiredKeys: [] })),
            matrix: fc.oneof(fc.constant(undefined), fc.record({ threads: matrixList, concurrency: matrixList, durationMs: matrixList, rate: matrixList }, { requiredKeys: [] }), jsonValue),
          },
          { requiredKeys: ['engines', 'workload'] },
        ),
        { maxLength: 3 },
      ),
      jsonValue,
    ),
  },
  { requiredKeys: ['name', 'cells'] },
);

function validateSuite(value: unknown): void {
  const suite = parseSuite(JSON.parse(JSON.stringify(value)));
  validatedCells(suite, undefined, suite.repeat ?? 1);
}

describe('fuzzed CLI flags and suite files', () => {
  it('run flags: exit 0/1/2 quickly, no stack trace, exit-2 names a flag', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    fc.assert(
      fc.property(argvArb, (argv) => {
        const t0 = performance.now();
        const o = outcome(() => validateRun(argv));
        expect(performance.now() - t0, argv.join(' ')).toBeLessThan(2000);
        expect([0, 2], `${argv.join(' ')} → ${o.line}`).toContain(o.exitCode);
        assertNamed(o, flagNames(argv));
      }),
      // yargs builds the whole run command per parse (~30 ms idle): keep the count modest.
      { numRuns: 120, seed: 12 },
    );
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);

  it('suite files: exit 0/2 quickly, no stack trace, exit-2 names a JSON path', () => {
    fc.assert(
      fc.property(suiteArb, (suite) => {
        const t0 = performance.now();
        const o = outcome(() => validateSuite(suite));
        expect(performance.now() - t0).toBeLessThan(2000);
        expect([0, 2], `${JSON.stringify(suite)} → ${o.line}`).toContain(o.exitCode);
        if (o.exitCode === 2) expect(o.line).toMatch(/^cachebench: suite (\(root\)|name|description|repeat|defaults|cells)|invalid --repeat/);
        expect(o.line).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 400, seed: 12 },
    );
  });

  it('the real process agrees on a handful of cases (exit code and message line)', () => {
    const corpus = fc.sample(argvArb, { numRuns: 60, seed: 5 });
    const bad = corpus.map((argv) => ({ argv, o: outcome(() => validateRun(argv)) })).filter((c) => c.o.exitCode === 2);
    expect(bad.length).toBeGreaterThan(3);
    for (const { argv, o } of bad.slice(0, 2)) {
      const r = spawnSync(process.execPath, [MAIN, 'run', ...argv], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status, `${argv.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(o.line);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // And one that validates runs to completion, briefly.
    const ok = spawnSync(process.execPath, [MAIN, 'run', '-e', 'null', '-t', '2', '--engine-opt', 'serviceNs=0', '-n', '2000', '--warmup', '0s', '--no-save'], { encoding: 'utf8', timeout: 30_000 });
    expect(ok.status, ok.stderr).toBe(0);
  }, 180_000);
});
