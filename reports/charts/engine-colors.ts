/**
 * One colour per engine across every chart of a report: engines are sorted by name and given
 * the palette in order, so `redis-style` is the same colour in the throughput bars, the
 * spectrum and the latency–throughput curves. Past the palette, colours would repeat; charts
 * that colour by engine split or number their series instead (`PALETTE.length` is the limit).
 */

/** Tableau 10, readable on white and distinct for the usual colour-vision deficiencies. */
export const PALETTE: readonly string[] = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d', '#ff9da6', '#bab0ac'];

export interface ColorScale {
  readonly domain: string[];
  readonly range: string[];
}

/** The engine → colour assignment for a report (sorted names, palette order). */
export function engineColors(engines: Iterable<string>): ColorScale {
  const domain = [...new Set(engines)].sort();
  return { domain, range: domain.map((_, i) => PALETTE[i % PALETTE.length]!) };
}

/** Tableau 20's other ten: with PALETTE, twenty colours before any is computed. */
const MORE: readonly string[] = ['#9ecae9', '#ffbf79', '#88d27a', '#ff9d98', '#b7e1dc', '#d6a5c9', '#f2cf5b', '#d8b5a5', '#fcbfd2', '#d4cfcc'];

/** The i-th distinct colour: the 20 named ones, then hues a golden angle apart (never a repeat). */
export function distinctColor(i: number): string {
  if (i < PALETTE.length) return PALETTE[i]!;
  if (i < PALETTE.length + MORE.length) return MORE[i - PALETTE.length]!;
  const k = i - PALETTE.length - MORE.length;
  return `hsl(${((k * 137.508) % 360).toFixed(1)}, ${55 + (k % 3) * 15}%, ${38 + (k % 4) * 8}%)`;
}

const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Text order with numbers compared as numbers: `rate 20000` before `rate 100000`. */
export function naturalCompare(a: string, b: string): number {
  return COLLATOR.compare(a, b);
}

/**
 * Colours of a chart's series taken from the report's own assignment (`report`, made once for
 * every result of the page by `seriesColors`) when it names them all, so a result keeps its
 * colour from chart to chart; `seriesColors` of just these series otherwise.
 */
export function chartSeriesColors(names: readonly string[], engines: readonly string[], report?: ColorScale): ColorScale {
  if (report !== undefined && names.every((n) => report.domain.includes(n))) {
    const domain = [...new Set(names)].sort(naturalCompare);
    return { domain, range: domain.map((n) => report.range[report.domain.indexOf(n)]!) };
  }
  return seriesColors(names, engines);
}

/**
 * Colours of a chart's series (legend order: natural, so numbers sort by value). When every
 * engine has one series in the chart, each series takes its engine's report-wide colour; when an
 * engine has several, every series gets a distinct colour instead — never two series with one.
 */
export function seriesColors(names: readonly string[], engines: readonly string[], report: ColorScale = engineColors(engines)): ColorScale {
  const engineOf = new Map<string, string>();
  names.forEach((n, i) => engineOf.set(n, engines[i] ?? n));
  const domain = [...engineOf.keys()].sort(naturalCompare);
  const perEngine = new Map<string, number>();
  for (const e of engineOf.values()) perEngine.set(e, (perEngine.get(e) ?? 0) + 1);
  const oneEach = [...perEngine.values()].every((n) => n === 1);
  const range = domain.map((n, i) => {
    if (!oneEach) return distinctColor(i);
    const j = report.domain.indexOf(engineOf.get(n)!);
    return j >= 0 ? report.range[j]! : distinctColor(i);
  });
  return { domain, range };
}
