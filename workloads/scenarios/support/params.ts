/**
 * Parameter validation shared by the scenarios: each reader takes the loose value from flags or
 * a suite file (numbers may arrive as strings), applies the default, and throws
 * `WorkloadParamError` naming the field and what is allowed.
 */
import { WorkloadParamError, type WorkloadParams } from '../../types.js';

/** Reject parameters the workload does not document, listing the ones it does. */
export function rejectUnknownParams(params: WorkloadParams, documented: Readonly<Record<string, string>>): void {
  const allowed = Object.keys(documented);
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) {
      throw new WorkloadParamError(name, `unknown parameter; allowed: ${allowed.join(', ')}`);
    }
  }
}

function numberOf(params: WorkloadParams, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) throw new WorkloadParamError(name, `must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

/** An integer in [min, max]. */
export function intParam(params: WorkloadParams, name: string, fallback: number, min: number, max: number): number {
  const value = numberOf(params, name) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new WorkloadParamError(name, `must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** A number in [min, max]. */
export function numParam(params: WorkloadParams, name: string, fallback: number, min: number, max: number): number {
  const value = numberOf(params, name) ?? fallback;
  if (value < min || value > max) throw new WorkloadParamError(name, `must be from ${readable(min)} to ${readable(max)}, got ${value}`);
  return value;
}

/** Bounds computed as 1 − x print as 0.1, not 0.09999999999999998. */
function readable(n: number): number {
  return Number(n.toPrecision(12));
}

/** One of a fixed set of strings. */
export function enumParam<T extends string>(params: WorkloadParams, name: string, allowed: readonly T[], fallback: T): T {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
    throw new WorkloadParamError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}

/** A free string (e.g. a database URL), or the fallback. */
export function stringParam(params: WorkloadParams, name: string, fallback: string): string {
  const raw = params[name];
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'string') throw new WorkloadParamError(name, `must be a string, got ${JSON.stringify(raw)}`);
  return raw;
}
