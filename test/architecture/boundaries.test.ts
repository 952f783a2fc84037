/**
 * The import-boundary rule (`.dependency-cruiser.cjs`, drawn in ARCHITECTURE.md) holds on the
 * tree, every source file sits in exactly one layer, and the same configuration catches a
 * deliberately wrong import and a cross-folder cycle in a fixture tree of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../shared/dist-url.js';

const CONFIG = path.join(PROJECT_ROOT, '.dependency-cruiser.cjs');
const CRUISER = path.join(PROJECT_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const SOURCE_ROOTS = ['shared', 'engines', 'workloads', 'harness', 'reports', 'bench', 'test'];
const LAYERS = (createRequire(import.meta.url)(CONFIG) as { LAYERS: { name: string; path: string }[] }).LAYERS;

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: readonly { readonly name: string }[];
}

/** Run dependency-cruiser with the repository's configuration over `roots` inside `cwd`. */
function cruise(cwd: string, roots: readonly string[]): { violations: Violation[]; modules: string[] } {
  const out = spawnSync(process.execPath, [CRUISER, '--config', CONFIG, '--output-type', 'json', ...roots], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!out.stdout) throw new Error(`dependency-cruiser produced no output (exit ${out.status}): ${out.stderr}`);
  const json = JSON.parse(out.stdout) as { modules: { source: string }[]; summary: { violations: Violation[] } };
  return { violations: json.summary.violations, modules: json.modules.map((m) => m.source) };
}

const describeViolation = (v: Violation): string =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|mjs|cjs)$/.test(e.name))
    .map((e) => path.relative(PROJECT_ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('import boundaries', () => {
  it('the tree imports only downward and has no cycle across folders', () => {
    const { violations, modules } = cruise(PROJECT_ROOT, SOURCE_ROOTS);
    expect(violations.map(describeViolation)).toEqual([]);
    // The check really read the tree (a parser failure would find nothing and pass).
    expect(modules).toContain('harness/cli/main.ts');
    expect(modules.length).toBeGreaterThan(200);
  }, 180_000); // ~5 s on an idle machine; a loaded 2-core CI box can take many times that

  it('every source file belongs to exactly one layer', () => {
    const unplaced: string[] = [];
    for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) {
      const layers = LAYERS.filter((l) => new RegExp(l.path).test(file)).map((l) => l.name);
      if (layers.length !== 1) unplaced.push(`${file}: ${layers.length === 0 ? 'no layer' : layers.join(' + ')}`);
    }
    expect(unplaced).toEqual([]);
  });

  describe('a fixture tree with deliberate mistakes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cachebench-boundaries-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (file: string, text: string): void => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    // Wrong: an engine reaching up into the runner, and the shared floor reaching up into workloads.
    write('engines/fake/engine.ts', "import { loop } from '../../harness/runner/loop.js';\nexport const engine = loop;\n");
    write('shared/rng.ts', "import type { Workload } from '../workloads/kv.js';\nexport type W = Workload;\n");
    // Right: the runner and the workload importing downward.
    write('harness/runner/loop.ts', "import { seed } from '../../shared/seed.js';\nexport const loop = seed;\n");
    write('workloads/kv.ts', "import type { E } from '../engines/types.js';\nexport type Workload = E;\n");
    write('engines/types.ts', 'export type E = number;\n');
    write('shared/seed.ts', 'export const seed = 1;\n');
    // Wrong: a cycle between two folders of one layer (even when one side imports only a type).
    write('harness/suite/suite.ts', "import { compare } from '../compare/compare.js';\nexport const suite = compare;\n");
    write('harness/compare/compare.ts', "import type { suite } from '../suite/suite.js';\nexport const compare = 1 as unknown as typeof suite;\n");
    // Allowed: a cycle inside one concept folder and its sub-folder.
    write('engines/fake/server.ts', "import { table } from './commands/table.js';\nexport const server = table;\n");
    write('engines/fake/commands/table.ts', "import type { server } from '../server.js';\nexport const table = 1 as unknown as typeof server;\n");

    it('names each wrong import and cycle, and nothing else', () => {
      const { violations } = cruise(dir, ['shared', 'engines', 'workloads', 'harness']);
      // A cycle is reported once, from whichever of its files the cruiser meets first.
      const found = violations
        .map((v) => (v.cycle ? `${v.rule.name}: ${[v.from, v.to].sort().join(' ⇄ ')}` : `${v.rule.name}: ${v.from} → ${v.to}`))
        .sort();
      expect(found).toEqual([
        'layer:engines: engines/fake/engine.ts → harness/runner/loop.ts',
        'layer:shared: shared/rng.ts → workloads/kv.ts',
        'no-cycle-across-folders: harness/compare/compare.ts ⇄ harness/suite/suite.ts',
      ]);
    }, 120_000);
  });
});
