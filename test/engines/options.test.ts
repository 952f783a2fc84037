/**
 * Every engine's option table (`EngineFactory.options`) against its own validation, and
 * `cachebench list` printing it: an option the table lists with an example is accepted; a value
 * outside a listed choice (`a | b`) is refused naming the option; an unknown name is refused with
 * every table name in the message; and `list` shows each option with its default and allowed
 * values — so the table, the checks and the listing cannot drift apart.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_FACTORIES } from '../../engines/registry.js';
import { renderPairings } from '../../harness/cli/list/pairings.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The options an engine cannot validate without (their table examples). */
function required(name: string): Record<string, unknown> {
  const f = ENGINE_FACTORIES.get(name)!;
  return Object.fromEntries(f.options.filter((o) => o.required).map((o) => [o.name, o.example]));
}

describe('engine option tables', () => {
  for (const f of ENGINE_FACTORIES.values()) {
    describe(f.name, () => {
      it('has a validateOptions and a table row for every option, with no name twice', () => {
        expect(f.validateOptions).toBeTypeOf('function');
        const names = f.options.map((o) => o.name);
        expect(new Set(names).size).toBe(names.length);
        for (const o of f.options) {
          expect(o.doc.length).toBeGreaterThan(5);
          expect(o.values.length).toBeGreaterThan(0);
          // Only object-valued options (suite files) may lack a command-line example.
          if (o.example === undefined) expect(o.values).toMatch(/object/);
        }
      });

      it('accepts every listed option at its example value', () => {
        for (const o of f.options) {
          if (o.example === undefined) continue;
          expect(() => f.validateOptions!({ ...required(f.name), ...o.exampleWith, [o.name]: o.example }), `${f.name} ${o.name}=${o.example}`).not.toThrow();
        }
      });

      it('refuses a value outside a listed choice, naming the option', () => {
        for (const o of f.options) {
          if (!/^[\w+-]+( \| [\w+-]+)+$/.test(o.values)) continue;
          expect(() => f.validateOptions!({ ...required(f.name), [o.name]: 'not-a-choice' }), `${f.name} ${o.name}`).toThrow(new RegExp(o.name));
        }
      });

      it('refuses an unknown option, listing every option in the table', () => {
        let message = '';
        try {
          f.validateOptions!({ ...required(f.name), bogusOption: '1' });
        } catch (err) {
          message = (err as Error).message;
        }
        expect(message).toContain('bogusOption');
        for (const o of f.options) expect(message).toContain(o.name);
      });
    });
  }
});

describe('cachebench list', () => {
  it('shows every engine option with its default and allowed values, from the tables', () => {
    const text = renderPairings();
    for (const f of ENGINE_FACTORIES.values()) {
      // The engine's line and the option lines under it, up to the next engine or section.
      const start = text.indexOf(`\n  ${f.name} `);
      const next = text.slice(start + 1).search(/\n(  \S|\S)/);
      const block = text.slice(start, start + 1 + next);
      for (const o of f.options) {
        const line = `      ${o.name}: ${o.doc} (${o.required ? 'required' : `default ${o.default === '' ? 'none' : o.default}`}; ${o.values})`;
        expect(block, `${f.name} ${o.name}`).toContain(line);
      }
    }
    expect(text).toContain('      persistence: ');
    expect(text).toContain('aof-everysec');
  });

  it('prints the same through the CLI', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'dist/harness/cli/main.js'), 'list'], { encoding: 'utf8' });
    expect(out).toBe(renderPairings());
  });
});
