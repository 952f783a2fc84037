/**
 * Suite validation and matrix expansion, pure. `parseSuite` checks every field of an untrusted
 * JSON value and names the path of the first bad one (`cells[2].engines[0]`) with the allowed
 * values; `expandSuite` turns a valid suite into the list of cells to run, in file order.
 */
import { ENGINE_NAMES } from '../../engines/registry.js';
import { WORKLOAD_NAMES } from '../../workloads/registry.js';
import type { ConfigInput } from '../runner/config.js';
import type { CellSpec } from '../cell/resolve-cell.js';
import { MAX_REPEAT } from './repeats.js';
import { MATRIX_FIELDS, type MatrixField, type Suite, type SuiteGroup } from './suite-types.js';

/** Most cells one suite may expand to (before repeats). */
export const MAX_SUITE_CELLS = 10_000;

export class SuiteError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`suite ${path}: ${message}`);
    this.name = 'SuiteError';
  }
}

const CONFIG_FIELDS = ['loop', 'concurrency', 'clients', 'pipeline', 'rate', 'arrival', 'threads', 'durationMs', 'requests', 'warmupMs', 'seed', 'timeoutMs', 'extra'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(path: string, v: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new SuiteError(`${path}.${k}`, `unknown field; allowed: ${allowed.join(', ')}`);
  }
}

function config(path: string, v: unknown): ConfigInput {
  if (!isObject(v)) throw new SuiteError(path, 'expected an object of run settings');
  onlyKeys(path, v, CONFIG_FIELDS);
  return v as ConfigInput;
}

export function parseSuite(value: unknown): Suite {
  if (!isObject(value)) throw new SuiteError('(root)', 'expected a JSON object with name and cells');
  onlyKeys('(root)', value, ['name', 'description', 'repeat', 'defaults', 'cells', '$schema']);
  if (typeof value.name !== 'string' || value.name.length === 0) throw new SuiteError('name', 'expected a non-empty string');
  if (value.description !== undefined && typeof value.description !== 'string') throw new SuiteError('description', 'expected a string');
  const repeat = value.repeat;
  if (repeat !== undefined && (typeof repeat !== 'number' || !Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT)) {
    throw new SuiteError('repeat', `got ${JSON.stringify(repeat)}; expected an integer from 1 to ${MAX_REPEAT}`);
  }
  const defaults = value.defaults === undefined ? undefined : config('defaults', value.defaults);
  if (!Array.isArray(value.cells) || value.cells.length === 0) throw new SuiteError('cells', 'expected a non-empty array of cell groups');
  const cells = value.cells.map((c, i) => group(`cells[${i}]`, c));
  // Counted before anything expands: a typo'd matrix must not take minutes and gigabytes to refuse.
  let total = 0;
  cells.forEach((g, i) => {
    total += groupCellCount(g);
    if (total > MAX_SUITE_CELLS) {
      throw new SuiteError(
        g.matrix ? `cells[${i}].matrix` : `cells[${i}].engines`,
        `the suite expands to more than ${MAX_SUITE_CELLS} cells (${total} counted up to here; engines × the matrix's value counts)`,
      );
    }
  });
  return {
    name: value.name,
    ...(value.description ? { description: value.description as string } : {}),
    ...(repeat !== undefined ? { repeat } : {}),
    ...(defaults ? { defaults } : {}),
    cells,
  };
}

function group(path: string, v: unknown): SuiteGroup {
  if (!isObject(v)) throw new SuiteError(path, 'expected an object with engines and workload');
  onlyKeys(path, v, ['engines', 'workload', 'params', 'config', 'matrix', 'label']);
  if (!Array.isArray(v.engines) || v.engines.length === 0) throw new SuiteError(`${path}.engines`, `expected a non-empty array of: ${ENGINE_NAMES.join(', ')}`);
  v.engines.forEach((e, j) => {
    const name = typeof e === 'string' ? e : isObject(e) ? e.name : undefined;
    if (typeof name !== 'string' || !ENGINE_NAMES.includes(name)) {
      throw new SuiteError(`${path}.engines[${j}]`, `got ${JSON.stringify(name ?? e)}; allowed: ${ENGINE_NAMES.join(', ')}`);
    }
    if (isObject(e)) {
      onlyKeys(`${path}.engines[${j}]`, e, ['name', 'options']);
      if (e.options !== undefined && !isObject(e.options)) throw new SuiteError(`${path}.engines[${j}].options`, 'expected an object');
    }
  });
  if (typeof v.workload !== 'string' || !WORKLOAD_NAMES.includes(v.workload)) {
    throw new SuiteError(`${path}.workload`, `got ${JSON.stringify(v.workload)}; allowed: ${WORKLOAD_NAMES.join(', ')}`);
  }
  if (v.params !== undefined && !isObject(v.params)) throw new SuiteError(`${path}.params`, 'expected an object of workload parameters');
  const cfg = v.config === undefined ? undefined : config(`${path}.config`, v.config);
  if (v.matrix !== undefined) {
    if (!isObject(v.matrix)) throw new SuiteError(`${path}.matrix`, 'expected an object of field → array of values');
    onlyKeys(`${path}.matrix`, v.matrix, MATRIX_FIELDS);
    for (const [k, list] of Object.entries(v.matrix)) {
      if (!Array.isArray(list) || list.length === 0) throw new SuiteError(`${path}.matrix.${k}`, 'expected a non-empty array of values');
    }
  }
  if (v.label !== undefined && typeof v.label !== 'string') throw new SuiteError(`${path}.label`, 'expected a string');
  return {
    engines: v.engines as SuiteGroup['engines'],
    workload: v.workload,
    ...(v.params ? { params: v.params as Record<string, unknown> } : {}),
    ...(cfg ? { config: cfg } : {}),
    ...(v.matrix ? { matrix: v.matrix as SuiteGroup['matrix'] } : {}),
    ...(v.label ? { label: v.label as string } : {}),
  };
}

