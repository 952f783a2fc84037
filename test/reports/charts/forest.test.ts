import { describe, expect, it } from 'vitest';
import { forestChart, forestRows } from '../../../reports/charts/forest.js';
import { renderHtmlReport } from '../../../reports/index.js';
import { compareRuns } from '../../../harness/compare/compare.js';
import { around, everyVerdict, repeats } from '../../harness/compare/fixture-repeats.js';
import { extractCharts, renderSvg } from '../support.js';

describe('forest plot of a comparison', () => {
  const c = everyVerdict();

  it('a row per cell with an interval: estimate, low, high and verdict as data; missing cells have no row', () => {
    const rows = forestRows(c, 'throughput');
    expect(rows.map((r) => r.verdict).sort()).toEqual(['improved', 'inconclusive', 'no change', 'regressed']);
    const regressed = rows.find((r) => r.verdict === 'regressed')!;
    expect(regressed.low).toBeLessThan(regressed.change);
    expect(regressed.change).toBeLessThan(regressed.high);
    expect(regressed.change).toBeCloseTo(-0.25, 2);
    expect(rows.some((r) => r.cell.includes('gone'))).toBe(false);
  });

  it('the spec draws the ±minimum-effect band, zero, intervals and points, and compiles and renders', async () => {
    const spec = forestChart(c, 'throughput', 'higher')! as unknown as { layer: { data?: { values: unknown[] }; mark: { type: string } }[]; title: { subtitle: string } };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['rect', 'rule', 'rule', 'point']);
    expect(spec.layer[0]!.data!.values).toEqual([{ from: -0.05, to: 0.05 }]);
    expect(spec.title.subtitle).toMatch(/^right is better; the grey band is ±5\.0%/);
    expect((forestChart(c, 'p99', 'lower') as unknown as { title: { subtitle: string } }).title.subtitle).toMatch(/^left is better/);
    const svg = await renderSvg(spec as never);
    expect(svg).toContain('steady');
    // Too few repeats for any interval: nothing to draw.
    expect(forestChart(compareRuns(repeats({ ops: [1, 2, 3] }), repeats({ ops: [1, 2, 3] })), 'throughput', 'higher')).toBeNull();
  });

  it('a hostile label stays data: in the page it is escaped text and a chart datum, never markup', () => {
    const head = repeats({ ops: around(1e6, 0.02) });
    const page = renderHtmlReport(head, { comparison: c });
    expect(page).toContain('<section id="comparison"><h2>Comparison: base vs head</h2>');
    expect(page).toContain('<a href="#comparison">Comparison</a>');
    expect(page).toContain('evil | &lt;script&gt;alert(1)&lt;/script&gt;');
    const withoutLibraries = page.replace(/<script data-library="[^"]+">[\s\S]*?<\/script>/g, '');
    expect(withoutLibraries.match(/<script/g)).toHaveLength(2);
    const forest = extractCharts(page).find((x) => JSON.stringify(x.spec).includes('change per cell'))!;
    const cells = (forest.spec as unknown as { data: { values: { cell: string }[] } }).data.values.map((v) => v.cell);
    expect(cells).toContain('null · kv · evil | <script>alert(1)</script> **bold** [link](http://x) `code`\nnext line');
  });
});
