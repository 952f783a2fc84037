/**
 * `cachebench micro` on both in-process engines: every command of the table measured with
 * tinybench statistics, written as an ordinary RunResult that the schema accepts, the report
 * draws and compare reads.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsFor } from '../../../harness/micro/commands.js';
import { runMicro } from '../../../harness/micro/run-micro.js';
import { writeResult } from '../../../harness/results/files.js';
import type { RunResult } from '../../../shared/result-types.js';
import { PROJECT_ROOT } from '../../../shared/dist-url.js';
import { renderHtmlReport, renderMarkdown, renderTable } from '../../../reports/index.js';
import { extractCharts, renderSvg } from '../../reports/support.js';

const run = promisify(execFile);
let results: RunResult[];
let dir: string;

beforeAll(async () => {
  results = [];
  for (const engine of ['redis-style', 'memcached-style']) results.push(await runMicro({ engine, timeMs: 40, warmupMs: 10, batch: 16, seed: 3 }));
  dir = await mkdtemp(path.join(tmpdir(), 'cachebench-micro-'));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cachebench micro results', () => {
  it('measure every command of the engine family with tinybench statistics', () => {
    for (const r of results) {
      const commands = commandsFor(r.engine.family);
      expect(commands.length).toBeGreaterThanOrEqual(6);
      for (const c of commands) {
        expect(r.ops[c.name]?.count, c.name).toBeGreaterThan(0);
        expect(r.ops[c.name]!.count % 16, `${c.name}: whole batches`).toBe(0);
        expect(r.ops[c.name]!.opsPerSec, c.name).toBeGreaterThan(0);
        const f = r.domain!.figures;
        expect(f[`${c.name} mean ns`], c.name).toBeGreaterThan(0);
        expect(f[`${c.name} p99 ns`], c.name).toBeGreaterThan(0);
        expect(f[`${c.name} samples`], c.name).toBeGreaterThan(1);
        expect(Number.isFinite(f[`${c.name} ± % (95%)`] as number), c.name).toBe(true);
      }
      expect(r.workload.name).toBe('micro');
      expect(r.config.extra).toMatchObject({ micro: { generator: 'tinybench', batch: 16 } });
    }
    expect(Object.keys(results[0]!.ops)).toEqual(expect.arrayContaining(['GET', 'SET', 'INCR', 'LPUSH+RPOP', 'ZADD', 'ZREVRANGE 0 9', 'SINTER', 'HSET+HGET']));
    expect(Object.keys(results[1]!.ops)).toEqual(expect.arrayContaining(['get', 'set', 'incr', 'gets+cas']));
  });

  it('validate against the schema and render in the report', async () => {
    const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'shared/run-result.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true } }).compile(schema);
    for (const r of results) expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true);
    const page = renderHtmlReport(results);
    expect(page).toContain('ZREVRANGE 0 9 mean ns');
    for (const chart of extractCharts(page)) expect(await renderSvg(chart.spec)).toMatch(/^<svg/);
    expect(renderMarkdown(results)).toContain(results[1]!.label);
    expect(renderTable(results[0]!)).toMatch(/^SINTER /m);
  });

  it('are read by compare like any other result', async () => {
    await writeResult(path.join(dir, 'a'), results[0]!);
    await writeResult(path.join(dir, 'b'), results[0]!);
    const { stdout } = await run(process.execPath, [path.join(PROJECT_ROOT, 'dist/harness/cli/main.js'), 'compare', path.join(dir, 'a'), path.join(dir, 'b')]).catch(
      (err: { stdout: string; code: number }) => {
        expect(err.code).toBe(1);
        return err;
      },
    );
    expect(stdout).toContain(results[0]!.label);
  });
});
