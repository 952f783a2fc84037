import { describe, expect, it } from 'vitest';
import { comparisonToMarkdown, comparisonToTable } from '../../reports/compare.js';
import { everyVerdict } from '../harness/compare/fixture-repeats.js';

describe('comparison printers', () => {
  const c = everyVerdict();

  it('the Markdown summary has a row per cell and figure with medians, spread, interval, p, verdict and reason', () => {
    const md = comparisonToMarkdown(c, ['skipped 1 cachebench.durability file in out (not run results)']);
    expect(md.split('\n')[0]).toBe('### cachebench compare: regressed');
    expect(md).toContain('1 regressed, 1 improved, 1 no change, 1 inconclusive, 1 missing');
    expect(md).toContain('| cell | figure | base median ± spread | head median ± spread | change [95% interval] | p | verdict | reason |');
    const steady = md.split('\n').find((l) => l.startsWith('| null · kv · steady | throughput'))!;
    expect(steady).toMatch(/^\| null · kv · steady \| throughput \| 1M ops\/s ±1\.3% \(n=7\) \| 1M ops\/s ±1\.3% \(n=7\) \| 0\.0% \\\[−2\.0%, \+2\.0%\\\] \| 1\.000 \| ⚪ no change \| throughput \\\[−2\.0%, \+2\.0%\\\] lies within ±5\.0% \|$/);
    expect(md).toMatch(/\| null · kv · faster \| throughput \| .* \| 🟢 improved \|/);
    expect(md).toMatch(/\| null · kv · gone \| — \| — \| — \| — \| — \| ⚫ missing \| no head results for this cell \|/);
    expect(md).toContain('Note: skipped 1 cachebench.durability file in out (not run results)');
  });

  it('hostile labels are escaped in Markdown: no raw HTML, pipes, emphasis, links or line breaks', () => {
    const md = comparisonToMarkdown(c);
    const evilRows = md.split('\n').filter((l) => l.includes('evil'));
    expect(evilRows).toHaveLength(3); // throughput, p50 and p99; the newline did not split a row
    for (const row of evilRows) {
      expect(row).toContain('evil \\| &lt;script&gt;alert(1)&lt;/script&gt; \\*\\*bold\\*\\* \\[link\\](http://x) \\`code\\` next line');
      expect(row.split(' | ')).toHaveLength(8); // the label's pipe did not add a column
      expect(row).toContain('🔴 regressed');
    }
    expect(md).not.toContain('<script>');
  });

  it('the terminal table says the counts, the minimum effect and the overall verdict', () => {
    const t = comparisonToTable(c);
    expect(t).toContain('cells: 1 regressed, 1 improved, 1 no change, 1 inconclusive, 1 missing (minimum effect 5.0%, 95% intervals)');
    expect(t.trimEnd().split('\n').at(-1)).toBe('verdict: regressed');
  });
});
