/**
 * The report over results the harness really wrote (test/fixtures/results, from runCell): every
 * printer handles them, and every chart the page embeds compiles and renders.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../shared/dist-url.js';
import { standardFixtures } from '../fixtures/build-fixture.js';
import { renderHtmlReport, renderMarkdown, renderTable } from '../../reports/index.js';
import { nsToHuman, opsPerSecToHuman } from '../../reports/format.js';
import { realResults, realScalingDocument } from '../fixtures/load-results.js';
import { parseScalingReport } from '../../reports/index.js';
import { extractCharts, renderSvg } from './support.js';

const results = realResults();

describe('report fixtures', () => {
  it('are RunResults by the project\u2019s JSON Schema, real and synthetic alike', () => {
    const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'shared/run-result.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true } }).compile(schema);
    for (const r of [...results, ...standardFixtures()]) {
      expect(validate(r), `${r.label}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // The schema does reject what a report could not read.
    expect(validate({ ...results[0]!, status: 'fine' })).toBe(false);
  });
});

describe('reports from real runner results', () => {
  it('has real results to work with', () => {
    expect(results.length).toBeGreaterThanOrEqual(4);
    expect(results.some((r) => r.config.loop === 'open')).toBe(true);
    expect(results.some((r) => r.domain?.latencies !== undefined && Object.keys(r.domain.latencies).length > 0)).toBe(true);
  });

  it('renders an HTML page whose every chart compiles and draws', async () => {
    const page = renderHtmlReport(results, { title: 'real results' });
    const charts = extractCharts(page);
    expect(charts.length).toBeGreaterThanOrEqual(6);
    for (const chart of charts) expect(await renderSvg(chart.spec)).toMatch(/^<svg/);
    for (const r of results) expect(page).toContain(opsPerSecToHuman(r.summary.opsPerSec));
  });

  it('states each saturated open-loop run once in the markdown problems', () => {
    const md = renderMarkdown(results);
    const saturated = results.filter((r) => r.openLoop?.saturated === true);
    expect(saturated.length).toBeGreaterThan(0);
    for (const r of saturated) {
      const lines = md.split('\n').filter((l) => l.startsWith(`- **${r.label}**`) && l.includes('could not keep the schedule'));
      expect(lines, r.label).toHaveLength(1);
    }
  });

  it('charts the scaling document bench/scaling wrote', async () => {
    const scaling = parseScalingReport(realScalingDocument());
    const page = renderHtmlReport([], { scaling });
    const charts = extractCharts(page);
    expect(charts).toHaveLength(1);
    const svg = await renderSvg(charts[0]!.spec);
    for (const engine of new Set(scaling.points.map((p) => p.engine))) expect(svg).toContain(`>${engine}<`);
    for (const p of scaling.points) expect(page).toContain(opsPerSecToHuman(p.opsPerSec));
  });

  it('prints a terminal table and a markdown row for each', () => {
    const md = renderMarkdown(results);
    for (const r of results) {
      const table = renderTable(r);
      expect(table).toContain(r.label);
      for (const kind of Object.keys(r.ops)) expect(table).toMatch(new RegExp(`^${kind} `, 'm'));
      expect(md).toContain(`| ${nsToHuman(r.summary.latency.percentiles.p99)} |`);
    }
  });
});
