import { describe, expect, it } from 'vitest';
import { ChartSet } from '../../../../reports/html/chart-set.js';
import { groupByWorkload, workloadSection } from '../../../../reports/html/sections/workload.js';
import { standardFixtures } from '../../../fixtures/build-fixture.js';

describe('workload sections', () => {
  const fixtures = standardFixtures();
  const names = fixtures.map((r) => r.label);

  it('groups results by workload in first-seen order', () => {
    const groups = groupByWorkload(fixtures, names);
    expect(groups.map((g) => [g.workload, g.results.length])).toEqual([
      ['kv', 4],
      ['cache-aside', 1],
      ['leaderboard', 1],
    ]);
  });

  it('says how an emulated workload ran and calls out failed checks', () => {
    const leaderboard = groupByWorkload(fixtures, names).find((g) => g.workload === 'leaderboard')!;
    const charts = new ChartSet();
    const html = workloadSection(leaderboard, 2, charts).html;
    expect(html).toContain('<span class="badge emulated">emulated</span> CAS read-modify-write loop over a JSON board');
    expect(html).toContain('<p class="callout failed">1 check failed.</p>');
    // The name carries the leaderboard figure table's doc as its tooltip.
    expect(html).toContain('<td><span title="compare-and-set attempts that lost a race and retried (emulation only; 0 native)">casRetries</span></td><td class="num">1,234</td>');
    expect(charts.charts).toHaveLength(1); // its latency spectrum; no curves or extra latencies
  });

  it('says when a workload ran no checks', () => {
    const kv = groupByWorkload(fixtures, names)[0]!;
    expect(workloadSection(kv, 0, new ChartSet()).html).toContain('This workload ran no correctness checks.');
  });
});
