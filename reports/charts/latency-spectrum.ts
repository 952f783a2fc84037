/**
 * The latency percentile spectrum per operation kind: one line per result × op kind, drawn from
 * each kind's full HDR histogram. With one result the colours tell the kinds apart; with several,
 * colour is the result and dash is the kind.
 */
import type { RunResult } from '../../shared/result-types.js';
import { seriesNames } from '../data/series-names.js';
import { chartSeriesColors, type ColorScale } from './engine-colors.js';
import { splitPastPalette } from './small-multiples.js';
import { spectrumChart, spectrumRows, type ChartSpec, type SpectrumRow } from './common.js';

export interface LatencySpectrumOptions {
  readonly title?: string;
  /** Names to use for the results (defaults to `seriesNames(results)`). */
  readonly names?: readonly string[];
  /**
   * One line per result from its merged (all kinds) histogram instead of one per kind: for
   * overviews of many runs, where result × kind lines would be too many to read. @default false
   */
  readonly merged?: boolean;
  /** The report's colour per result (`chartSeriesColors`). */
  readonly reportColors?: ColorScale;
}

export function latencySpectrumChart(results: readonly RunResult[], options: LatencySpectrumOptions = {}): ChartSpec | null {
  const names = options.names ?? seriesNames(results);
  const text = options.title ?? (options.merged === true ? 'Latency percentile spectrum per run' : 'Latency percentile spectrum per operation kind');
  return splitPastPalette(results, names, { text }, (rs, ns) => spectrumPanel(rs, { ...options, names: ns }));
}

function spectrumPanel(results: readonly RunResult[], options: LatencySpectrumOptions & { readonly names: readonly string[] }): ChartSpec | null {
  const names = options.names;
  if (options.merged === true) {
    const rows = results.flatMap((result, i) => spectrumRows(names[i]!, 'all', result.summary.latency));
    return spectrumChart(rows, {
      title: options.title ?? 'Latency percentile spectrum per run',
      subtitle: 'all operation kinds merged (per-kind lines are in each workload\u2019s section); from the full HDR histograms',
      colorTitle: 'result',
      colors: chartSeriesColors(names, results.map((r) => r.engine.name), options.reportColors),
    });
  }
  const single = results.length === 1;
  const rows: SpectrumRow[] = [];
  let kindCount = 0;
  results.forEach((result, i) => {
    const kinds = Object.entries(result.ops);
    if (kinds.length === 0) {
      // No per-kind figures (an aborted run): the merged summary is still worth drawing.
      kinds.push(['all', { count: result.summary.ops, errors: result.summary.errors, opsPerSec: result.summary.opsPerSec, latency: result.summary.latency }]);
    }
    kindCount = Math.max(kindCount, kinds.length);
    for (const [kind, stats] of kinds) {
      rows.push(...spectrumRows(single ? kind : names[i]!, kind, stats.latency));
    }
  });
  return spectrumChart(rows, {
    title: options.title ?? 'Latency percentile spectrum per operation kind',
    subtitle: 'x: percentile (log scale of 1/(1−p)); y: latency; from the full HDR histograms',
    colorTitle: single ? 'op kind' : 'result',
    ...(single ? {} : { colors: chartSeriesColors(names, results.map((r) => r.engine.name), options.reportColors) }),
    ...(single || kindCount < 2 ? {} : { dashTitle: 'op kind' }),
  });
}
