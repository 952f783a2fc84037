/**
 * Past the palette, small multiples: a chart that would colour more than `PALETTE.length`
 * series is drawn as one panel per workload instead (a workload with still more series is cut
 * into even chunks, "kv (1 of 2)"), each panel with its own colour scale and legend, so no two
 * series of a panel share a colour and every colour is one of the palette's. Up to the palette,
 * the chart is drawn whole. The panels are the same chart function applied to each group, so a
 * panel reads exactly like the whole chart would.
 */
import type { RunResult } from '../../shared/result-types.js';
import { CHART_CONFIG, type ChartSpec } from './common.js';
import { groupByWorkload } from '../data/workload-groups.js';
import { PALETTE } from './engine-colors.js';

export const PANEL_WIDTH = 340;
export const PANEL_HEIGHT = 200;
export const PANEL_COLUMNS = 3;

export interface SeriesGroup {
  /** Panel title: the workload, with the chunk when a workload needed several. */
  readonly title: string;
  readonly results: readonly RunResult[];
  readonly names: readonly string[];
}

/**
 * The results as panels of at most `limit` series: one group of all when they fit, else one
 * per workload (first-seen order), a workload over the limit cut into even chunks.
 */
export function paletteGroups(results: readonly RunResult[], names: readonly string[], limit: number = PALETTE.length): SeriesGroup[] {
  if (results.length <= limit) return [{ title: '', results, names }];
  const groups: SeriesGroup[] = [];
  for (const { workload, ...g } of groupByWorkload(results, names)) {
    const chunks = Math.ceil(g.results.length / limit);
    const size = Math.ceil(g.results.length / chunks);
    for (let c = 0; c < chunks; c++) {
      groups.push({
        title: chunks === 1 ? workload : `${workload} (${c + 1} of ${chunks})`,
        results: g.results.slice(c * size, (c + 1) * size),
        names: g.names.slice(c * size, (c + 1) * size),
      });
    }
  }
  return groups;
}

/**
 * `build(results, names)` as one chart when the series fit the palette, else as small multiples
 * of `build` over `paletteGroups`, under `title`. Null when no panel has anything to draw.
 */
export function splitPastPalette(
  results: readonly RunResult[],
  names: readonly string[],
  title: { readonly text: string; readonly subtitle?: string },
  build: (results: readonly RunResult[], names: readonly string[]) => ChartSpec | null,
): ChartSpec | null {
  const groups = paletteGroups(results, names);
  if (groups.length === 1) return build(results, names);
  const panels: Record<string, unknown>[] = [];
  let composite = false;
  for (const g of groups) {
    const spec = build(g.results, g.names) as (Record<string, unknown> & { config?: unknown; title?: unknown }) | null;
    if (spec === null) continue;
    const { config: _config, title: _title, ...panel } = spec;
    // A single view shrinks to a panel; a composite one (stacked panels) keeps its own sizes.
    const unit = 'mark' in panel || 'layer' in panel;
    composite ||= !unit;
    panels.push({ ...panel, title: g.title, ...(unit ? { width: PANEL_WIDTH, height: PANEL_HEIGHT } : {}) });
  }
  if (panels.length === 0) return null;
  const why = `one panel per workload: more than ${PALETTE.length} series would repeat colours`;
  return {
    title: { text: title.text, subtitle: title.subtitle === undefined ? why : `${title.subtitle}; ${why}` },
    config: CHART_CONFIG,
    columns: composite ? 1 : PANEL_COLUMNS,
    concat: panels as never,
    // Each panel its own colours, dashes, legend and y axis: panels are read one at a time.
    resolve: {
      scale: { color: 'independent', strokeDash: 'independent', x: 'independent', y: 'independent' },
      legend: { color: 'independent', strokeDash: 'independent' },
    },
  } as ChartSpec;
}
