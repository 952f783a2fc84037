import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../../reports/markdown.js';
import { nsToHuman } from '../../reports/format.js';
import { buildFixtureResult, standardFixtures } from '../fixtures/build-fixture.js';

const fixtures = standardFixtures();

function tableRows(md: string): string[][] {
  return md
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    .map((l) => l.slice(2, -2).split(/(?<!\\) \| /));
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(fixtures);

  it('has one table row per result with the headline figures', () => {
    const rows = tableRows(md);
    expect(rows[0]).toEqual(['result', 'engine', 'workload', 'ops/s', 'p50', 'p99', 'p99.9', 'max', 'errors', 'status']);
    expect(rows).toHaveLength(fixtures.length + 1);
    const first = fixtures[0]!;
    expect(rows[1]).toEqual([
      'redis-style kv 1:10 closed c=1',
      'redis-style',
      'kv',
      '4.4k ops/s',
      nsToHuman(first.summary.latency.percentiles.p50),
      nsToHuman(first.summary.latency.percentiles.p99),
      nsToHuman(first.summary.latency.percentiles.p99_9),
      nsToHuman(first.summary.latency.max),
      '0',
      '✅ ok',
    ]);
    expect(rows[5]![2]).toBe('leaderboard (emulated)');
    expect(rows[5]![9]).toBe('❌ failed');
    expect(rows[6]![8]).toBe('15');
    expect(rows[6]![9]).toBe('⚠️ degraded');
  });

  it('lists failed checks and problems under the table', () => {
    expect(md).toContain('### Failed checks');
    expect(md).toContain('- **memcached-style leaderboard (emulated)**: top 10 equals ground truth — rank 3: expected player-17 (score 88), got player-4 (score 87)');
    expect(md).toContain('### Problems');
    expect(md).toContain('- **redis-server kv (managed)** (degraded): 15 operations timed out');
    expect(md).toMatch(/redis-style kv open 2k\/s poisson\*\*: the load generator could not keep the schedule/);
  });

  it('says so when there are no results, and has no problem sections when all is well', () => {
    expect(renderMarkdown([])).toContain('No results.');
    const clean = renderMarkdown([fixtures[0]!]);
    expect(clean).not.toContain('###');
  });

  it('keeps hostile labels inside their cell and inert as HTML', () => {
    const r = buildFixtureResult({
      seed: 1,
      label: 'a | b\n<script>x</script> *bold* [link](http://x)',
      engine: { name: 'redis-style', family: 'redis' },
      workload: { name: 'kv' },
      kinds: [{ name: 'get', count: 100, medianNs: 1000 }],
    });
    const rows = tableRows(renderMarkdown([r]));
    expect(rows[1]).toHaveLength(10);
    expect(rows[1]![0]).toBe('a \\| b &lt;script&gt;x&lt;/script&gt; \\*bold\\* \\[link\\](http://x)');
    expect(escapeMarkdown('x_y`z')).toBe('x\\_y\\`z');
  });
});
