/**
 * Value size specs: `100` (fixed), `64-1024` (uniform range), `100:7,1000:2,10000:1`
 * (weighted list, memtier's format). Parsing names the field and the allowed forms on error.
 */
import type { Rng } from '../../shared/rng.js';
import { WorkloadParamError } from '../types.js';
import { FixedSize } from './fixed.js';
import { RangeSize } from './range.js';
import type { ValueSize } from './value-size.js';
import { WeightedSize, type WeightedLength } from './weighted.js';

/** memcached's default item size limit; larger values are refused up front. */
export const MAX_VALUE_BYTES = 1024 * 1024;

export const VALUE_SIZE_FORMS =
  `a length like 100, a range like 64-1024, or a weighted list like 100:7,1000:2,10000:1 ` +
  `(lengths are whole bytes from 0 to ${MAX_VALUE_BYTES})`;

export type ValueSizeSpec =
  | { readonly kind: 'fixed'; readonly length: number }
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'weighted'; readonly entries: readonly WeightedLength[] };

export function parseValueSize(spec: unknown, field: string): ValueSizeSpec {
  const text = typeof spec === 'number' ? String(spec) : typeof spec === 'string' ? spec.trim() : '';
  const bad = (why: string): WorkloadParamError =>
    new WorkloadParamError(field, `${why}; expected ${VALUE_SIZE_FORMS}`);
  if (text === '') throw bad(`got ${typeof spec === 'string' ? "''" : String(spec)}`);
  const length = (raw: string): number => {
    if (!/^\d+$/.test(raw.trim())) throw bad(`'${raw}' is not a whole number of bytes in '${text}'`);
    const n = Number(raw);
    if (n > MAX_VALUE_BYTES) throw bad(`${n} bytes is above the ${MAX_VALUE_BYTES}-byte limit in '${text}'`);
    return n;
  };
  if (text.includes(',') || text.includes(':')) {
    const entries = text.split(',').map((part): WeightedLength => {
      const pieces = part.split(':');
      if (pieces.length !== 2) throw bad(`'${part}' is not LENGTH:WEIGHT in '${text}'`);
      const weightText = pieces[1]!.trim();
      const weight = /^(\d+\.?\d*|\.\d+)$/.test(weightText) ? Number(weightText) : Number.NaN;
      if (!(weight > 0)) throw bad(`weight '${pieces[1]}' must be a positive number in '${text}'`);
      return { length: length(pieces[0]!), weight };
    });
    return { kind: 'weighted', entries };
  }
  const dash = text.indexOf('-');
  if (dash > 0) {
    const min = length(text.slice(0, dash));
    const max = length(text.slice(dash + 1));
    if (min > max) throw bad(`range '${text}' has its minimum above its maximum`);
    return min === max ? { kind: 'fixed', length: min } : { kind: 'range', min, max };
  }
  return { kind: 'fixed', length: length(text) };
}

/** Build a value-size generator; `spec` may be a string, a number or a parsed spec. */
export function createValueSize(spec: unknown, rng: Rng, field = 'dataSize'): ValueSize {
  const parsed = isParsed(spec) ? spec : parseValueSize(spec, field);
  switch (parsed.kind) {
    case 'fixed':
      return new FixedSize(parsed.length);
    case 'range':
      return new RangeSize(parsed.min, parsed.max, rng);
    case 'weighted':
      return new WeightedSize(parsed.entries, rng);
  }
}

/** Canonical string of a spec (recorded in results). */
export function formatValueSize(spec: ValueSizeSpec): string {
  switch (spec.kind) {
    case 'fixed':
      return String(spec.length);
    case 'range':
      return `${spec.min}-${spec.max}`;
    case 'weighted':
      return spec.entries.map((e) => `${e.length}:${e.weight}`).join(',');
  }
}

function isParsed(spec: unknown): spec is ValueSizeSpec {
  return typeof spec === 'object' && spec !== null && 'kind' in spec;
}
