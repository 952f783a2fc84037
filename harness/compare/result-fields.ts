/**
 * Checks the fields a comparison reads from an untrusted result file, so a damaged file is
 * named with its field ("base/x.json: summary.opsPerSec: expected a number ≥ 0, got "fast"")
 * instead of turning into NaN in a verdict.
 */
import { ResultFileError } from '../results/files.js';
import type { RunResult } from '../../shared/result-types.js';
import { GATE_FIGURES } from './gate-figures.js';

function at(value: unknown, field: string): unknown {
  let v: unknown = value;
  for (const part of field.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function shown(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

const STRING_FIELDS = ['label', 'engine.name', 'workload.name'] as const;
const STATUSES = ['ok', 'degraded', 'failed'] as const;

/** Throws `ResultFileError(source, "<field>: expected …, got …")` for the first bad field. */
export function checkComparableFields(source: string, r: RunResult): void {
  for (const f of STRING_FIELDS) {
    const v = at(r, f);
    if (typeof v !== 'string') throw new ResultFileError(source, `${f}: expected a string, got ${shown(v)}`);
  }
  if (!(STATUSES as readonly unknown[]).includes(r.status)) throw new ResultFileError(source, `status: expected ok, degraded or failed, got ${shown(r.status)}`);
  if (!Array.isArray(r.statusReasons)) throw new ResultFileError(source, `statusReasons: expected an array of strings, got ${shown(r.statusReasons)}`);
  for (const g of GATE_FIGURES) {
    const v = g.read(r);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ResultFileError(source, `${g.field}: expected a number ≥ 0, got ${shown(v)}`);
  }
  const saturated = at(r, 'openLoop.saturated');
  if (r.openLoop !== undefined && typeof saturated !== 'boolean') throw new ResultFileError(source, `openLoop.saturated: expected true or false, got ${shown(saturated)}`);
  const seed = at(r, 'config.seed');
  if (typeof seed !== 'number') throw new ResultFileError(source, `config.seed: expected a number, got ${shown(seed)}`);
}
