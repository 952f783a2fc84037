/**
 * Helpers over the engines' option tables (`EngineFactory.options`): the allowed names for an
 * unknown-option check, and the text forms `list` shows (`a | b`, `min..max`). Each factory owns
 * its table next to the code that parses the values, so the table, the validation messages and
 * `cachebench list` cannot drift apart.
 */
import type { EngineOption } from './types.js';

/** `a | b | c`: the allowed values of a choice. */
export function oneOf(values: readonly string[]): string {
  return values.join(' | ');
}

/** `min..max`, or `min..` without an upper bound. */
export function range(min: number, max?: number): string {
  return max === undefined ? `${min}..` : `${min}..${max}`;
}

export const BOOLEAN_VALUES = oneOf(['true', 'false']);

export function optionNames(table: readonly EngineOption[]): string[] {
  return table.map((o) => o.name);
}

/** The first option in `options` that the table does not have, or undefined. */
export function unknownOption(options: Record<string, unknown>, table: readonly EngineOption[]): string | undefined {
  for (const key of Object.keys(options)) if (!table.some((o) => o.name === key)) return key;
  return undefined;
}

/** Throws `<engine>: unknown option 'k' (allowed: …)` for a name the table lacks. */
export function rejectUnknownOptions(engine: string, options: Record<string, unknown>, table: readonly EngineOption[]): void {
  const key = unknownOption(options, table);
  if (key !== undefined) throw new Error(`${engine}: unknown option '${key}' (allowed: ${optionNames(table).join(', ')})`);
}
