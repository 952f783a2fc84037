import { describe, expect, test } from 'vitest';
import { enumParam, intParam, numParam, rejectUnknownParams, stringParam } from '../../../../workloads/scenarios/support/params.js';
import { WorkloadParamError } from '../../../../workloads/types.js';

describe('scenario parameters', () => {
  test('defaults fill in, and numbers arrive as strings from flags', () => {
    expect(intParam({}, 'rows', 10, 1, 100)).toBe(10);
    expect(intParam({ rows: '25' }, 'rows', 10, 1, 100)).toBe(25);
    expect(numParam({ ratio: '0.25' }, 'ratio', 0, 0, 1)).toBe(0.25);
    expect(enumParam({}, 'mode', ['a', 'b'] as const, 'b')).toBe('b');
    expect(stringParam({ db: 'postgres://x' }, 'db', '')).toBe('postgres://x');
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
    const notInt = err(() => intParam({ rows: 2.5 }, 'rows', 10, 1, 100));
    expect(notInt).toBeInstanceOf(WorkloadParamError);
    expect((notInt as WorkloadParamError).field).toBe('rows');
    expect(String((notInt as Error).message)).toBe('rows: must be an integer from 1 to 100, got 2.5');
    expect(() => intParam({ rows: 'many' }, 'rows', 10, 1, 100)).toThrow('rows: must be a number, got "many"');
    expect(() => numParam({ ratio: 2 }, 'ratio', 0, 0, 1 - 0.9)).toThrow('ratio: must be from 0 to 0.1, got 2');
    expect(() => enumParam({ mode: 'c' }, 'mode', ['a', 'b'] as const, 'a')).toThrow('mode: must be one of a, b, got "c"');
    expect(() => rejectUnknownParams({ rows: 1, colour: 'red' }, { rows: '…', ttlMs: '…' })).toThrow('colour: unknown parameter; allowed: rows, ttlMs');
  });
});
