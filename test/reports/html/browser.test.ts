/**
 * The report in a real browser: Debian's headless Chromium driven by playwright-core opens the
 * page from a file:// URL, as someone double-clicking a CI artifact would. Every chart must draw
 * (an SVG inside its element, with data marks in it), the console must stay free of errors (CSP
 * violations included), a full-page screenshot is taken,
 * nothing may be fetched from the network, and hostile labels must not run as script.
 * Never downloads a browser: without /usr/bin/chromium the test warns loudly and skips, and fails
 * under CACHEBENCH_REQUIRE_SERVERS=1.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../reports/html/page.js';
import type { ScalingReport } from '../../../reports/data/scaling.js';
import { buildFixtureResult, standardFixtures } from '../../fixtures/build-fixture.js';
import { serversRequired } from '../../support/servers.js';
import { realResults } from '../../fixtures/load-results.js';
import { extractCharts } from '../support.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const available = existsSync(CHROMIUM);
if (!available) {
  const message = `${CHROMIUM} is missing: the report browser test cannot run (apt-get install -y chromium)`;
  if (serversRequired()) throw new Error(`${message}; CACHEBENCH_REQUIRE_SERVERS=1 requires it`);
  console.warn(`\n!!! SKIPPING: ${message}\n`);
}

interface PageVisit {
  readonly consoleErrors: string[];
  readonly requests: string[];
  readonly charts: { id: string; rendered: string | null; svg: boolean; canvas: boolean; marks: number; clippedTitles: string[] }[];
  readonly pwned: unknown;
  /** Text of the tooltip shown when hovering the first bar of the first chart. */
  readonly tooltip: string;
}

describe.skipIf(!available)('report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cachebench-report-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function visit(file: string, pageHtml: string, screenshot?: string): Promise<PageVisit> {
    const target = path.join(dir, file);
    writeFileSync(target, pageHtml);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    try {
      await page.goto(pathToFileURL(target).href, { waitUntil: 'load' });
      await page.waitForSelector('body[data-charts="done"]', { timeout: 30_000 });
      const charts = await page.$$eval('.vega-chart', (elements) =>
        elements.map((e) => ({
          id: e.id,
          rendered: e.getAttribute('data-rendered'),
          svg: e.querySelector('svg') !== null,
          canvas: e.querySelector('canvas') !== null,
          // Drawn data: mark items (bars, line paths, points, rules) inside the chart's SVG.
          marks: e.querySelectorAll('svg g.mark-rect path, svg g.mark-line path, svg g.mark-symbol path, svg g.mark-rule line, svg g.mark-area path').length,
          // Axis and legend titles drawn whole: inside the chart's SVG and not cut short with an ellipsis.
          clippedTitles: (() => {
            const svg = e.querySelector('svg');
            if (svg === null) return [];
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('g.role-axis-title text, g.role-legend-title text')]
              .filter((t) => {
                const r = t.getBoundingClientRect();
                const text = t.textContent ?? '';
                return text.endsWith('…') || r.top < box.top - 0.5 || r.left < box.left - 0.5 || r.bottom > box.bottom + 0.5 || r.right > box.right + 0.5;
              })
              .map((t) => t.textContent ?? '');
          })(),
        })),
      );
      if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
      // Tooltips render user strings as HTML in the page: hover a bar so one is shown.
      await page.hover(`#${charts[0]!.id} .mark-rect path`);
      const tooltipElement = await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 10_000 });
      const tooltip = (await tooltipElement.textContent()) ?? '';
      const pwned = await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);
      return { consoleErrors, requests, charts, pwned, tooltip };
    } finally {
      await page.close();
    }
  }

  it('draws every chart from file:// with no console errors and no network', async () => {
    // The scaling document too: its speed-up axis title is the long one that must not be clipped.
    const scaling = JSON.parse(readFileSync(new URL('../../fixtures/scaling.json', import.meta.url), 'utf8')) as ScalingReport;
    const pageHtml = renderHtmlReport([...realResults(), ...standardFixtures()], { title: 'browser test', scaling });
    const expected = extractCharts(pageHtml).map((c) => c.id);
    const shot = path.join(dir, 'report-full-page.png');
    const result = await visit('report.html', pageHtml, shot);
    expect(result.consoleErrors).toEqual([]);
    expect(result.charts.map((c) => c.id)).toEqual(expected);
    for (const chart of result.charts) {
      expect(chart, chart.id).toMatchObject({ rendered: 'true' });
      expect(chart.svg || chart.canvas, `${chart.id} has an SVG or canvas`).toBe(true);
      expect(chart.marks, `${chart.id} draws data`).toBeGreaterThan(0);
      expect(chart.clippedTitles, `${chart.id} axis titles drawn whole`).toEqual([]);
    }
    // A full-page screenshot of the whole report (docs/report.png is made the same way).
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(result.requests.length).toBeGreaterThan(0); // the page itself
    for (const url of result.requests) expect(url).toMatch(/^(file|data|blob):/);
  });

  it('does not run script smuggled in through labels, op kinds, notes or options', async () => {
    const result = buildFixtureResult({
      seed: 11,
      label: '</script><script>window.__pwned = "label"</script>',
      engine: { name: '<img src=x onerror="window.__pwned=\'engine\'">', family: 'redis' },
      workload: { name: 'kv', params: { prefix: '<svg onload="window.__pwned=\'param\'">' } },
      kinds: [{ name: '<img src=y onerror="window.__pwned=\'kind\'">', count: 2000, medianNs: 1500 }],
      domain: { figures: { x: 1 }, notes: ['<!-- <script>window.__pwned="note"</script>'] },
    });
    const visited = await visit('hostile.html', renderHtmlReport([result], { title: '<script>window.__pwned="title"</script>' }));
    expect(visited.pwned).toBeUndefined();
    expect(visited.tooltip).toContain('</script><script>window.__pwned = "label"</script>');
    expect(visited.consoleErrors).toEqual([]);
    expect(visited.charts.length).toBeGreaterThan(0);
    for (const chart of visited.charts) expect(chart.rendered).toBe('true');
  });
});
