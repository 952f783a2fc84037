/**
 * The charts of one page: each placed chart gets an id and a `<figure>` placeholder where it is
 * drawn; the specs are written once, together, as JSON in a data element that the client script
 * reads. A chart function returning null (nothing to draw) places nothing.
 */
import type { ChartSpec } from '../charts/common.js';
import { html, type Markup } from './markup.js';

export interface PlacedChart {
  readonly id: string;
  readonly spec: ChartSpec;
}

/** The title text of a spec, for the placeholder's accessible name. */
function chartTitle(spec: ChartSpec): string {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === 'string') return title;
  if (typeof title === 'object' && title !== null && typeof (title as { text?: unknown }).text === 'string') return (title as { text: string }).text;
  return 'chart';
}

export class ChartSet {
  private readonly placed: PlacedChart[] = [];

  /** A figure for `spec` with an optional caption, or nothing when `spec` is null. */
  figure(spec: ChartSpec | null, caption?: string): Markup | null {
    if (spec === null) return null;
    const id = `chart-${this.placed.length + 1}`;
    this.placed.push({ id, spec });
    return html`<figure class="chart"><div class="vega-chart" id="${id}" role="img" aria-label="${chartTitle(spec)}"></div>${
      caption === undefined ? null : html`<figcaption>${caption}</figcaption>`
    }</figure>`;
  }

  get charts(): readonly PlacedChart[] {
    return this.placed;
  }
}
