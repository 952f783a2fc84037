/**
 * Unit formatting for every printer (terminal table, Markdown, HTML, chart axes). Each helper
 * names the unit it takes in its name (`nsToHuman` takes nanoseconds) and picks the output unit
 * per value, so one column can hold `850 ns` beside `12.3 ms`. Three significant digits
 * everywhere: HDR histograms keep three, so printing more would claim precision we lack.
 * Non-finite inputs print as `n/a` rather than `NaN`, because a printer must never crash on a
 * result from an aborted run.
 */
import type { DomainFigures, FigureUnit, RunConfig } from '../shared/result-types.js';

// The ns formatting lives in shared/ so that harness code (the rate search's verdicts) can use
// the same one; every printer keeps importing it from here.
export { NOT_AVAILABLE, threeSignificant, TIME_UNITS, timeUnitForNs, nsToHuman, type TimeUnit } from '../shared/units-text.js';
import { NOT_AVAILABLE, nsToHuman, threeSignificant } from '../shared/units-text.js';

/** Milliseconds as text (`250 ms`, `10 s`, `2.5 min`), for phase durations and timeouts. */
export function msToHuman(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_AVAILABLE;
  if (Math.abs(ms) >= 120_000) return `${threeSignificant(ms / 60_000)} min`;
  return nsToHuman(ms * 1e6);
}

const COUNT_SUFFIXES: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A count with an SI suffix and 3 significant digits: `950`, `12.3k`, `4.56M`. */
export function countToHuman(count: number): string {
  if (!Number.isFinite(count)) return NOT_AVAILABLE;
  const abs = Math.abs(count);
  for (const [scale, suffix] of COUNT_SUFFIXES) {
    // 999,950 rounds to 1000k at 3 digits: promote to the bigger suffix instead.
    if (abs >= scale * 0.9995) return `${threeSignificant(count / scale)}${suffix}`;
  }
  return threeSignificant(count);
}

/** Throughput with its unit: `123k ops/s`. */
export function opsPerSecToHuman(opsPerSec: number): string {
  if (!Number.isFinite(opsPerSec)) return NOT_AVAILABLE;
  return `${countToHuman(opsPerSec)} ops/s`;
}

/** A byte count in binary units: `512 B`, `1.5 KiB`, `7.63 GiB`. */
export function bytesToHuman(bytes: number): string {
  if (!Number.isFinite(bytes)) return NOT_AVAILABLE;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${i === 0 ? String(value) : threeSignificant(value)} ${units[i]}`;
}

/** A fraction in [0, 1] as a percentage: `0.931` → `93.1%`. */
export function fractionToPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return NOT_AVAILABLE;
  return `${threeSignificant(fraction * 100)}%`;
}

/** An integer with thousands separators (`1,234,567`), for exact counts such as errors. */
export function integerToText(n: number): string {
  if (!Number.isFinite(n)) return NOT_AVAILABLE;
  return Math.round(n).toLocaleString('en-US');
}

/**
 * Units named at the end of a figure's name (`dbReadMeanNs`, `celebrityPostMeanUs`, `boardBytes`),
 * the convention cachebench uses for every field with a unit, so figures print in their unit.
 */
const NAMED_UNITS: readonly (readonly [RegExp, (v: number) => string])[] = [
  // Ratios of two like figures (`dbOverCacheLatency`, `claimedMemoryOverDatabase`,
  // `blobBytesPerFieldByte`): "151×". Counts such as `windowsOverLimit` do not match.
  [/(Over[A-Z][a-z]+(Latency|Throughput|Database)|Over(Database|Cache)|Per[A-Z][a-z]+Byte|Speedup)$/, (v) => `${threeSignificant(v)}×`],
  // Fractions named `…Ratio` (`hitRatio`): a percentage.
  [/Ratio$/, (v) => (v >= 0 && v <= 1 ? fractionToPercent(v) : threeSignificant(v))],
  [/(Ns|_ns)$/, nsToHuman],
  [/(Us|_us)$/, (v) => nsToHuman(v * 1e3)],
  [/(Ms|_ms)$/, msToHuman],
  [/(Bytes|_bytes)$/, bytesToHuman],
];

/** A named figure as text, in the unit its name ends with when it names one. */
export function namedFigureToText(name: string, value: number | string | boolean): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    for (const [suffix, format] of NAMED_UNITS) if (suffix.test(name)) return format(value);
  }
  return figureToText(value);
}

/** A rate with its unit: `12.3k/s`. */
export function perSecondToHuman(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return NOT_AVAILABLE;
  return `${countToHuman(perSecond)}/s`;
}

/** How each unit of a workload's figure table prints (`FigureUnit` in shared/result-types.ts). */
const UNIT_FORMATS: Readonly<Record<FigureUnit, (v: number) => string>> = {
  count: integerToText,
  fraction: fractionToPercent,
  times: (v) => `${threeSignificant(v)}×`,
  number: threeSignificant,
  ns: nsToHuman,
  us: (v) => nsToHuman(v * 1e3),
  ms: msToHuman,
  bytes: bytesToHuman,
  'per-second': perSecondToHuman,
  text: threeSignificant,
};

/** A figure in its declared unit (strings and flags print as they are). */
export function figureInUnit(unit: FigureUnit, value: number | string | boolean): string {
  return typeof value === 'number' ? UNIT_FORMATS[unit](value) : String(value);
}

/**
 * One of a result's workload figures as text: in the unit its figure table declared
 * (`domain.units`), or, for results written before figure tables, the unit its name ends with.
 */
export function domainFigureText(domain: DomainFigures, name: string): string {
  const value = domain.figures[name];
  if (value === undefined) return NOT_AVAILABLE;
  const unit = domain.units?.[name];
  return unit === undefined ? namedFigureToText(name, value) : figureInUnit(unit, value);
}

/** Any figure a workload reports (number, string, boolean) as text for a table cell. */
export function figureToText(value: number | string | boolean): string {
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 1e15 ? integerToText(value) : threeSignificant(value);
  }
  return String(value);
}

/**
 * A closed loop's operations in flight per thread, in the flags that set them: real servers
 * with `--clients`/`--pipeline` read `50 clients × pipeline 16 (800 in flight)`, so a reader
 * does not mistake 800 for connections; everything else reads `concurrency 8`.
 */
export function inFlightText(config: Pick<RunConfig, 'concurrency' | 'clients' | 'pipeline'>): string {
  if (config.clients === undefined) return `concurrency ${config.concurrency}`;
  const pipeline = config.pipeline ?? 1;
  return `${config.clients} client${config.clients === 1 ? '' : 's'} × pipeline ${pipeline} (${config.concurrency} in flight)`;
}
