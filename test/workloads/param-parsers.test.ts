import { describe, expect, test } from 'vitest';
import { resolveParamTable, type ParamTable } from '../../workloads/param-table.js';
import { WorkloadParamError } from '../../workloads/types.js';

const TABLE: ParamTable = [
  { name: 'rows', kind: 'int', default: 10, min: 1, max: 100, doc: 'rows' },
  { name: 'ratio', kind: 'number', default: 0, min: 0, max: 1, doc: 'ratio' },
  { name: 'rest', kind: 'number', default: 0, min: 0, max: { text: '1 − ratio', of: (p) => 1 - (p['ratio'] as number) }, doc: 'the rest' },
  { name: 'mode', kind: 'enum', default: 'b', values: ['a', 'b'], doc: 'mode' },
  { name: 'db', kind: 'string', default: '', doc: 'db' },
  { name: 'fast', kind: 'bool', default: false, doc: 'fast' },
];

describe('one parser per parameter kind', () => {
  test('defaults fill in, and numbers and booleans arrive as strings from flags', () => {
    expect(resolveParamTable(TABLE, {})).toEqual({ rows: 10, ratio: 0, rest: 0, mode: 'b', db: '', fast: false });
    expect(resolveParamTable(TABLE, { rows: '25', ratio: '0.25', db: 'postgres://x', fast: '1' })).toMatchObject({ rows: 25, ratio: 0.25, db: 'postgres://x', fast: true });
    // One bool parser: true/false and 1/0, as text or not (kv and YCSB used to disagree on 1/0).
    for (const [raw, value] of [[true, true], ['true', true], [1, true], ['0', false], ['false', false]] as const) {
      expect(resolveParamTable(TABLE, { fast: raw }).fast).toBe(value);
    }
  });

  test('errors name the field and what is allowed', () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      throw new Error('no error');
    };
    const notInt = err(() => resolveParamTable(TABLE, { rows: 2.5 }));
    expect(notInt).toBeInstanceOf(WorkloadParamError);
    expect((notInt as WorkloadParamError).field).toBe('rows');
    expect(String((notInt as Error).message)).toBe('rows: must be an integer from 1 to 100, got 2.5');
    expect(() => resolveParamTable(TABLE, { rows: 'many' })).toThrow('rows: must be a number, got "many"');
    expect(() => resolveParamTable(TABLE, { ratio: 0.9, rest: 2 })).toThrow('rest: must be from 0 to 0.1, got 2');
    expect(() => resolveParamTable(TABLE, { mode: 'c' })).toThrow('mode: must be one of a, b, got "c"');
    expect(() => resolveParamTable(TABLE, { fast: 'yes' })).toThrow('fast: must be true or false, got "yes"');
    expect(() => resolveParamTable(TABLE, { rows: 1, colour: 'red' }, 'demo')).toThrow('colour: unknown demo parameter; allowed: rows, ratio, rest, mode, db, fast');
  });
});
