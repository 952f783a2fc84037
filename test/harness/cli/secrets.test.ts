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
import { distUrl } from '../../../harness/threads/dist-url.js';
import { serverAvailable } from '../../support/servers.js';
import { errorReport } from '../../../harness/cli/main.js';
import { validateCell } from '../../../harness/cli/run/handler.js';
import { runCell, type CellSpec } from '../../../harness/runner/run-cell.js';
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

function assertAbsent(where: string, text: string, token: string): void {
  expect(text.includes(token), `${where} holds the secret ${token}`).toBe(false);
}

describe('secrets never reach a result, a report, the terminal or an error message', () => {
  it('property: URL forms and nested options', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async ({ secret: { core: token, value: pw }, scheme: s, form, inTls, pemWrapped, inLabel }) => {
        const u = url(form, s, pw);
        const tlsValue = pemWrapped ? pem(inTls === 'cert' || inTls === 'ca' ? 'CERTIFICATE' : 'PRIVATE KEY', pw) : pw;
        const spec: CellSpec = {
          engine: { name: 'null', options: { url: u, requirepass: pw, tls: { [inTls]: tlsValue, servername: 'cache.local' }, auth: { password: pw } } },
          workload: { name: 'kv', params: { keys: 100 } },
          config: { requests: 200, warmupMs: 0, seed: 1, concurrency: 1, extra: { db: url(form, 'postgres', pw, 'db:5432') } },
          ...(inLabel ? { label: `bench ${u}` } : {}),
        };
        const result = await runCell(spec);
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
            validateCell(cell);
          } catch (err) {
            thrown = err;
          }
          expect(thrown, JSON.stringify(cell.engine)).not.toBeNull();
          const report = errorReport(thrown);
          expect(report.exitCode).toBe(2);
          assertAbsent(`error line for ${cell.engine.name}`, report.line, token);
        }
      }),
      { numRuns: 25 },
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
