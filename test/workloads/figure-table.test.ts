import { describe, expect, it } from 'vitest';
import { mergeEncoded } from '../../shared/histogram.js';
import type { DomainFigures } from '../../shared/result-types.js';
import { renderPairings } from '../../harness/cli/list/pairings.js';
import { GATE_FIGURES, gateFiguresFor } from '../../harness/compare/gate-figures.js';
import { defineFigures, figureDoc, gateFiguresOf, mergeFigures, shownFigures, threadFigures } from '../../workloads/figure-table.js';
import { LatencyTracker } from '../../workloads/scenarios/support/latency.js';
import { summarizeDomain } from '../../workloads/summarize-domain.js';
import { WORKLOAD_FACTORIES } from '../../workloads/registry.js';
import { FIGURE_UNITS } from '../../shared/result-types.js';

const TABLE = defineFigures([
  { name: 'hits', unit: 'count', merge: 'sum', doc: 'hits' },
  { name: 'misses', unit: 'count', merge: 'sum', doc: 'misses' },
  { name: 'hitRatio', unit: 'fraction', merge: { ratio: ['hits', ['hits', 'misses']] }, doc: 'hits ÷ reads', better: 'higher' },
  { name: 'peak', unit: 'bytes', merge: 'max', doc: 'largest' },
  { name: 'layout', unit: 'text', merge: 'last', doc: 'layout' },
  { name: 'rawTotal', unit: 'ns', merge: 'sum', doc: 'raw', hidden: true },
  { name: 'meanNs', unit: 'ns', merge: { ratio: ['rawTotal', 'hits'] }, doc: 'mean' },
  { name: 'waitP50Ns', unit: 'ns', merge: { latency: 'wait', stat: 'p50' }, doc: 'median wait' },
  { name: 'verdict', unit: 'count', merge: 'derived', doc: 'from checks', when: (p) => p['judge'] === true },
]);

const part = (hits: number, misses: number, peak: number, layout: string): DomainFigures => ({
  figures: threadFigures(TABLE, { hits, misses, peak, layout, rawTotal: hits * 100 }),
});

describe('figure tables', () => {
  it('a thread reports only its measured figures; an undeclared or computed one throws, naming the table', () => {
    expect(threadFigures(TABLE, { hits: 3, misses: 1 })).toEqual({ hits: 3, misses: 1, hitRatio: 0.75 });
    expect(() => threadFigures(TABLE, { hits: 1, hitz: 2 })).toThrow(/figure hitz is not in the workload's figure table \(declared: hits, misses, hitRatio/);
    expect(() => threadFigures(TABLE, { hitRatio: 0.5 })).toThrow(/hitRatio is computed from other figures/);
  });

  it('merges each row by its rule, in table order, hidden rows dropped', () => {
    const wait = new LatencyTracker();
    for (const ns of [100, 200, 300]) wait.recordNs(ns);
    const latencies = { wait: mergeEncoded([wait.summary().histogram]) };
    const merged = mergeFigures(TABLE, [part(30, 10, 500, 'hash'), part(10, 30, 900, 'record')], latencies, { verdict: 0 });
    expect(Object.keys(merged)).toEqual(['hits', 'misses', 'hitRatio', 'peak', 'layout', 'meanNs', 'waitP50Ns', 'verdict']);
    expect(merged).toMatchObject({ hits: 40, misses: 40, hitRatio: 0.5, peak: 900, layout: 'record', meanNs: 100, verdict: 0 });
    expect(merged['waitP50Ns']).toBe(latencies.wait.percentiles.p50);
  });

  it('a ratio with nothing under it is absent rather than 0, and so is a latency nobody recorded', () => {
    expect(mergeFigures(TABLE, [part(0, 0, 1, 'hash')], {})).toEqual({ hits: 0, misses: 0, peak: 1, layout: 'hash' });
  });

  it('a derived value for a name that is not a derived row throws', () => {
    expect(() => mergeFigures(TABLE, [], {}, { hits: 1 })).toThrow(/hits is not a derived figure .*\(derived: verdict\)/);
  });

  it('refuses a table with a repeated name or a ratio of a figure declared below it', () => {
    expect(() => defineFigures([{ name: 'a', unit: 'count', merge: 'sum', doc: '' }, { name: 'a', unit: 'count', merge: 'max', doc: '' }])).toThrow(/a is declared twice/);
    expect(() => defineFigures([{ name: 'r', unit: 'number', merge: { ratio: ['a', 'b'] }, doc: '' }])).toThrow(/r divides a, which is not declared above it/);
  });

  it('shown figures follow `when`; gate figures are the rows marked better', () => {
    expect(shownFigures(TABLE, {}).map((s) => s.name)).not.toContain('verdict');
    expect(shownFigures(TABLE, { judge: true }).map((s) => s.name)).toContain('verdict');
    expect(shownFigures(TABLE, {}).map((s) => s.name)).not.toContain('rawTotal');
    expect(gateFiguresOf(TABLE)).toEqual([{ name: 'hitRatio', unit: 'fraction', better: 'higher' }]);
  });

  it('every registered workload has a table with documented rows in known units; compare gates on its rows marked better', () => {
    for (const wf of WORKLOAD_FACTORIES.values()) {
      expect(wf.figureTable.length, wf.name).toBeGreaterThan(0);
      for (const spec of wf.figureTable) {
        expect(FIGURE_UNITS, `${wf.name}.${spec.name}`).toContain(spec.unit);
        expect(spec.doc.length, `${wf.name}.${spec.name}`).toBeGreaterThan(0);
      }
      const gated = gateFiguresFor(wf.name).slice(GATE_FIGURES.length);
      expect(gated.map((g) => [g.name, g.unit, g.better]), wf.name).toEqual(gateFiguresOf(wf.figureTable).map((g) => [g.name, g.unit, g.better]));
    }
  });

  it('`cachebench list` shows every shown figure of every workload with its unit and merge rule', () => {
    const list = renderPairings();
    for (const wf of WORKLOAD_FACTORIES.values()) {
      const section = list.slice(list.indexOf(`  ${wf.name} `));
      for (const spec of wf.figureTable) {
        if (spec.hidden) expect(section.split('\n  ')[0], `${wf.name}.${spec.name}`).not.toContain(`      ${spec.name} [`);
        else expect(section, `${wf.name}.${spec.name}`).toContain(`      ${figureDoc(spec)}\n`);
      }
    }
    expect(list).toContain('      hitRatio [fraction, hits ÷ hits + misses, gated: higher is better]: hits ÷ reads\n');
  });

  it('summarizeDomain records the unit of every figure it reports', () => {
    const kv = WORKLOAD_FACTORIES.get('kv')!;
    const { domain } = summarizeDomain(kv, [{ figures: { hits: 1, misses: 3 } }], {});
    expect(domain).toEqual({ figures: { hits: 1, misses: 3, hitRatio: 0.25 }, units: { hits: 'count', misses: 'count', hitRatio: 'fraction' } });
  });
});
