/**
 * Parsers for command-line values (durations, counts, key=value pairs), each failing with a
 * `UsageError` that names the flag and the accepted forms.
 */

/** Bad command-line input: exit code 2, message names the flag and what is allowed. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `10s`, `500ms`, `2m`, `1h`; a bare number is seconds (memtier's --test-time). */
export function parseDurationMs(flag: string, raw: unknown): number {
  const text = String(raw).trim();
  const m = DURATION.exec(text);
  if (!m) throw new UsageError(`invalid --${flag}: got '${text}'; expected a duration like 500ms, 10s, 2m (a bare number is seconds)`);
  return Number(m[1]) * UNIT_MS[m[2] ?? 's']!;
}

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9 };

/** A finite number in plain notation: `50000`, `2.5`, `1e6`, `1e12`, or with a k/M/G suffix (`50k` = 50000). */
export function parseCount(flag: string, raw: unknown, opts: { integer?: boolean; min?: number; positive?: boolean } = {}): number {
  const text = String(raw).trim();
  const m = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([kKmMgG])?$/.exec(text);
  const value = m ? Number(m[1]) * (m[2] ? SUFFIX[m[2].toLowerCase()]! : 1) : NaN;
  const min = opts.min ?? 1;
  const tooSmall = opts.positive ? !(value > 0) : value < min;
  if (!Number.isFinite(value) || tooSmall || (opts.integer && !Number.isInteger(value))) {
    const what = opts.integer ? 'an integer' : 'a number';
    const bound = opts.positive ? '> 0' : `≥ ${min}`;
    throw new UsageError(`invalid --${flag}: got '${text}'; expected ${what} ${bound} (e.g. 50000, 50k, 1e6; k, M and G suffixes allowed)`);
  }
  return value;
}

/** `key=value` pairs from repeated flags; values that look like numbers or booleans are typed. */
export function parsePairs(flag: string, raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const item of list) {
    const text = String(item);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid --${flag}: got '${text}'; expected key=value`);
    out[text.slice(0, eq)] = typed(text.slice(eq + 1));
  }
  return out;
}

function typed(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

/** camelCase field → --kebab-case flag, for messages. */
export function flagName(field: string): string {
  return '--' + field.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/**
 * A relative effect size: `5%` or `0.05` → 0.05, from 0 up to (not including) 100%. A bare
 * number of 1 or more (`5`) is refused rather than guessed: "5" meaning 500% turned a 5% gate
 * into no gate at all.
 */
export function parseEffect(flag: string, raw: unknown): number {
  const text = String(raw).trim();
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(text);
  if (m && !m[2] && Number(m[1]) >= 1) {
    throw new UsageError(`invalid --${flag}: got '${text}'; write ${text}% for a percentage (or ${Number(m[1]) / 100} as a fraction)`);
  }
  const value = m ? (m[2] ? Number(m[1]) / 100 : Number(m[1])) : NaN;
  if (!(value >= 0 && value < 1)) throw new UsageError(`invalid --${flag}: got '${text}'; expected a percentage like 5% or a fraction like 0.05, below 100%`);
  return value;
}
