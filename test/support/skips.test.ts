/**
 * No test drops a target or an assertion silently. A skip is allowed only when it is
 * conditional on a helper that announces it loudly and turns it into a failure under
 * CACHEBENCH_REQUIRE_SERVERS=1 (`serverAvailable`, `targetReady`, `postgresAvailable`, or a
 * file's own `serversRequired()` check); unconditional `it.skip` / `describe.skip` are refused.
 * This reads the test tree as text, so a new `skipIf(!fs.existsSync(…))` that CI would quietly
 * pass is caught here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const TEST_ROOT = path.resolve(import.meta.dirname, '..');
const THIS_FILE = path.relative(TEST_ROOT, import.meta.filename);

/** Helpers whose "false" is loud and whose absence fails CI, with the file that defines each. */
const LOUD_HELPERS: ReadonlyMap<string, string> = new Map([
  ['serverAvailable', 'support/servers.ts'],
  ['targetReady', 'workloads/scenarios/support/engines.ts'],
  ['postgresAvailable', 'workloads/scenarios/support/postgres.ts'],
  ['serversRequired', 'support/servers.ts'],
]);

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(p));
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const files = testFiles(TEST_ROOT).map((f) => ({ rel: path.relative(TEST_ROOT, f), text: fs.readFileSync(f, 'utf8') }));

describe('skips in the test tree', () => {
  it('the loud helpers fail under CACHEBENCH_REQUIRE_SERVERS=1 themselves', () => {
    for (const [name, file] of LOUD_HELPERS) {
      const text = fs.readFileSync(path.join(TEST_ROOT, file), 'utf8');
      expect(text, `${name} in ${file}`).toMatch(new RegExp(`export function ${name}\\(`));
      expect(text, file).toMatch(/serversRequired\(\)|serverAvailable\(/);
    }
  });

  it('no unconditional skip anywhere', () => {
    const offenders = files
      .filter((f) => f.rel !== THIS_FILE)
      .filter((f) => /\b(it|test|describe|suite)\.(skip|todo)\(/.test(f.text))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('every conditional skip sits in a file that decides it through a loud helper', () => {
    const conditional = files.filter((f) => f.rel !== THIS_FILE && /\.(skipIf|runIf)\(|\bctx\.skip\(|\bcontext\.skip\(/.test(f.text));
    expect(conditional.length).toBeGreaterThan(10); // the scan sees the tree
    const helpers = [...LOUD_HELPERS.keys()];
    const offenders = conditional.filter((f) => !helpers.some((h) => f.text.includes(`${h}(`))).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});
