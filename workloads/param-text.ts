/**
 * Readers for the loosely typed parameters the kv and YCSB workloads parse (numbers may arrive as
 * strings from flags), and how a rejected value is quoted in the `WorkloadParamError` message.
 */
import { WorkloadParamError } from './types.js';

/** A rejected value as an error message quotes it: strings in quotes, anything else as is. */
export function describeParam(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** A whole number in [min, max], written as plain digits (no sign, point or exponent). */
export function wholeNumberParam(raw: unknown, field: string, min: number, max: number): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new WorkloadParamError(field, `expected a whole number from ${min} to ${max}, got ${describeParam(raw)}`);
  }
  return value;
}
