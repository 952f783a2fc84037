/**
 * Numbers and nanoseconds as text, three significant digits (HDR histograms keep three, so
 * printing more would claim precision we lack), non-finite values as `n/a`. Here, below every
 * layer, because the harness words verdicts with latencies in them (the rate search's "p99
 * 1.2 ms ≥ 1 ms") exactly as the reports print them; `reports/format.ts` re-exports it.
 */

/** What printers show for a figure that does not exist (NaN, ±Infinity, missing). */
export const NOT_AVAILABLE = 'n/a';

/** `value` rounded to 3 significant digits, without trailing zeros after the point. */
export function threeSignificant(value: number): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  // Integers of 3+ digits are already at (or beyond) 3 significant digits: print them whole.
  if (abs >= 100) return String(Math.round(value));
  const decimals = abs >= 10 ? 1 : abs >= 1 ? 2 : Math.min(20, 2 - Math.floor(Math.log10(abs)));
  return trimZeros(value.toFixed(decimals));
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** A latency (or any duration) unit for a chart axis or a column. */
export interface TimeUnit {
  readonly name: 'ns' | 'µs' | 'ms' | 's';
  readonly nsPerUnit: number;
}

export const TIME_UNITS: readonly TimeUnit[] = [
  { name: 'ns', nsPerUnit: 1 },
  { name: 'µs', nsPerUnit: 1e3 },
  { name: 'ms', nsPerUnit: 1e6 },
  { name: 's', nsPerUnit: 1e9 },
];

/**
 * The largest unit in which `ns` is at least 1 (`1500` → µs), so the printed number has at most
 * three digits before the point up to seconds.
 */
export function timeUnitForNs(ns: number): TimeUnit {
  const abs = Math.abs(ns);
  let unit = TIME_UNITS[0]!;
  for (const candidate of TIME_UNITS) {
    if (abs >= candidate.nsPerUnit) unit = candidate;
  }
  return unit;
}

/**
 * Nanoseconds as text in the unit that suits the value: `850 ns`, `1.23 µs`, `45.6 ms`, `2.5 s`.
 * Rounding may carry into the next unit (999.96 µs prints `1 ms`, never `1000 µs`).
 */
export function nsToHuman(ns: number): string {
  if (!Number.isFinite(ns)) return NOT_AVAILABLE;
  let unit = timeUnitForNs(ns);
  let text = threeSignificant(ns / unit.nsPerUnit);
  if (Math.abs(Number(text)) >= 1000 && unit.name !== 's') {
    unit = TIME_UNITS[TIME_UNITS.indexOf(unit) + 1]!;
    text = threeSignificant(ns / unit.nsPerUnit);
  }
  return `${text} ${unit.name}`;
}

