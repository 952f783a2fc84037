/**
 * The latency distributions a workload reports about its own job (`domain.latencies`, e.g.
 * cache-aside's `dbRead` and `cacheHit`, pub/sub's `delivery`) as percentile spectra in one
 * chart, so distributions meant to be compared (a DB read against a cache hit) share the axes.
 * One line per result × distribution; with one result, colour is the distribution.
 */
import type { RunResult } from '../../shared/result-types.js';
import { seriesNames } from '../data/series-names.js';
import { chartSeriesColors, type ColorScale } from './engine-colors.js';
import { splitPastPalette } from './small-multiples.js';
import { spectrumChart, spectrumRows, type ChartSpec, type SpectrumRow } from './common.js';

export function domainLatencyChart(results: readonly RunResult[], names: readonly string[] = seriesNames(results), title = 'Workload latencies', reportColors?: ColorScale): ChartSpec | null {
  const withLatencies = results.map((r, i) => ({ r, name: names[i]! })).filter((x) => Object.keys(x.r.domain?.latencies ?? {}).length > 0);
  return splitPastPalette(
    withLatencies.map((x) => x.r),
    withLatencies.map((x) => x.name),
    { text: title },
    (rs, ns) => domainLatencyPanel(rs, ns, title, reportColors),
  );
}

function domainLatencyPanel(results: readonly RunResult[], names: readonly string[], title: string, reportColors?: ColorScale): ChartSpec | null {
  const withLatencies = results.map((r, i) => ({ r, name: names[i]! }));
  const single = withLatencies.length === 1;
  const rows: SpectrumRow[] = [];
  for (const { r, name } of withLatencies) {
    for (const [distribution, summary] of Object.entries(r.domain!.latencies!)) {
      rows.push(...spectrumRows(single ? distribution : name, distribution, summary));
    }
  }
  const distributions = domainLatencyNames(results).length;
  return spectrumChart(rows, {
    title,
    subtitle: 'percentile spectra of the latencies the workload measures itself',
    colorTitle: single ? 'distribution' : 'result',
    ...(single ? {} : { colors: chartSeriesColors(names, results.map((r) => r.engine.name), reportColors) }),
    ...(single || distributions < 2 ? {} : { dashTitle: 'distribution' }),
  });
}

/** Names of every latency distribution the results' workloads report, in first-seen order. */
export function domainLatencyNames(results: readonly RunResult[]): string[] {
  const names = new Set<string>();
  for (const result of results) for (const name of Object.keys(result.domain?.latencies ?? {})) names.add(name);
  return [...names];
}