/** A cell of a suite together with the one-cell suite that runs exactly it (same label, config and seed). */
export interface SuiteCellSource {
  readonly cell: CellSpec;
  /** Where in the suite file the cell came from, so a bad value is named by its JSON path. */
  readonly origin: CellOrigin;
  /** Expands to `[cell]`: one engine, its matrix point as single-value lists, the suite's defaults. */
  readonly suite: Suite;
}

/**
 * Every cell of the suite with its one-cell suite, in `expandSuite` order — for running cells
 * one at a time in another cachebench (`cachebench ci` runs the base commit's CLI on them).
 */
export function suiteCellSources(suite: Suite): SuiteCellSource[] {
  const out: SuiteCellSource[] = [];
  for (const [gi, g] of suite.cells.entries()) {
    const combos = product(g.matrix ?? {});
    for (const [ei, e] of g.engines.entries()) {
      const engine = typeof e === 'string' ? { name: e, options: {} } : { name: e.name, options: e.options ?? {} };
      for (const { values: combo, indexes } of combos) {
        const config: ConfigInput = { ...suite.defaults, ...g.config, ...combo };
        const suffix = Object.entries(combo)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ');
        const cell: CellSpec = {
          engine,
          workload: { name: g.workload, params: g.params ?? {} },
          config,
          ...(g.label ? { label: `${g.label} ${engine.name}${suffix ? ' ' + suffix : ''}` } : {}),
        };
        const matrix = Object.fromEntries(Object.entries(combo).map(([k, v]) => [k, [v]]));
        const group: SuiteGroup = {
          ...g,
          engines: [e],
          ...(Object.keys(matrix).length > 0 ? { matrix } : {}),
        };
        out.push({ cell, origin: { group: gi, engine: ei, combo: indexes }, suite: { name: suite.name, ...(suite.defaults ? { defaults: suite.defaults } : {}), cells: [group] } });
      }
    }
  }
  return out;
}

/** Every cell of the suite: groups in order, then engines, then the matrix's product. */
export function expandSuite(suite: Suite): CellSpec[] {
  return suiteCellSources(suite).map((s) => s.cell);
}

/** Where a cell came from: its group, its engine and the index of each matrix value it took. */
export interface CellOrigin {
  readonly group: number;
  readonly engine: number;
  readonly combo: Readonly<Record<string, number>>;
}

/** The JSON path that set run setting `key` of a cell: its matrix value, its group's config, or the defaults. */
export function configPath(suite: Suite, origin: CellOrigin, key: string): string {
  const g = suite.cells[origin.group]!;
  const at = origin.combo[key];
  if (at !== undefined) return `cells[${origin.group}].matrix.${key}[${at}]`;
  if (g.config && (g.config as Record<string, unknown>)[key] !== undefined) return `cells[${origin.group}].config.${key}`;
  if (suite.defaults && (suite.defaults as Record<string, unknown>)[key] !== undefined) return `defaults.${key}`;
  return `cells[${origin.group}]`;
}

function product(matrix: Partial<Record<MatrixField, readonly unknown[]>>): { values: Record<string, unknown>; indexes: Record<string, number> }[] {
  let out: { values: Record<string, unknown>; indexes: Record<string, number> }[] = [{ values: {}, indexes: {} }];
  for (const [field, values] of Object.entries(matrix)) {
    out = out.flatMap((partial) =>
      (values ?? []).map((v, i) => ({ values: { ...partial.values, [field]: v }, indexes: { ...partial.indexes, [field]: i } })),
    );
  }
  return out;
}

/** How many cells a group expands to, counted without expanding (engines × matrix sizes). */
export function groupCellCount(g: SuiteGroup): number {
  let n = g.engines.length;
  for (const values of Object.values(g.matrix ?? {})) n *= values?.length ?? 1;
  return n;
}
