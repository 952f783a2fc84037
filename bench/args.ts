/**
 * The benches' command line: `--name value` pairs, each with a default. A number that is not
 * one names its flag, so a typo never runs a ten-minute benchmark with a fallback.
 */
function raw(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

export function arg(name: string, fallback: string): string {
  return raw(name) ?? fallback;
}

/** `--name N` with N > 0 (fractions allowed). */
export function positiveNumber(name: string, fallback: number): number {
  const text = raw(name);
  const v = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: expected a positive number (got '${text}')`);
  return v;
}

/** `flag`'s value `text` as an integer from min to max (for benches that walk their own argv). */
export function integerIn(flag: string, text: string | undefined, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag}: must be an integer from ${min} to ${max} (got ${text})`);
  return n;
}

/** `--name N` with N a positive integer. */
export function positiveInt(name: string, fallback: number): number {
  const v = positiveNumber(name, fallback);
  if (!Number.isInteger(v)) throw new Error(`--${name}: expected a positive integer (got '${raw(name)}')`);
  return v;
}
