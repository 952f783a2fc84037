/**
 * A short real `cachebench http` cell on an in-process cache and on `none`: the RunResult
 * validates against the schema, carries per-route op kinds, status codes, hit ratio, DB
 * queries/s and the time split, passes its checks, renders in the report like any other result,
 * and `compare` reads it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRouteMix } from '../../../harness/cli/http/route-flag.js';
import { httpFigureTable } from '../../../harness/http/figures.js';
import { runHttpCell, type HttpCellSpec } from '../../../harness/http/run-http.js';
import { figureInUnit } from '../../../reports/format.js';
import { writeResult } from '../../../harness/results/files.js';
import type { RunResult } from '../../../shared/result-types.js';
import { PROJECT_ROOT } from '../../../shared/dist-url.js';
import { renderHtmlReport, renderMarkdown, renderTable } from '../../../reports/index.js';
import { extractCharts, renderSvg } from '../../reports/support.js';

const run = promisify(execFile);

function spec(engine: string, routes: string): HttpCellSpec {
  return {
    engine,
    engineOptions: {},
    mix: parseRouteMix(routes),
    // Sessions outlive preload + warm-up + measurement, and are still short enough for the expiry check to wait for.
    params: { rows: 300, players: 50, accounts: 100, sessionTtlMs: 5000 },
    connections: 4,
    pipelining: 1,
    durationMs: 1000,
    // A request budget, not a duration: every route of the seeded sequence is reached however slow the machine.
    amount: 400,
    rate: null,
    warmupMs: 200,
    seed: 5,
    timeoutMs: 5000,
    listeners: 2,
  };
}

let cached: RunResult;
let none: RunResult;
let dir: string;

beforeAll(async () => {
  [cached, none] = await Promise.all([
    runHttpCell(spec('redis-style', 'users:4,user-update,login,me,limited,score,top,tweet,timeline,events')),
    runHttpCell(spec('none', 'users:4,user-update')),
  ]);
  dir = await mkdtemp(path.join(tmpdir(), 'cachebench-http-'));
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cachebench http results', () => {
  it('validate against the RunResult schema', () => {
    const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'shared/run-result.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true } }).compile(schema);
    for (const r of [cached, none]) expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('record every route as an op kind, the status codes, hit ratio, DB queries/s and the time split', () => {
    for (const route of ['users', 'user-update', 'login', 'me', 'limited', 'score', 'top', 'tweet', 'timeline', 'events']) {
      expect(cached.ops[route]?.count ?? 0, `${route} in ${Object.keys(cached.ops).join(", ")}`).toBeGreaterThan(0);
      const f = cached.domain!.figures;
      const split = (f[`${route} cache share`] as number) + (f[`${route} db share`] as number) + (f[`${route} http share`] as number);
      expect(split, route).toBeCloseTo(1, 6);
      expect(f[`${route} 5xx`], route).toBe(0);
    }
    const f = cached.domain!.figures;
    expect(f['users hit ratio']).toBeGreaterThan(0);
    expect(f['users hit ratio']).toBeLessThanOrEqual(1);
    expect(f['users DB queries/s']).toBeGreaterThan(0);
    expect(f['requests/s']).toBeGreaterThan(0);
    // 100 s of quota for 1000 clients at 5 a minute: most /limited requests pass, none silently.
    expect((f['limited 2xx'] as number) + (f['limited 429'] as number)).toBe(cached.ops['limited']!.count + (cached.ops['limited 429']?.count ?? 0));
    expect(cached.domain!.latencies?.['delivery']?.count).toBeGreaterThan(0);
    expect(cached.config.loop).toBe('closed');
    expect(cached.domain!.notes!.join(' ')).toMatch(/closed loop/);
    expect(none.engine.name).toBe('none');
    expect(none.domain!.figures['users db share']).toBeGreaterThan(0);
    expect(none.domain!.figures['users cache share']).toBe(0);
  });

  it('state every figure in its declared unit, and the terminal table prints it so', () => {
    for (const r of [cached, none]) {
      const routes = Object.keys(r.domain!.figures).filter((n) => n.endsWith(' 2xx')).map((n) => n.slice(0, -' 2xx'.length));
      const table = httpFigureTable(routes);
      const units = r.domain!.units!;
      expect(Object.keys(units)).toEqual(Object.keys(r.domain!.figures));
      for (const [name, unit] of Object.entries(units)) {
        expect(table.find((s) => s.name === name)?.unit, name).toBe(unit);
        expect(renderTable(r)).toContain(`${name} ${figureInUnit(unit, r.domain!.figures[name]!)}`);
      }
    }
    expect(cached.domain!.units!['users hit ratio']).toBe('fraction');
    expect(cached.domain!.units!['users mean response µs']).toBe('us');
  });

  it('pass their correctness checks', () => {
    for (const r of [cached, none]) expect(r.checks.filter((c) => !c.passed)).toEqual([]);
    const names = cached.checks.map((c) => c.name).join('\n');
    expect(names).toMatch(/5 × 200 then 5 × 429/);
    expect(names).toMatch(/GET after PUT/);
    expect(names).toMatch(/gone 5000 ms after/);
    expect(names).toMatch(/top 10/);
    expect(names).toMatch(/every follower's timeline/);
    expect(names).toMatch(/every published message reached every listener/);
    expect(cached.status).toBe('ok');
  });

  it('render in the HTML report, Markdown and the terminal table', async () => {
    const page = renderHtmlReport([cached, none]);
    expect(page).toContain('users cache share');
    expect(page).toContain(cached.label);
    for (const chart of extractCharts(page)) expect(await renderSvg(chart.spec)).toMatch(/^<svg/);
    expect(renderMarkdown([cached, none])).toContain(none.label);
    expect(renderTable(cached)).toMatch(/^timeline /m);
  });

  it('are read by compare like any other result', async () => {
    await writeResult(path.join(dir, 'a'), cached);
    await writeResult(path.join(dir, 'b'), cached);
    const { stdout } = await run(process.execPath, [path.join(PROJECT_ROOT, 'dist/harness/cli/main.js'), 'compare', path.join(dir, 'a'), path.join(dir, 'b')]).catch(
      (err: { stdout: string; code: number }) => {
        // A verdict may fail the gate (exit 1); a crash or bad input (2) may not.
        expect(err.code).toBe(1);
        return err;
      },
    );
    expect(stdout).toContain(cached.label);
  });
});
