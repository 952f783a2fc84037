/**
 * Open loop: coordinated-omission corrected vs uncorrected latency. Corrected latency counts from
 * each operation's intended start, uncorrected from when it was actually sent; the gap between
 * the two lines is the queueing a closed-loop tool would have hidden.
 */
import type { RunResult } from '../../shared/result-types.js';
import { seriesNames } from '../data/series-names.js';
import { chartSeriesColors, type ColorScale } from './engine-colors.js';
import { splitPastPalette } from './small-multiples.js';
import { spectrumChart, spectrumRows, type ChartSpec, type SpectrumRow } from './common.js';

/** Legend values; the subtitle says what each measures from. */
export const CORRECTED = 'corrected';
export const UNCORRECTED = 'uncorrected';

export function openLoopChart(results: readonly RunResult[], names: readonly string[] = seriesNames(results), reportColors?: ColorScale): ChartSpec | null {
  const open = results.map((r, i) => ({ r, name: names[i]! })).filter((x) => x.r.config.loop === 'open');
  return splitPastPalette(
    open.map((x) => x.r),
    open.map((x) => x.name),
    { text: 'Open loop: corrected vs uncorrected latency' },
    (rs, ns) => openLoopPanel(rs, ns, reportColors),
  );
}

function openLoopPanel(results: readonly RunResult[], names: readonly string[], reportColors?: ColorScale): ChartSpec | null {
  const rows: SpectrumRow[] = [];
  results.forEach((result, i) => {
    rows.push(...spectrumRows(names[i]!, CORRECTED, result.summary.latency));
    if (result.summary.uncorrectedLatency !== undefined) {
      rows.push(...spectrumRows(names[i]!, UNCORRECTED, result.summary.uncorrectedLatency));
    }
  });
  return spectrumChart(rows, {
    title: 'Open loop: corrected vs uncorrected latency',
    subtitle: 'corrected: from each operation\u2019s intended start; uncorrected: from its actual send; all kinds merged',
    colorTitle: 'result',
    colors: chartSeriesColors(names, results.map((r) => r.engine.name), reportColors),
    dashTitle: 'measured',
  });
}
