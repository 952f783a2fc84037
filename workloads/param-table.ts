/**
 * Workload parameters as data. A workload states each parameter once, as a row of its table —
 * name, kind, default, bounds, unit, one line of doc — and everything else derives from the
 * table: validation (`resolveParamTable`: one parser per kind, one unknown-parameter check),
 * the parameters recorded in the result (defaults filled in), the one-line docs that
 * `cachebench list` and `--help` print (`paramDocs`, default and bounds appended), and the
 * README table. The model is YCSB's workload files and vitest's typed CLI option table.
 *
 * Values arrive loose (flags give strings, suite files JSON), so every parser accepts a number
 * or boolean written as text, and throws `WorkloadParamError` naming the field and what is
 * allowed. `text` parameters are a grammar of their own (a key distribution, a value-size
 * spec); the table still holds their default and doc, and the workload parses them.
 */
import { WorkloadParamError, type WorkloadParams } from './types.js';

export type ParamKind = 'int' | 'number' | 'bool' | 'enum' | 'string' | 'text';
export type ParamValue = number | string | boolean;

/** A bound that depends on parameters resolved before it (table order), e.g. `1 − incrRatio`. */
export type Bound = number | { readonly text: string; readonly of: (resolved: Readonly<Record<string, unknown>>) => number };

export interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
  readonly default: ParamValue;
  /** int / number: inclusive bounds. */
  readonly min?: Bound;
  readonly max?: Bound;
  /** enum: the allowed values. */
  readonly values?: readonly string[];
  /** Shown after the default: `ms`, `bytes`. */
  readonly unit?: string;
  /** One line, without the default or bounds (they are appended from the fields above). */
  readonly doc: string;
}

export type ParamTable = readonly ParamSpec[];

function boundValue(b: Bound | undefined, resolved: Readonly<Record<string, unknown>>, fallback: number): number {
  if (b === undefined) return fallback;
  return typeof b === 'number' ? b : b.of(resolved);
}

/** Bounds computed as 1 − x print as 0.1, not 0.09999999999999998. */
function readable(n: number): number {
  return Number(n.toPrecision(12));
}

function numberOf(name: string, raw: unknown): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) throw new WorkloadParamError(name, `must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

type Parser = (spec: ParamSpec, raw: unknown, resolved: Readonly<Record<string, unknown>>) => ParamValue;

/** One parser per kind. */
export const PARAM_PARSERS: Readonly<Record<ParamKind, Parser>> = {
  int(spec, raw, resolved) {
    const value = numberOf(spec.name, raw);
    const min = boundValue(spec.min, resolved, Number.MIN_SAFE_INTEGER);
    const max = boundValue(spec.max, resolved, Number.MAX_SAFE_INTEGER);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new WorkloadParamError(spec.name, `must be an integer from ${min} to ${max}, got ${value}`);
    }
    return value;
  },
  number(spec, raw, resolved) {
    const value = numberOf(spec.name, raw);
    const min = boundValue(spec.min, resolved, -Infinity);
    const max = boundValue(spec.max, resolved, Infinity);
    if (value < min || value > max) throw new WorkloadParamError(spec.name, `must be from ${readable(min)} to ${readable(max)}, got ${value}`);
    return value;
  },
  bool(spec, raw) {
    if (raw === true || raw === 'true' || raw === 1 || raw === '1') return true;
    if (raw === false || raw === 'false' || raw === 0 || raw === '0') return false;
    throw new WorkloadParamError(spec.name, `must be true or false, got ${JSON.stringify(raw)}`);
  },
  enum(spec, raw) {
    const allowed = spec.values ?? [];
    if (typeof raw !== 'string' || !allowed.includes(raw)) {
      throw new WorkloadParamError(spec.name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
    }
    return raw;
  },
  string(spec, raw) {
    if (typeof raw !== 'string') throw new WorkloadParamError(spec.name, `must be a string, got ${JSON.stringify(raw)}`);
    return raw;
  },
  text(spec, raw) {
    if (typeof raw !== 'string' && typeof raw !== 'number') throw new WorkloadParamError(spec.name, `must be text, got ${JSON.stringify(raw)}`);
    return raw;
  },
};

/** Reject parameters the table does not name, listing the ones it does. */
export function rejectUnknownParams(params: WorkloadParams, table: ParamTable, workload?: string): void {
  const allowed = table.map((s) => s.name);
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) {
      throw new WorkloadParamError(name, `unknown ${workload ? `${workload} ` : ''}parameter; allowed: ${allowed.join(', ')}`);
    }
  }
}

/**
 * Every parameter of the table, parsed by its kind, with defaults filled in (what the result
 * records). An empty value (`''`, null) means "the default" for every kind but `string`.
 */
export function resolveParamTable(table: ParamTable, params: WorkloadParams, workload?: string): Record<string, ParamValue> {
  rejectUnknownParams(params, table, workload);
  const out: Record<string, ParamValue> = {};
  for (const spec of table) {
    const raw = params[spec.name];
    const absent = raw === undefined || raw === null || (raw === '' && spec.kind !== 'string');
    out[spec.name] = PARAM_PARSERS[spec.kind](spec, absent ? spec.default : raw, out);
  }
  return out;
}

function boundText(b: Bound): string {
  return typeof b === 'number' ? String(b) : b.text;
}

/** How the default reads in docs: strings quoted when empty or with a space, the rest as is. */
export function formatParamDefault(spec: ParamSpec): string {
  const d = spec.default;
  if (typeof d === 'string') return d === '' || /\s/.test(d) || spec.kind === 'string' ? `'${d}'` : d;
  return String(d);
}

/** One line per parameter for `list` and `--help`: doc, then default, unit, bounds or values. */
export function paramDoc(spec: ParamSpec): string {
  const extras = [`default ${formatParamDefault(spec)}${spec.unit ? ` ${spec.unit}` : ''}`];
  if (spec.min !== undefined && spec.max !== undefined) extras.push(`${boundText(spec.min)} to ${boundText(spec.max)}`);
  if (spec.kind === 'enum' && spec.values) extras.push(spec.values.join(' | '));
  return `${spec.doc} (${extras.join('; ')})`;
}

export function paramDocs(table: ParamTable): Record<string, string> {
  return Object.fromEntries(table.map((s) => [s.name, paramDoc(s)]));
}
