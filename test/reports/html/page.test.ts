import { describe, expect, it } from 'vitest';
import { OVERVIEW_PER_KIND_MAX_RESULTS, renderHtmlReport } from '../../../reports/html/page.js';
import { nsToHuman } from '../../../reports/format.js';
import { buildFixtureResult, standardFixtures } from '../../fixtures/build-fixture.js';
import { extractCharts, renderSvg } from '../support.js';

const fixtures = standardFixtures();

describe('renderHtmlReport', () => {
  const page = renderHtmlReport(fixtures, { title: 'fixture report' });

  it('embeds vega-lite specs that compile and render to SVG', async () => {
    const charts = extractCharts(page);
    // overview (4) + open loop + one spectrum per workload (3) + hit ratio curve + workload latencies
    // + client and server (the managed redis-server fixture carries a server series)
    expect(charts.length).toBe(11);
    for (const chart of charts) {
      expect(page).toContain(`id="${chart.id}"`);
      const svg = await renderSvg(chart.spec);
      expect(svg).toMatch(/^<svg/);
      expect(svg).toContain('<path');
    }
  });

  it('gives each result one colour in every chart of the page', () => {
    const seen = new Map<string, string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const color = (node as { color?: { scale?: { domain?: unknown; range?: unknown } } }).color;
      const scale = color?.scale;
      if (Array.isArray(scale?.domain) && Array.isArray(scale?.range)) {
        (scale.domain as string[]).forEach((name, i) => {
          const c = (scale.range as string[])[i]!;
          expect(seen.get(name) ?? c, name).toBe(c);
          seen.set(name, c);
        });
      }
      Object.values(node).forEach(walk);
    };
    for (const chart of extractCharts(page)) walk(chart.spec);
    // Every result appears with its colour somewhere, and no two results share one.
    const labels = fixtures.map((r) => r.label);
    for (const l of labels) expect(seen.has(l), l).toBe(true);
    expect(new Set(labels.map((l) => seen.get(l))).size).toBe(labels.length);
  });

  it('inlines vega, vega-lite and vega-embed and loads nothing from the network', () => {
    for (const lib of ['vega', 'vega-lite', 'vega-embed']) expect(page).toContain(`<script data-library="${lib}">`);
    expect(page).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(page).not.toMatch(/<link[^>]*\shref=/i);
    expect(page).not.toMatch(/<img[^>]*\ssrc=["']?https?:/i);
    expect(page).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none';`);
    // Outside the inlined libraries (whose code mentions XML namespaces and doc links), no URL at all.
    const withoutLibraries = page.replace(/<script data-library="[^"]+">[\s\S]*?<\/script>/g, '');
    expect(withoutLibraries).not.toMatch(/https?:\/\//);
  });

  it('shows every result in the summary with its throughput and status', () => {
    for (const r of fixtures) expect(page).toContain(r.label.replace(/&/g, '&amp;'));
    expect(page).toContain('<span class="badge failed">failed</span>');
    expect(page).toContain('<span class="badge degraded">degraded</span>');
    expect(page).toContain('15 operations timed out');
    expect(page).toContain('rank 3: expected player-17 (score 88), got player-4 (score 87)');
  });

  it('has a section per workload with its figures, curves, notes and checks', () => {
    for (const name of ['kv', 'cache-aside', 'leaderboard']) expect(page).toContain(`<h2>Workload: ${name}</h2>`);
    expect(page).toContain('hitRatio');
    expect(page).toContain('84.2%');
    expect(page).toContain('database: PGlite (fixture)');
    expect(page).toContain('<span class="badge fail">fail</span>');
    const specs = JSON.stringify(extractCharts(page).map((c) => c.spec));
    expect(specs).toContain('hit ratio');
    expect(specs).toContain('cache-aside: workload latencies');
    expect(specs).toContain('"dbRead"');
    expect(specs).toContain('"cacheHit"');
  });

  it('details each result per op kind, with uncorrected rows for open loop', () => {
    const open = fixtures[2]!;
    const get = open.ops['get']!;
    const detail = page.slice(page.indexOf('<details id="result-3"'), page.indexOf('</details>', page.indexOf('<details id="result-3"')));
    expect(detail).toContain(`<td>get</td><td class="num">${get.count.toLocaleString('en-US')}</td>`);
    expect(detail).toContain('<td>get (uncorrected)</td>');
    expect(detail).toContain(`<td class="num">${nsToHuman(get.uncorrectedLatency!.percentiles.p99)}</td>`);
    expect(detail).toContain('<td>all (uncorrected)</td>');
  });

  it('tables configuration, environment and calibration', () => {
    expect(page).toContain('0123456789abcdef0123456789abcdef01234567');
    expect(page).toContain('Fixture CPU @ 2.20GHz × 2');
    expect(page).toContain('v20.20.2');
    expect(page).toContain('42 ns'); // harness overhead
    expect(page).toContain('<h2>Calibration</h2>');
  });

  it('merges op kinds in the overview spectrum once there are too many runs for per-kind lines', () => {
    const many = [...fixtures, ...fixtures.slice(0, OVERVIEW_PER_KIND_MAX_RESULTS + 1 - fixtures.length)];
    expect(many).toHaveLength(OVERVIEW_PER_KIND_MAX_RESULTS + 1);
    const titles = extractCharts(renderHtmlReport(many)).map((c) => (c.spec as { title: { text: string } }).title.text);
    expect(titles[1]).toBe('Latency percentile spectrum per run');
    expect(titles).toContain('kv: latency spectrum per operation kind');
    const fewTitles = extractCharts(page).map((c) => (c.spec as { title: { text: string } }).title.text);
    expect(fewTitles[1]).toBe('Latency percentile spectrum per operation kind');
  });

  it('is the same page for the same results', () => {
    expect(renderHtmlReport(fixtures, { title: 'fixture report' })).toBe(page);
  });

  it('escapes user strings in markup and keeps embedded JSON inside its script element', () => {
    const evil = '</script><script>alert("x")</script><!-- <b>';
    const result = buildFixtureResult({
      seed: 9,
      label: evil,
      engine: { name: 'redis-style', family: 'redis' },
      workload: { name: `kv<img src=x onerror=alert(1)>`, params: { prefix: '<script>' } },
      kinds: [{ name: '<script>op', count: 1000, medianNs: 1000 }],
      domain: { figures: { '<i>fig</i>': '<b>bold</b>' }, notes: ['<script>alert(2)</script>'] },
      checks: [{ name: '<script>check', passed: false, detail: '</script>' }],
      statusReasons: ['<script>reason'],
    });
    const evilPage = renderHtmlReport([result], { title: '<script>title</script>' });
    const withoutLibraries = evilPage.replace(/<script data-library="[^"]+">[\s\S]*?<\/script>/g, '');
    // Exactly the page's own script elements: the chart data and the client script.
    expect(withoutLibraries.match(/<script/g)).toHaveLength(2);
    expect(withoutLibraries).not.toContain('<img');
    expect(withoutLibraries).not.toContain('<b>');
    expect(withoutLibraries).not.toContain('<!-- <b>');
    expect(evilPage).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(evilPage).toContain('<title>&lt;script&gt;title&lt;/script&gt;</title>');
    // The label survives as data inside the chart specs.
    const throughput = extractCharts(evilPage)[0]!.spec as { data: { values: { series: string }[] } };
    expect(throughput.data.values[0]!.series).toBe(evil);
  });

  it('makes a valid page from no results, and from a scaling document alone', async () => {
    const empty = renderHtmlReport([]);
    expect(empty).toContain('No run results were given.');
    expect(extractCharts(empty)).toEqual([]);
    const scaling = renderHtmlReport([], {
      scaling: {
        schemaVersion: 1,
        kind: 'cachebench.scaling',
        points: [
          { engine: 'memcached-style', threads: 1, opsPerSec: 1_000_000 },
          { engine: 'memcached-style', threads: 2, opsPerSec: 1_850_000 },
        ],
        env: { node: 'v20.20.2', cpu: { model: 'Fixture CPU', count: 2 } },
        unavailable: ['redis-style'],
        goals: { twoThreadsVsOne: 1.85, singleThreadVsMap: null },
      },
    });
    const charts = extractCharts(scaling);
    expect(charts).toHaveLength(1);
    expect(await renderSvg(charts[0]!.spec)).toMatch(/^<svg/);
    expect(scaling).toContain('1.85×');
    expect(scaling).toContain('<td>cpu.model</td><td>Fixture CPU</td>');
    expect(scaling).toContain('Not measured (engine unavailable): redis-style.');
    expect(scaling).toContain('<td>twoThreadsVsOne</td><td class="num">1.850×</td>');
    expect(scaling).toContain('aria-label="Scaling with threads"');
  });
});

describe('renderHtmlReport with an aborted run', () => {
  it('renders a run that completed no operations, with its failure reason', async () => {
    const aborted = buildFixtureResult({
      seed: 12,
      label: 'aborted run',
      engine: { name: 'redis-server', family: 'redis', location: 'managed' },
      workload: { name: 'kv' },
      kinds: [{ name: 'get', count: 0, medianNs: 1000 }],
      status: 'failed',
      statusReasons: ['server exited during warm-up (signal SIGKILL)'],
      errors: { connection: 1 },
    });
    const page = renderHtmlReport([aborted]);
    expect(page).toContain('server exited during warm-up (signal SIGKILL)');
    expect(page).toContain('<span class="badge failed">failed</span>');
    for (const chart of extractCharts(page)) expect(await renderSvg(chart.spec)).toMatch(/^<svg/);
  });
});
