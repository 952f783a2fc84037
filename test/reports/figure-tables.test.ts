/**
 * Every workload's figure table round-trips through a real short run: the run's figures are
 * exactly the table's shown rows for its parameters (an undeclared figure, or a declared one
 * missing, fails here), the result records each figure's declared unit, and the terminal table,
 * the Markdown summary and the HTML report print each figure in that unit (the report with the
 * figure's doc as its tooltip). One short run per workload on the
 * in-process redis-style engine (cache-aside brings up its embedded PGlite).
 */
import { describe, expect, it } from 'vitest';
import { runCell } from '../../harness/cell/run-cell.js';
import { figureInUnit } from '../../reports/format.js';
import { escapeHtml } from '../../reports/html/markup.js';
import { renderHtmlReport } from '../../reports/index.js';
import { escapeMarkdown, renderMarkdown } from '../../reports/markdown.js';
import { renderTable, terminalSafe } from '../../reports/table.js';
import { shownFigures } from '../../workloads/figure-table.js';
import { WORKLOAD_FACTORIES } from '../../workloads/registry.js';

/** Small parameters where a default would make the run slow (sizes of the preloaded data). */
const PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  kv: { keys: 1000 },
  'cache-aside': { rows: 200 },
};

describe('figure tables round-trip through a real run and every printer', () => {
  for (const wf of WORKLOAD_FACTORIES.values()) {
    it(`${wf.name}: every declared figure, and no other, reaches the result, the terminal and Markdown in its unit`, async () => {
      const result = await runCell({
        engine: { name: 'redis-style' },
        workload: { name: wf.name, params: PARAMS[wf.name] ?? {} },
        // An operation budget, not a duration: the same figures however busy the machine is.
        config: { requests: 3000, warmupMs: 0, seed: 11, concurrency: 4 },
      });
      expect(result.status, result.statusReasons.join('; ')).toBe('ok');
      const domain = result.domain!;
      const shown = shownFigures(wf.figureTable, result.workload.params);
      expect(Object.keys(domain.figures)).toEqual(shown.map((s) => s.name));
      expect(domain.units).toEqual(Object.fromEntries(shown.map((s) => [s.name, s.unit])));
      const table = renderTable(result);
      const markdown = renderMarkdown([result]);
      const page = renderHtmlReport([result]);
      for (const spec of shown) {
        const text = figureInUnit(spec.unit, domain.figures[spec.name]!);
        expect(table).toContain(`${terminalSafe(spec.name)} ${terminalSafe(text)}`);
        expect(markdown).toContain(`${escapeMarkdown(spec.name)} ${escapeMarkdown(text)}`);
        // The report's figure table: the name with its doc as the tooltip, the value in its unit.
        expect(page).toContain(`<td><span title="${escapeHtml(spec.doc)}">${escapeHtml(spec.name)}</span></td>`);
        expect(page).toContain(`<td class="num">${escapeHtml(text)}</td>`);
      }
    });
  }
});
