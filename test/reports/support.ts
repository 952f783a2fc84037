/**
 * Helpers for report tests: pull the chart specs back out of a generated page, and compile and
 * render a vega-lite spec headlessly with the real vega-lite and vega, as a browser would.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

export interface EmbeddedChart {
  readonly id: string;
  readonly spec: TopLevelSpec;
}

/** The chart specs embedded in a report page (the JSON data element the client script reads). */
export function extractCharts(page: string): EmbeddedChart[] {
  const match = /<script type="application\/json" id="cachebench-charts">([\s\S]*?)<\/script>/.exec(page);
  if (match === null) throw new Error('no chart data element in the page');
  return JSON.parse(match[1]!) as EmbeddedChart[];
}

/** Compile with vega-lite (throws on an invalid spec) and render to SVG with vega, headless. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const warnings: string[] = [];
  const logger = {
    level(): number { return 0; },
    warn(...args: unknown[]) { warnings.push(args.map(String).join(' ')); return logger; },
    info() { return logger; },
    debug() { return logger; },
    error(...args: unknown[]) { throw new Error(args.map(String).join(' ')); },
  };
  const compiled = compile(spec, { logger: logger as never });
  if (warnings.length > 0) throw new Error(`vega-lite warnings: ${warnings.join('; ')}`);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
