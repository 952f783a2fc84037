/**
 * No secret in any output: a property over URL and option shapes (user only, password only,
 * `@`, `/`, `:` and percent-escapes in passwords, query passwords, nested TLS material),
 * asserting that the secret appears in none of the result JSON, the HTML report, the Markdown,
 * the terminal table or the CLI's error lines. Every generated secret holds a unique core token
 * (`Zk<digits>q`), so "absent" means "no part of it survived", not just "not verbatim".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../../engines/real/managed/index.js';
import { distUrl } from '../../../shared/dist-url.js';
import { serverAvailable } from '../../support/servers.js';
import { errorReport } from '../../../harness/cli/main.js';
import { resolveCell } from '../../../harness/cell/resolve-cell.js';
import { collectEnvironment, collectToolInfo } from '../../../harness/env.js';
import { Recorder } from '../../../harness/recorder/recorder.js';
import { buildRunResult, type ResultInputs } from '../../../harness/results/build-result.js';
import { epochNowMs, nowMs } from '../../../shared/clock.js';
import { resolveConfig } from '../../../harness/runner/config.js';
import type { CellSpec } from '../../../harness/cell/resolve-cell.js';
import { renderHtmlReport, renderMarkdown, renderTable } from '../../../reports/index.js';

const core = fc.integer({ min: 100_000, max: 999_999 }).map((n) => `Zk${n}q`);
const decoration = fc.array(fc.constantFrom('@', '/', ':', '%40', '%2F', '%3A', '%25', '?', '#', '!', "'", '"', '$', '&', '=', '+', ' '), { maxLength: 3 }).map((a) => a.join(''));
const secret = fc.tuple(decoration, core, decoration).map(([pre, c, post]) => ({ core: c, value: `${pre}${c}${post}` }));
const scheme = fc.constantFrom('redis', 'rediss', 'memcached', 'postgres', 'redis+cluster');
type UrlForm = 'user-only' | 'password-only' | 'user-password' | 'query';
const urlForm = fc.constantFrom<UrlForm>('user-only', 'password-only', 'user-password', 'query');

function url(form: UrlForm, s: string, pw: string, tail = '127.0.0.1:6379'): string {
  switch (form) {
    case 'user-only':
      // A ':' would make it user:password (the part before is a user name, kept on purpose).
      return `${s}://${pw.replaceAll(':', '%3A')}@${tail}`;
    case 'password-only':
      return `${s}://:${pw}@${tail}`;
    case 'user-password':
      return `${s}://app:${pw}@${tail}`;
    case 'query':
      return `${s}://${tail}/0?password=${encodeURIComponent(pw)}`;
  }
}

const pem = (label: string, body: string): string => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

const shape = fc.record({
  secret,
  scheme,
  form: urlForm,
  inTls: fc.constantFrom('key', 'cert', 'ca', 'passphrase'),
  pemWrapped: fc.boolean(),
  inLabel: fc.boolean(),
});

function measuredInputs(c: { options: Record<string, unknown>; params: Record<string, unknown>; extra: Record<string, unknown>; label: string }): ResultInputs {
  const recorder = new Recorder(['get', 'set'], false, epochNowMs());
  for (let i = 0; i < 100; i++) recorder.record(i % 2, 1000 + i, nowMs());
  recorder.error(0, 'connection', nowMs());
  return {
    label: c.label,
    tool: collectToolInfo(),
    env: collectEnvironment(),
    engine: {
      name: 'redis', family: 'redis', location: 'remote', version: '7.0.15', capabilities: ['strings'], options: c.options,
      facts: { url: String(c.options['url']) }, stats: { before: {}, after: { stats_error: `connect failed: ${String(c.options['url'])}` }, delta: {} },
    },
    workload: { name: 'kv', params: c.params, mode: 'native' },
    config: resolveConfig({ requests: 100, seed: 1, extra: c.extra }),
    startedAt: new Date(),
    endedAt: new Date(),
    preloadMs: 0,
    parts: [{ snapshot: recorder.finish(nowMs()), domain: null, attempted: 101, abandoned: 0 }],
    domain: undefined,
    checks: [{ name: 'reachable', passed: true, detail: `via ${c.label}` }],
    calibration: { harnessOverheadNsPerOp: 80, bareLoopNsPerOp: 0.3, method: 'test' },
    extraReasons: [],
  };
}

function assertAbsent(where: string, text: string, token: string): void {
  expect(text.includes(token), `${where} holds the secret ${token}`).toBe(false);
}

describe('secrets never reach a result, a report, the terminal or an error message', () => {
  it('property: URL forms and nested options', () => {
    fc.assert(
      fc.property(shape, ({ secret: { core: token, value: pw }, scheme: s, form, inTls, pemWrapped, inLabel }) => {
        const u = url(form, s, pw);
        const tlsValue = pemWrapped ? pem(inTls === 'cert' || inTls === 'ca' ? 'CERTIFICATE' : 'PRIVATE KEY', pw) : pw;
        const options = { url: u, requirepass: pw, tls: { [inTls]: tlsValue, servername: 'cache.local' }, auth: { password: pw } };
        const db = url(form, 'postgres', pw, 'db:5432');
        // buildRunResult is where configuration enters a result (runCell hands it the options as given).
        const result = buildRunResult(measuredInputs({ options, params: { keys: 100, db }, extra: { db }, label: inLabel ? `bench ${u}` : 'bench' }));
        assertAbsent('result JSON', JSON.stringify(result), token);
        assertAbsent('HTML', renderHtmlReport([result]), token);
        assertAbsent('Markdown', renderMarkdown([result]), token);
        assertAbsent('terminal table', renderTable(result), token);

        // Bad input that quotes the URL: a database that is not a number, a port out of range.
        const bad: CellSpec[] = [
          { engine: { name: 'redis', options: { url: url(form === 'query' ? 'password-only' : form, 'redis', pw, '127.0.0.1:6909/x'), tls: { key: tlsValue } } }, workload: { name: 'kv' } },
          { engine: { name: 'memcached', options: { url: `memcached://app:${pw}@127.0.0.1:99999` } }, workload: { name: 'kv' } },
          { engine: { name: 'redis-server', options: { requirepass: pw, bogus: pw } }, workload: { name: 'kv' } },
        ];
        for (const cell of bad) {
          let thrown: unknown = null;
          try {
            resolveCell(cell);
          } catch (err) {
            thrown = err;
          }
          expect(thrown, JSON.stringify(cell.engine)).not.toBeNull();
          const report = errorReport(thrown);
          expect(report.exitCode).toBe(2);
          assertAbsent(`error line for ${cell.engine.name}`, report.line, token);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('the CLI end to end against a real redis-server with a password', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachebench-secrets-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const MAIN = fileURLToPath(distUrl('harness/cli/main.js'));

  it.runIf(serverAvailable('redis-server'))('run --url with user-only and password-only forms: nothing written or printed holds it', async () => {
    const password = 'Zk424242q/@:x';
    const server = await startRedisServer({ requirepass: password });
    try {
      const forms = [`redis://${encodeURIComponent(password)}@127.0.0.1:${server.port}`, `redis://:${password}@127.0.0.1:${server.port}`];
      for (const [i, u] of forms.entries()) {
        const out = path.join(tmp, `out${i}`);
        const report = path.join(tmp, `r${i}.html`);
        const r = spawnSync(process.execPath, [MAIN, 'run', '-e', 'redis', '--url', u, '-n', '2000', '--warmup', '0s', '--keys', '100', '-o', out, '--report', report, '--format', 'markdown'], {
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(r.status, r.stderr).toBe(0);
        const written = readdirSync(out).map((f) => readFileSync(path.join(out, f), 'utf8'));
        expect(written).toHaveLength(1);
        expect(JSON.parse(written[0]!).summary.ops).toBeGreaterThan(0);
        for (const [where, text] of [['stdout', r.stdout], ['stderr', r.stderr], ['result', written[0]!], ['report', readFileSync(report, 'utf8')]] as const) {
          assertAbsent(where, text, 'Zk424242q');
        }
        // A bad database in the same URL: the error line names the field, not the password.
        const bad = spawnSync(process.execPath, [MAIN, 'run', '-e', 'redis', '--url', `${u}/x`], { encoding: 'utf8', timeout: 30_000 });
        expect(bad.status).toBe(2);
        expect(bad.stderr).toMatch(/url: .*has database 'x'/);
        assertAbsent('error line', bad.stderr, 'Zk424242q');
      }
    } finally {
      await server.stop();
    }
  }, 60_000);
});
