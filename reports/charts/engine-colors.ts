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
