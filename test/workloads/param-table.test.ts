/**
 * Every workload's parameter table round-trips: `cachebench list` shows each parameter with the
 * table's default, `run --help` agrees for the kv flags, resolving nothing records the defaults
 * (and what is recorded resolves to itself), and a value out of bounds is refused naming the
 * parameter and its bounds.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPairings } from '../../harness/cli/list/pairings.js';
import { PROJECT_ROOT } from '../../shared/dist-url.js';
import { KV_PARAM_TABLE } from '../../workloads/kv.js';
import { formatParamDefault, type ParamSpec } from '../../workloads/param-table.js';
import { WORKLOAD_FACTORIES } from '../../workloads/registry.js';
import { WorkloadParamError } from '../../workloads/types.js';

const list = renderPairings();
const workloads = [...WORKLOAD_FACTORIES.values()];

/** A bound as a number, given the defaults of the parameters before it. */
function bound(b: ParamSpec['min'], defaults: Record<string, unknown>): number | undefined {
  return b === undefined ? undefined : typeof b === 'number' ? b : b.of(defaults);
}

describe('workload parameter tables', () => {
  it('every workload has a table naming each documented parameter once', () => {
    for (const w of workloads) {
      const names = w.paramTable.map((s) => s.name);
      expect(new Set(names).size, w.name).toBe(names.length);
      expect(Object.keys(w.params), w.name).toEqual(names);
    }
  });

  for (const w of workloads) {
    it(`${w.name}: list shows every parameter with its default; the defaults are what is recorded`, () => {
      const section = list.slice(list.indexOf(`  ${w.name} `));
      const recorded = w.resolveParams({});
      for (const spec of w.paramTable) {
        expect(section, `${w.name}.${spec.name}`).toContain(`      ${spec.name}: `);
        const line = section.split('\n').find((l) => l.startsWith(`      ${spec.name}: `))!;
        expect(line, `${w.name}.${spec.name}`).toContain(`(default ${formatParamDefault(spec)}`);
        if (spec.kind !== 'text') expect(recorded[spec.name], `${w.name}.${spec.name}`).toEqual(spec.default);
      }
      // What a result records resolves to itself: a rerun from a result file asks for the same.
      expect(w.resolveParams(recorded)).toEqual(recorded);
    });

    it(`${w.name}: a value out of bounds names the parameter and its bounds`, () => {
      const defaults = w.resolveParams({});
      for (const spec of w.paramTable) {
        const min = bound(spec.min, defaults);
        const max = bound(spec.max, defaults);
        const wrong: unknown[] = [];
        if (max !== undefined && Number.isFinite(max)) wrong.push(max + 1);
        if (min !== undefined && Number.isFinite(min)) wrong.push(min - 1);
        if (spec.kind === 'enum') wrong.push('no-such-value');
        if (spec.kind === 'bool') wrong.push('maybe');
        for (const value of wrong) {
          let thrown: unknown;
          try {
            w.resolveParams({ [spec.name]: value });
          } catch (err) {
            thrown = err;
          }
          expect(thrown, `${w.name}.${spec.name}=${String(value)}`).toBeInstanceOf(WorkloadParamError);
          const message = (thrown as Error).message;
          expect(message).toContain(spec.name);
          if (spec.kind === 'int' || spec.kind === 'number') {
            expect(message, `${w.name}.${spec.name}`).toContain(String(Number((min ?? 0).toPrecision(12))));
            if (max !== undefined) expect(message, `${w.name}.${spec.name}`).toContain(String(Number(max.toPrecision(12))));
          }
          if (spec.kind === 'enum') for (const v of spec.values!) expect(message).toContain(v);
        }
      }
    });
  }

  it('run --help states the kv defaults the table holds', () => {
    const help = execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/harness/cli/main.js'), 'run', '--help'], {
      encoding: 'utf8',
      env: { ...process.env, COLUMNS: '400' },
    }).replace(/\s+/g, ' ');
    for (const spec of KV_PARAM_TABLE) expect(help, spec.name).toContain(`(default ${formatParamDefault(spec)}`);
  });
});
