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

export class ChartSet {
  private readonly placed: PlacedChart[] = [];

  /** A figure for `spec` with an optional caption, or nothing when `spec` is null. */
  figure(spec: ChartSpec | null, caption?: string): Markup | null {
    if (spec === null) return null;
    const id = `chart-${this.placed.length + 1}`;
    this.placed.push({ id, spec });
    return html`<figure class="chart"><div class="vega-chart" id="${id}" role="img"></div>${
      caption === undefined ? null : html`<figcaption>${caption}</figcaption>`
    }</figure>`;
  }

  get charts(): readonly PlacedChart[] {
    return this.placed;
  }
}
